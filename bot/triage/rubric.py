"""Decide what a situation is, how dangerous it is, and why, as the rubric defines it.

`assess()` is the one entry point everyone uses (conversation, CLI, console, Telegram).
Structured answers override what the text says; every label carries reasons quoting the
person's own words; when unsure between two risk levels the higher one wins.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, get_args

from bot.places import get_places, normalise_code
from bot.triage.extract import extract_facts
from bot.triage.lexicon import words
from bot.triage.models import Assessment, Evidence, Facts, Reason
from bot.triage.safety_check import needs_safety_check, told_as_ended
from bot.vocabulary import (
    ANSWER_KEYS,
    RISK_LEVELS,
    AnswerKey,
    Classification,
    Duration,
    Flag,
    Frequency,
    Relationship,
    RiskLevel,
)

log = logging.getLogger(__name__)

INTIMATE_RELATIONSHIPS: set[Relationship] = {"ex_partner", "partner"}
DOMESTIC_RELATIONSHIPS: set[Relationship] = {"ex_partner", "partner", "family"}
REPEATED_FREQUENCIES: set[Frequency] = {"few_times", "repeated", "daily"}
# How often, as a reason says it ("happens few times" had been shown).
HOW_OFTEN: dict[Frequency, str] = {
    "once": "it happened once",
    "few_times": "it has happened a few times",
    "repeated": "it keeps happening",
    "daily": "it happens every day",
}
LONG_DURATIONS: set[Duration] = {"weeks", "months", "years"}
PASSIVE_ATTENTION = words("passive_attention")


@dataclass
class Situation:
    """Facts merged with the person's answers: what the decision rules read."""

    facts: Facts
    answers: dict[str, Any] = field(default_factory=dict)

    def answer(self, key: str) -> str | None:
        value = self.answers.get(key)
        return str(value).strip().lower() if value not in (None, "") else None

    def said(self, key: str, signal: str | None = None) -> tuple[bool, str]:
        """Whether a yes/no fact holds: the answer when given, otherwise the text's signal."""
        answer = self.answer(key)
        if answer == "yes":
            return True, "you answered yes"
        if answer == "no":
            return False, ""
        if signal and self.facts.has(signal):
            return True, quoted(self.facts.quote(signal))
        return False, ""

    def has(self, signal: str) -> bool:
        return self.facts.has(signal)

    def quote(self, signal: str) -> str:
        return quoted(shortened(self.facts.quote(signal)))


# The longest quote a reason carries: the learned opinion quotes its whole best sentence, which in a
# post written in one breath is the whole post, on a phone screen, under "Why I think so".
LONGEST_QUOTE = 100


def quoted(words: str) -> str:
    """The person's words in double quotes, theirs made single (he just texted "nice coat today" had been
    shown as ("he just texted "nice coat today"")."""
    return '"' + words.replace('"', "'") + '"'


def shortened(quote: str, longest: int = LONGEST_QUOTE) -> str:
    """The quote, cut at a word before `longest` characters with "..." when it is longer."""
    if len(quote) <= longest:
        return quote
    cut = quote[:longest].rsplit(" ", 1)[0].rstrip(" ,;:")
    return f"{cut}..."


class Reasons:
    """Collects reasons per label, in the order they were found, each once."""

    def __init__(self) -> None:
        self.items: list[Reason] = []

    def add(self, label: str, why: str) -> None:
        reason = Reason(label, why)
        if reason not in self.items:
            self.items.append(reason)

    def drop(self, label: str, why: str | None = None) -> None:
        """Forget a label's reasons (or one of them) when a later step changes the label."""
        self.items = [x for x in self.items if not (x.label == label and (why is None or x.text == why))]

    def texts(self, label: str) -> list[str]:
        return [x.text for x in self.items if x.label == label]

    def relabel(self, old: str, new: str) -> None:
        self.items = [Reason(new, x.text) if x.label == old else x for x in self.items]


def _relationship(s: Situation) -> tuple[str | None, str]:
    answer = s.answer("relationship")
    if answer and answer != "unknown":
        return answer, f"you said the person is your {answer.replace('_', ' ')}"
    if s.facts.relationship:
        return s.facts.relationship, quoted(s.facts.relationship_quote or "")
    return None, ""


# Words that name extortion rather than make a demand ("a blackmail email").
NAMES_OF_EXTORTION = words("names_of_extortion")
ONGOING_ACCESS = words("ongoing_access")
LOCATING_WORDS = words("locating_words")
HIDDEN_CALLER = words("hidden_caller")
EXPOSING = frozenset({"tell", "show", "send", "expose", "out"})  # a threat to expose (threat_nonspecific)

# Harassment's reason when no pursuit is described; dropped if the label is raised to stalking.
NO_PURSUIT_YET = "no pattern of pursuit over time described yet"

# The question whose "no" means a flag must not be added from the learned second opinion.
FLAG_ANSWERS: dict[str, str] = {
    "threats_of_violence": "threats",
    "intimate_images": "intimate_images",
    "minor_involved": "under_18",
    "offline_contact": "showed_up",
    "self_harm_risk": "self_harm",
}


# "see you soon" and the like: a sign someone may come, no threat to hurt by itself (lexicon.yml).
SEEING_YOU = words("seeing_you")


SCAM_BAIT = words("scam_bait")


def _flags(s: Situation, r: Reasons, relationship: str | None, rel_why: str) -> dict[Flag, str]:
    """Harm flags with the evidence for each (the domestic flag is settled after classification)."""
    f: dict[Flag, str] = {}
    facts = s.facts

    scam_script = _threat_in_a_scam(facts)
    threats, why = s.said("threats", "threat_violence")
    if threats and s.answer("threats") != "yes" and scam_script:
        threats, why = False, ""  # (the script of a scam the user names, not a threat to them)
    # (nor a veiled line in the same sentence as a giveaway or a scam's link: "DM'd me 'we know where you
    # live' with a link to a crypto giveaway")
    scam_sentences = {e.sentence for e in facts.signals.get("scam", []) if set(e.quote.lower().split()) & SCAM_BAIT}
    veiled = [
        e
        for e in facts.signals.get("threat_veiled", [])
        if e.quote.lower() not in SEEING_YOU and (e.sentence not in scam_sentences or facts.has("danger_now"))
    ]
    if not threats and s.answer("threats") != "no" and veiled:
        threats, why = True, quoted(shortened(veiled[0].quote))
    if threats:
        f["threats_of_violence"] = f"threat to hurt or kill ({why})"

    images_answer = s.answer("intimate_images")
    intimate_mentioned = facts.has("intimate_images")
    # A demand in the sentence the user calls spam or a scam is a mass e-mail, not sextortion of them.
    scam_sentences = {e.sentence for e in facts.signals.get("scam", [])}
    extortion = any(
        e.sentence not in scam_sentences and not _asked_in_their_name(facts, e)
        for e in facts.signals.get("extortion_demand", [])
    )
    # Sharing or threatening must be said about the pictures: in their sentence or the next.
    shared_or_threatened = _near(
        facts, ("intimate_images", "private_images"), ("images_of_user_shared", "extortion_demand")
    )
    sent_to_user_only = facts.has("images_sent_to_user") and not shared_or_threatened
    if images_answer == "yes":
        f["intimate_images"] = "intimate images shared or threatened (you answered yes)"
    elif (
        images_answer != "no"
        and intimate_mentioned
        and not sent_to_user_only
        and (shared_or_threatened or _deepfake(facts))
    ):
        f["intimate_images"] = f"intimate images shared or threatened ({s.quote('intimate_images')})"
    elif (
        images_answer != "no"
        and facts.has("private_images")
        and _near(facts, ("private_images",), ("images_of_user_shared",))
        and (extortion or "minor_involved" in _minor(s) or relationship in INTIMATE_RELATIONSHIPS)
    ):
        # pictures the user sent a partner, or that someone holds of them, spread or held over them
        f["intimate_images"] = f"private pictures of you shared or threatened ({s.quote('private_images')})"

    # (a demand with a picture or recording in its sentence or the next: "he screen recorded me ... pay
    # him or he posts it" holds material over the user, whatever words name it)
    held = (
        intimate_mentioned
        or facts.has("private_images")
        or images_answer == "yes"
        or (_near(facts, ("media",), ("extortion_demand",)) and _demand_under_threat(facts))
    )
    if extortion and held and images_answer != "no":
        f["sextortion"] = f"demands made under threat of releasing intimate images ({s.quote('extortion_demand')})"
        f.setdefault(
            "intimate_images",
            f"intimate images threatened ({s.quote(_held_signal(facts))})",
        )

    if facts.has("doxxing"):
        f["doxxing"] = f"personal details spread ({s.quote('doxxing')})"
    if facts.has("impersonation"):
        f["impersonation"] = f"posing as you ({s.quote('impersonation')})"

    f.update(_minor(s))

    oversight = _open_oversight(facts, relationship, f)
    consent = facts.has("consent_location") and not facts.has("coerced")
    benign = facts.has("benign")
    if facts.has("tracking") and not consent and not oversight and not benign:
        f["location_tracking"] = f"location tracked without real agreement ({s.quote('tracking')})"
    elif facts.has("tracking"):
        why = (
            s.quote("consent_location")
            if consent
            else s.quote("parental_oversight")
            if oversight
            else s.quote("benign")
        )
        r.add("no location_tracking", f"location sharing sounds agreed, open oversight, or explained ({why})")
    if facts.has("account_compromise") and not oversight:
        f["account_compromise"] = f"accounts or messages accessed without permission ({s.quote('account_compromise')})"

    showed_up, why = _came_in_person(s)
    if showed_up:
        f["offline_contact"] = f"showed up or followed in person ({why})"
    if facts.has("hate"):
        f["hate_based"] = f"targeted for who you are ({s.quote('hate')})"
    elif facts.has("identity") and any(
        facts.has(x) for x in ("insults", "pile_on", "threat_violence", "threat_veiled")
    ):
        f["hate_based"] = f"abuse aimed at who you are ({s.quote('identity')})"
    self_harm, why = s.said("self_harm", "self_harm")
    if self_harm:
        f["self_harm_risk"] = f"you spoke of hurting yourself ({why})"
    # Money asked of the user's people by someone posing as them: fraud in their name, not sextortion.
    demands = facts.signals.get("extortion_demand", [])
    fraud_in_their_name = bool(demands) and all(_asked_in_their_name(facts, e) for e in demands)
    # What the rules read that explains a flag away, which a reading of the words must not undo.
    explained = {
        # intimate pictures spread, with no personal detail read beside them ("someone posted my nudes")
        "doxxing": "intimate_images" in f and not facts.has("published_about_user"),
        "sextortion": fraud_in_their_name,
        # pictures sent to the user, not of them; or their profile photos on a fake account asking for money
        "intimate_images": sent_to_user_only or (fraud_in_their_name and images_answer != "yes"),
        # "my mum'll kill me lol"; "hes going to tell mum what i did": a threat to expose, not to hurt
        "threats_of_violence": facts.has("figure_of_speech") or _threat_only_to_expose(facts) or scam_script,
        # "we share locations, we both wanted to", unless tracking is also read elsewhere
        "location_tracking": facts.has("shared_openly") and not facts.has("tracking"),
    }
    for flag in get_args(Flag) if not facts.has("benign") else ():  # an innocent explanation stands
        answer = FLAG_ANSWERS.get(flag)
        if explained.get(flag) or (answer and s.answer(answer) == "no"):
            continue
        if flag not in f and facts.has(f"learned_flag_{flag}"):
            f[flag] = (
                f"{s.quote(f'learned_flag_{flag}')} reads like {LEARNED_FLAG_WORDS[flag]} to the learned second opinion"
            )
    return f


# What each flag means, for the reason when only the learned second opinion found it: the person reads
# the reasons without the flags' names ("... reads like this" said nothing).
LEARNED_FLAG_WORDS: dict[str, str] = {
    "threats_of_violence": "a threat to hurt someone",
    "intimate_images": "intimate images of you shared or threatened",
    "sextortion": "demands made under threat of sharing intimate images",
    "doxxing": "your personal details spread",
    "impersonation": "someone posing as you",
    "location_tracking": "your location being tracked",
    "account_compromise": "your accounts being got into",
    "offline_contact": "someone coming to you in person",
    "minor_involved": "a young person",
    "hate_based": "being targeted for who you are",
    "self_harm_risk": "thoughts of hurting yourself",
    "domestic_abuse": "a partner, ex or family member",
}


PAYMENT_WAYS = words("payment_ways")


def _threat_in_a_scam(facts: Facts) -> bool:
    """Whether every threat is the price of a demand in a message the user calls a scam ("an email saying
    men are outside his house and will hurt him unless he pays £3000 in gift cards ... a generic email"):
    the scam's script, not a threat from someone who knows them (a weapon or someone there now stays one)."""
    called_a_scam = any(e.quote.lower().split()[0] not in PAYMENT_WAYS for e in facts.signals.get("scam", []))
    threats = facts.signals.get("threat_violence", [])
    demands = {e.sentence for e in facts.signals.get("extortion_demand", [])}
    return (
        called_a_scam
        and bool(threats)
        and all(e.sentence in demands for e in threats)
        and not any(facts.has(name) for name in ("weapon", "danger_now", "threat_veiled"))
    )


def _threat_only_to_expose(facts: Facts) -> bool:
    """Whether every threat the rules read is one to expose the user to the people around them ("hes
    going to tell mum", "she'll show my boss"), with no threat of harm, veiled threat or weapon."""
    if any(facts.has(name) for name in ("threat_violence", "threat_veiled", "weapon")):
        return False
    quotes = [set(e.quote.lower().split()) for e in facts.signals.get("threat_nonspecific", [])]
    return bool(quotes) and all(quote & EXPOSING for quote in quotes)


CONDITIONS = frozenset({"unless", "if", "or", "else"})  # a demand said as a condition ("unless I pay")


def _asked_in_their_name(facts: Facts, demand: Evidence) -> bool:
    """A money ask by someone posing as the user ("a fake account with my name and photos is messaging
    my friends asking for money", "messages from a new number with my photo saying I need 20,000
    rupees"): fraud in their name (impersonation), not a demand of the user under threat, unless
    something is held over the user: a demand said as a condition ("unless I pay he'll message my
    family"), intimate material named, or a threat.
    """
    if not (facts.has("impersonation") or facts.has("learned_flag_impersonation")):
        return False
    if demand.quote.lower().split()[0] in CONDITIONS:
        return False
    return not any(
        facts.has(name) for name in ("intimate_images", "threat_violence", "threat_veiled", "threat_nonspecific")
    )


def _demand_under_threat(facts: Facts) -> bool:
    """A demand said as one ("unless I pay", "or he posts it", "$500"), not a bare "if she sees" nor
    a name for it ("a blackmail email")."""
    return any(
        not e.quote.lower().startswith("if ") and e.quote.lower() not in NAMES_OF_EXTORTION
        for e in facts.signals.get("extortion_demand", [])
    )


def _held_signal(facts: Facts) -> str:
    """The signal that names the material held over the user, for the reason's quote."""
    return next((x for x in ("intimate_images", "private_images", "media") if facts.has(x)), "extortion_demand")


def _ongoing_access(facts: Facts) -> bool:
    """Account access told as going on ("still has my password", "keeps logging in", "forwards everything"),
    not a one-off hack."""
    return any(set(e.quote.lower().split()) & ONGOING_ACCESS for e in facts.signals.get("account_compromise", []))


def _only_looking_on(facts: Facts) -> bool:
    """Whether the repetition read only looks on ("keeps liking my old posts", "watches every story")
    and nothing reaches the user ("and texting me at 3am"): see `passive_attention` in lexicon.yml."""
    quoted = [set(e.quote.lower().split()) for e in facts.signals.get("repeated_contact", [])]
    return any(words & PASSIVE_ATTENTION for words in quoted) and not facts.has("reaches_user")


def _says_no_contact(facts: Facts) -> bool:
    """Whether the account says the person has not reached the user ("he hasn't messaged me", "he
    hasn't contacted me") and tells of nothing that does: "since we split" or "for 8 months" is then how
    long ago, not a partner who keeps pursuing them."""
    return bool(facts.negated.get("reaches_user")) and not facts.has("reaches_user")


def _one_picture_now(s: Situation, relationship: str | None) -> bool:
    """Whether the tracking only the learned opinion read is one message now from someone unknown ("Got a
    text just now: 'here'. With it, a picture of my own car in the driveway"): a picture of where the user
    is, sent once, is no tracking that goes on by its nature, unless it comes from a partner or an ex, or
    from someone who has been harassing them ("the person harassing me online has now sent a photograph of
    my gate")."""
    ongoing = any(s.facts.has(x) for x in ("named_harassment", "named_stalking", "repeated_contact"))
    return s.facts.has("danger_now") and relationship is None and not ongoing


def _a_figure_of_speech(facts: Facts, learned: str) -> bool:
    """Whether the sentence the learned opinion reads as this is one the rules read as a figure of speech."""
    figurative = {e.sentence for e in facts.signals.get("figure_of_speech", [])}
    return bool(figurative) and all(e.sentence in figurative for e in facts.signals.get(learned, []))


def _only_hidden_numbers(evidence: list) -> bool:
    """Whether new-account evidence only says the number was hidden ("a withheld number", "private
    caller"): one hidden caller is not a new account made to get round a block."""
    return all(set(e.quote.lower().split()) & HIDDEN_CALLER for e in evidence)


ORDINALS = frozenset({"third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "nth"})


def _several(evidence: list) -> bool:
    """Whether new-account evidence speaks of more than one ("new accounts", "another number")."""
    for e in evidence:
        words = e.quote.lower().split()
        if words[-1].endswith("s") or ({"another", "different", "multiple", "more", "other"} | ORDINALS) & set(words):
            return True
    return False


def _minor(s: Situation) -> dict[Flag, str]:
    facts = s.facts
    minor_answer = s.answer("under_18")
    if minor_answer == "yes":
        return {"minor_involved": "under 18 (you answered yes)"}
    if minor_answer != "no":
        if facts.age is not None and facts.age < 18:
            return {"minor_involved": f'under 18 ("{facts.age_quote}")'}
        if facts.minor_quote:
            return {"minor_involved": f'under 18 ("{facts.minor_quote}")'}
    return {}


def _near(facts: Facts, subjects: tuple[str, ...], cues: tuple[str, ...], distance: int = 1) -> bool:
    """Whether any `cues` evidence stands in the same sentence as `subjects` evidence, or near it."""
    here = {e.sentence for name in subjects for e in facts.signals.get(name, [])}
    return any(abs(e.sentence - h) <= distance for name in cues for e in facts.signals.get(name, []) for h in here)


def _came_in_person(s: Situation) -> tuple[bool, str]:
    """Whether the rules (or the person's answer) say someone came in person, and the words that say so;
    the learned opinion's reading of it is not this."""
    came, why = s.said("showed_up", "showed_up")
    if not came and s.answer("showed_up") != "no":
        here = _here_now(s.facts)
        if here:
            came, why = True, quoted(here)
    return came, why


def _here_now(facts: Facts) -> str:
    """The words saying someone is here now (not merely on the way), if any."""
    coming = {(e.quote, e.sentence) for e in facts.signals.get("danger_coming", [])}
    for e in facts.signals.get("danger_now", []):
        if (e.quote, e.sentence) not in coming and not e.quote.lower().startswith(
            ("help", "call", "kill", "hurt", "get me")
        ):
            return e.quote
    return ""


def _deepfake(facts: Facts) -> bool:
    quotes = " ".join(e.quote.lower() for e in facts.signals.get("intimate_images", []))
    return any(
        w in quotes
        for w in (
            "deepfake",
            "deep fake",
            "ai ",
            "nudify",
            "undress",
            "fake nude",
            "photoshop",
            "morphed",
            "porn of me",
            "my face",
        )
    )


INSULTS_REASON = "abusive or humiliating messages or posts"


def _repeated_beyond(facts: Facts, signal: str) -> bool:
    """Repeated contact told in other words than the signal's own ("four reviews under different names":
    the names are the repetition, not contact besides them)."""
    own = [e.quote.lower() for e in facts.signals.get(signal, [])]
    return any(not any(e.quote.lower() in quote for quote in own) for e in facts.signals.get("repeated_contact", []))


def _open_oversight(facts: Facts, relationship: str | None, flags: dict[Flag, str]) -> bool:
    """A parent's open oversight of a young person's phone ("my mum checks my phone, im 13"): not abuse."""
    return facts.has("parental_oversight") and relationship == "family" and "minor_involved" in flags


# Two signs of pursuit read from the repetition itself (whose, or about what), not from what was done: each
# written here once, for the reason shown and for `SIGNS_FROM_REPETITION`.
EX_KEEPS_PURSUING = "a former partner who keeps pursuing"
CHILD_KEPT_PURSUED = "keeps pursuing a young person with sexual messages or requests"


def _classify(s: Situation, r: Reasons, flags: dict[Flag, str], relationship: str | None) -> Classification:
    facts = s.facts
    frequency, duration = s.answer("frequency"), s.answer("duration")
    benign = facts.has("benign")
    repetition: list[str] = []
    if facts.has("repeated_contact"):
        repetition.append(f"repeated contact ({s.quote('repeated_contact')})")
    blocked, blocked_why = s.said("blocked", "blocked")
    if facts.has("block_told") and not facts.has("blocked"):
        # the account tells the block with nothing after it ("blocked her. worth reporting?"): an answer that
        # they blocked them (the conversation fills it from those words) says no more than that
        blocked = False
    if facts.has("new_accounts") and (blocked or _several(facts.signals["new_accounts"])):
        repetition.append(f"new accounts or numbers ({s.quote('new_accounts')})")
    if frequency in REPEATED_FREQUENCIES:
        repetition.append(f"{HOW_OFTEN[frequency]} (you answered)")
    if duration in LONG_DURATIONS:
        repetition.append(f"has gone on for {duration}")
    if "location_tracking" in flags:
        # a tracker or stalkerware watches continuously: the conduct is ongoing by its nature
        if s.has("tracking"):
            repetition.append(f"ongoing tracking ({s.quote('tracking')})")
        elif not _one_picture_now(s, relationship):  # only the opinion read it: its own reason says where
            repetition.append(f"ongoing tracking: {flags['location_tracking']}")
    if "account_compromise" in flags and not benign and (facts.has("monitoring") or _ongoing_access(facts)):
        # access kept open ("still has my password", "forwards everything", "keeps logging in") goes on
        repetition.append(f"ongoing access to your accounts or messages ({s.quote('account_compromise')})")
    if blocked and any(facts.has(x) for x in ("cross_platform", "new_accounts", "third_party_contact")):
        repetition.append(f"reached you again after being blocked ({blocked_why})")
    if (
        facts.has("danger_now")
        and not repetition
        and relationship in INTIMATE_RELATIONSHIPS
        and (facts.has("separation") or facts.has("court_order"))
        and not facts.has("one_message_only")  # ("its the first thing hes sent since": one act, not a course)
    ):
        # a former partner there or on the way after the end ("my ex is outside my new flat right now. I moved
        # to get away from him"): the rubric's ex who will not accept the end, pursuing in person
        repetition.append(f"a former partner coming to you after the end ({s.quote('danger_now')})")
    if frequency == "once":
        repetition = []

    asked, asked_why = s.said("asked_to_stop", "asked_to_stop")
    fear, _ = s.said("fears_safety", "fear")
    knows, knows_why = s.said("knows_location", "knows_location")
    sexual = facts.has("sexual_harassment") or "intimate_images" in flags

    pursuit: list[str] = []
    if "location_tracking" in flags:
        pursuit.append(flags["location_tracking"])
    if facts.has("monitoring") and not _open_oversight(facts, relationship, flags):
        # (a parent who checks a young teen's phone openly is the rubric's oversight, not watching them)
        pursuit.append(f"watches what you do ({s.quote('monitoring')})")
    if facts.has("named_stalking"):
        pursuit.append(f"you describe being stalked ({s.quote('named_stalking')})")
    if "account_compromise" in flags and not benign:
        pursuit.append(flags["account_compromise"])
    if facts.has("cross_platform"):
        pursuit.append(f"follows you across platforms ({s.quote('cross_platform')})")
    if (
        facts.has("new_accounts")
        and (
            blocked
            or facts.has("separation")
            or (_repeated_beyond(facts, "new_accounts") and not _only_hidden_numbers(facts.signals["new_accounts"]))
        )
        and not facts.has("scam")
    ):
        # (spam and scam calls come from ever-changing numbers too: that alone is not pursuit)
        pursuit.append(f"makes new accounts to reach you ({s.quote('new_accounts')})")
    if repetition and blocked:
        pursuit.append(f"contact continued after being blocked ({blocked_why})")
    if repetition and asked:
        pursuit.append(f"contact continued after you asked them to stop ({asked_why})")
    if facts.has("third_party_contact"):
        pursuit.append(f"contacts people around you ({s.quote('third_party_contact')})")
    if "offline_contact" in flags:
        pursuit.append(flags["offline_contact"])
    if knows:
        pursuit.append(f"knows or mentions where you are ({knows_why})")
    if facts.has("danger_now"):
        pursuit.append(f"is coming to you or is there now ({s.quote('danger_now')})")
    ex_keeps_reaching = (
        relationship in INTIMATE_RELATIONSHIPS
        and facts.has("repeated_contact")
        and not benign
        and not _only_looking_on(facts)
        and not _says_no_contact(facts)
    )
    if ex_keeps_reaching and (relationship == "ex_partner" or facts.has("separation")):
        # (the rubric's sign is a former partner who will not accept the end; a current partner's many messages
        # are abuse, and stalking with a sign of their own: tracking, reading messages, turning up)
        pursuit.append(
            f"{EX_KEEPS_PURSUING} ({s.quote('separation') if facts.has('separation') else s.quote('repeated_contact')})"
        )
    if repetition and sexual and "minor_involved" in flags:
        pursuit.append(CHILD_KEPT_PURSUED)

    many_people = facts.has("pile_on") and relationship not in DOMESTIC_RELATIONSHIPS
    if repetition and pursuit and not (many_people and len(pursuit) < 2):
        r.add("cyberstalking", repetition[0])
        for why in pursuit[:4]:
            r.add("cyberstalking", why)
        return "cyberstalking"

    abuse: list[str] = []
    for signal, label in (
        ("insults", INSULTS_REASON),
        ("published_about_user", "posts about you or yours where others see them"),
        ("sexual_harassment", "unwanted sexual messages"),
        ("threat_nonspecific", "threatening messages"),
        ("pile_on", "many people joined in"),
        ("told_to_self_harm", "told you to hurt yourself"),
        ("hate", "hateful abuse"),
        ("weapon", "a weapon shown or mentioned"),
        ("named_stalking", "you describe being stalked"),
        ("named_harassment", "you describe being harassed"),
        ("monitoring" if not benign else "", "watches what you do"),
        ("third_party_contact", "contacts people around you"),
        ("cross_platform", "follows you across platforms"),
    ):
        if signal and facts.has(signal):
            abuse.append(f"{label} ({s.quote(signal)})")
    quiet = {"minor_involved", "self_harm_risk", "offline_contact", "domestic_abuse"}
    if benign:  # an account login or a tracker alert that the user explains is not abuse
        quiet |= {"account_compromise", "location_tracking"}
    abuse += [why for flag, why in flags.items() if flag not in quiet]
    if repetition and facts.has("nuisance_calls"):
        # (one call that hangs up may be anything; calls that keep coming and only breathe are abuse)
        abuse.append(f"calls that say nothing or only breathe, again and again ({s.quote('nuisance_calls')})")
    if repetition and (blocked or asked or fear) and not benign:
        abuse.append(repetition[0])
    if ex_keeps_reaching:
        abuse.append(f"unwanted repeated contact from a partner or ex ({s.quote('repeated_contact')})")
    dispute = facts.has("mutual_dispute") and not repetition and not set(flags) - quiet
    if abuse and dispute and all(why.startswith(INSULTS_REASON) for why in abuse):
        # insults traded in an argument the user was part of, with no threat, pursuit or harm flag: the
        # rubric's "ordinary dispute" (a threat, a pile-on or a flag in it is still harassment)
        r.add("unclear", f"an argument you took part in, with insults on both sides ({s.quote('mutual_dispute')})")
        return "unclear"
    if abuse:
        for why in abuse[:4]:
            r.add("cyberharassment", why)
        if not repetition:
            r.add("cyberharassment", NO_PURSUIT_YET)
        return "cyberharassment"

    if benign:
        r.add("unclear", f"nothing abusive described ({s.quote('benign')})")
    elif facts.has("scam"):
        r.add("unclear", f"sounds like spam or a scam rather than abuse aimed at you ({s.quote('scam')})")
    elif facts.has("question_only"):
        r.add("unclear", "a question, with no abusive conduct described yet")
    else:
        r.add("unclear", "no abusive conduct described yet, or too little to tell")
    return "unclear"


# The rubric's high-risk factors as flags and signals: the learned opinion's "high" stands on one of these
# (read by the rules or by the opinion's own flag heads), or on a reading clearly high by itself.
HIGH_FACTOR_FLAGS: tuple[Flag, ...] = (
    "threats_of_violence",
    "location_tracking",
    "sextortion",
    "self_harm_risk",
    "offline_contact",
)
HIGH_FACTOR_SIGNALS = (
    "threat_nonspecific",
    "threat_veiled",
    "knows_location",
    "escalation",
    "weapon",
    "past_violence",
    "separation",
    "fear",
)


def _high_reading_explained(s: Situation, flags: dict[Flag, str]) -> bool:
    """Whether the learned opinion's "high" has something of the rubric's to stand on: a factor the rules
    or the opinion's flag heads read (a threat, tracking, someone who came, a child and sexual images, a
    separation, fear...), or a reading clearly high by itself. Writers a-d's accounts, read out of fold,
    were high 0 times in 11 when it stood on nothing (an address posted about an older person, an ex's
    one-off video): those are medium or standard in the rubric's table. Nor is a pattern of stalking a
    factor by itself ("cyberstalking without a high-risk factor" is medium): a manager's messages at night
    after a block, a lodger reading the user's e-mail."""
    facts = s.facts
    if facts.has("learned_clearly_high"):
        return True
    if any(flag in flags or facts.has(f"learned_flag_{flag}") for flag in HIGH_FACTOR_FLAGS):
        return True
    if "minor_involved" in flags and ("intimate_images" in flags or facts.has("learned_flag_intimate_images")):
        return True
    return any(facts.has(name) for name in HIGH_FACTOR_SIGNALS)


def _risk(
    s: Situation,
    r: Reasons,
    flags: dict[Flag, str],
    classification: Classification,
    relationship: str | None,
    rel_why: str,
) -> RiskLevel:
    facts = s.facts
    danger, danger_why = s.said("danger_now", "danger_now")
    # (Not when the rules found self-harm now: that has its own reason below, and it is not someone else.
    # A means or place word alone, with no self-harm told, is not that: "jogging behind me on the same track".)
    self_harm_now = facts.has("self_harm_now") and "self_harm_risk" in flags
    learned = facts.has("learned_danger_now") and not self_harm_now
    if not danger and learned and s.answer("danger_now") != "no":
        danger, danger_why = (
            True,
            f"{s.quote('learned_danger_now')} reads like danger now to the learned second opinion",
        )
    if danger:
        r.add("emergency", f"danger right now ({danger_why})")
    if "self_harm_risk" in flags and (facts.has("self_harm_now") or s.answer("danger_now") == "yes"):
        r.add(
            "emergency",
            f"may act on thoughts of self-harm now ({s.quote('self_harm_now') if facts.has('self_harm_now') else 'you said now'})",
        )
        danger = True
    if danger:
        return "emergency"

    high: list[str] = []
    if "threats_of_violence" in flags and (facts.has("threat_violence") or s.answer("threats") == "yes"):
        high.append(flags["threats_of_violence"])
    if classification == "cyberstalking" and relationship in INTIMATE_RELATIONSHIPS:
        high.append(f"stalking by a current or former partner ({rel_why})")
    knows, knows_why = s.said("knows_location", "knows_location")
    published = [flags.get("doxxing", "")] + [
        e.quote
        for name in ("doxxing", "published_about_user", "learned_flag_doxxing")
        for e in facts.signals.get(name, [])
    ]
    if not knows and "doxxing" in flags and any(_locates(quote) for quote in published):
        knows, knows_why = True, flags["doxxing"]  # (a full name or a photo spread says not where they live)
    threatened = "threats_of_violence" in flags or facts.has("threat_nonspecific")
    if knows and (threatened or "offline_contact" in flags):
        high.append(f"knows where you live or work and has threatened you or shown up ({knows_why})")
    elif (
        "offline_contact" in flags
        and classification != "unclear"
        and not facts.has("story_ended")
        and _came_in_person(s)[0]
    ):
        # (not when the account says it has ended: "he was prosecuted and it's been quiet since"; nor when
        # only the learned opinion reads someone coming in person: a camera on the door, photos on a train)
        # turning up, following, or leaving things means they know where to find you
        high.append(f"has come where you live, work or are ({flags['offline_contact']})")
    if relationship in INTIMATE_RELATIONSHIPS and facts.has("past_violence"):
        high.append(f"a partner or ex with past violence ({s.quote('past_violence')})")
    for flag in ("location_tracking", "sextortion", "self_harm_risk"):
        if flag in flags:
            high.append(flags[flag])
    if "minor_involved" in flags and ("intimate_images" in flags or facts.has("sexual_harassment")):
        high.append("a young person and sexual images or requests")
    if facts.has("weapon") and classification != "unclear":
        high.append(f"a weapon mentioned ({s.quote('weapon')})")
    if facts.has("escalation") and classification != "unclear":
        high.append(f"getting worse ({s.quote('escalation')})")
    if (
        facts.has("court_order")
        and classification != "unclear"
        and any(
            e.quote.lower().split()[0]
            in {"break", "breach", "violate", "ignore", "breaking", "breached", "violated", "violating", "ignoring"}
            for e in facts.signals.get("court_order", [])
        )
    ):
        high.append(f"a court order is being broken ({s.quote('court_order')})")
    if (
        not high
        and facts.has("learned_high")
        and _high_reading_explained(s, flags)
        and not told_as_ended(facts)
        and not _a_figure_of_speech(facts, "learned_high")
    ):  # (a story that ended: history; "my ex is going to kill me when he sees the dog pics lol": a joke)
        high.append(f"{s.quote('learned_high')} reads like a high-risk account to the learned second opinion")
    if high:
        for why in high[:4]:
            r.add("high", why)
        return "high"

    medium: list[str] = []
    if classification == "cyberstalking":
        medium.append("a pattern of stalking, with no high-risk factor described yet")
    if classification == "cyberharassment":
        for flag in ("doxxing", "intimate_images", "impersonation", "hate_based", "threats_of_violence"):
            if flag in flags:
                medium.append(flags[flag])
        if facts.has("threat_nonspecific"):
            medium.append(f"threats that are not specific ({s.quote('threat_nonspecific')})")
    if (
        not medium and facts.has("learned_medium") and classification != "unclear" and not told_as_ended(facts)
    ):  # (unclear is standard; a story that ended is history, as for the opinion's high)
        medium.append(f"{s.quote('learned_medium')} reads like a medium-risk account to the learned second opinion")
    if medium:
        for why in medium[:3]:
            r.add("medium", why)
        return "medium"
    r.add("standard", "no sign of danger or of the factors that raise risk in what you have told me")
    return "standard"


CLASS_ORDER: tuple[Classification, ...] = ("unclear", "cyberharassment", "cyberstalking")


def _higher(a: Classification, b: Classification) -> Classification:
    return a if CLASS_ORDER.index(a) >= CLASS_ORDER.index(b) else b


# Flags that do not show abusive conduct by themselves (who is involved, how the user is, a visit).
QUIET_FLAGS: frozenset[str] = frozenset({"minor_involved", "self_harm_risk", "offline_contact", "domestic_abuse"})


# Reasons for stalking (repetition, then each sign of pursuit) that no reading of the words overrules:
# repetition with one of the rubric's strong signs, as the rubric says ("every time I post ... they just make
# new ones", "messages us every time ... a camera facing our back door"). The two signs read from the
# repetition itself (an ex's, a child's) are not counted: an ex's "endless" e-mails about the dog may be
# harassment. Three reasons of any kind until 5 December: writers a-d's accounts read out of fold
# 91.85% -> 92.30% classification, dev 92.8% -> 93.9%, calibration (cross-fitted) 95.76% -> 95.76%.
STALKING_BEYOND_DOUBT = 2
SIGNS_FROM_REPETITION = (EX_KEEPS_PURSUING, CHILD_KEPT_PURSUED)


def _locates(why: str) -> bool:
    """Whether a reason's quote says where the user lives, works or studies ("posted our home address")."""
    return bool(set(re.findall(r"[a-z]+", why.lower())) & LOCATING_WORDS)


def _second_opinion_on_classification(
    s: Situation, r: Reasons, classification: Classification, flags: dict[Flag, str]
) -> Classification:
    """Where the learned second opinion reads more than the rules found, move the label up; where
    it reads clearly less, and the rules read the words alone, move it down.

    Up: `unclear` becomes harassment, or stalking; harassment becomes stalking. An account the
    rules read as harmless on purpose (a login the person explains, spam) stays as it is.
    Down (only without answers to the questions, which say more than any reading of the words,
    the place aside; and not below harassment when a harm flag shows abuse, nor stalking with repetition
    and a sign of the rubric's, unless the opinion reads clearly nothing of the kind: on the calibration
    accounts, flagged harassment it scored under 0.1 was unclear 40 times of 40; never for a child
    and sexual images, "sextorted, 16"): abuse the opinion reads as nothing of the kind becomes
    `unclear`, and stalking with no sign of pursuit to it becomes harassment. The risk level is
    decided on the higher of the two labels, so moving a label down never lowers it.
    """
    facts = s.facts
    words_alone = not any(key != "jurisdiction" for key in s.answers)  # (where they live says nothing of what it is)
    abuse_flagged = bool(set(flags) - QUIET_FLAGS)
    # A child and sexual images is high risk in the rubric's table: never read down as nothing ("sextorted, 16").
    child_and_images = "minor_involved" in flags and bool({"intimate_images", "sextortion"} & set(flags))
    moved: Classification = classification
    if (
        classification == "unclear"
        and facts.has("learned_conduct")
        and not (facts.has("benign") or facts.has("scam") or facts.has("mutual_dispute"))
    ):
        moved = "cyberstalking" if facts.has("learned_stalking") else "cyberharassment"
    elif classification == "cyberharassment" and facts.has("learned_stalking"):
        moved = "cyberstalking"
    elif (
        words_alone
        and classification != "unclear"
        and facts.has("learned_not_conduct")
        and not facts.has("learned_stalking")  # (the two readings disagree: "he hacked my email and read everything")
        and (not abuse_flagged or (facts.has("learned_clearly_not_conduct") and not child_and_images))
    ):
        moved = "unclear"
    elif (
        words_alone
        and classification == "cyberstalking"
        # Tracking is pursuit by itself: tracked accounts are stalking in 96-97% of every writer group's.
        and "location_tracking" not in flags
        and facts.has("learned_not_stalking")
        and (
            sum(not why.startswith(SIGNS_FROM_REPETITION) for why in r.texts("cyberstalking")) < STALKING_BEYOND_DOUBT
            or facts.has("learned_clearly_not_stalking")
        )
    ):
        moved = "cyberharassment"
    if moved == classification:
        return classification
    if CLASS_ORDER.index(moved) < CLASS_ORDER.index(classification):
        return _moved_down(s, r, classification, moved)
    signal = "learned_stalking" if moved == "cyberstalking" else "learned_conduct"
    kind = "stalking" if moved == "cyberstalking" else "harassment"
    r.drop("unclear")
    r.relabel("cyberharassment", moved)
    r.drop(moved, NO_PURSUIT_YET)  # no longer true once stalking is read
    r.add(moved, f"{s.quote(signal)} reads like {kind} to the learned second opinion")
    return moved


def _moved_down(s: Situation, r: Reasons, before: Classification, after: Classification) -> Classification:
    """The reasons of a label the second opinion moved down: what the rules found stays on record."""
    if after == "unclear":
        found = [reason.text for reason in r.items if reason.label == before and reason.text != NO_PURSUIT_YET]
        r.drop(before)
        r.add("unclear", "too little to tell yet: the learned second opinion does not read what you describe as abuse")
        for why in found[:2]:
            r.add("unclear", f"found, but not enough on its own: {why}")
        return after
    r.relabel(before, after)
    r.add(after, "the learned second opinion reads no pattern of pursuit in it yet")
    return after


def _kept_as_a_precaution(
    s: Situation,
    r: Reasons,
    flags: dict[Flag, str],
    classification: Classification,
    by_rules: Classification,
    risk: RiskLevel,
    relationship: str | None,
    rel_why: str,
) -> None:
    """When the second opinion moved the label down but the risk rests on the rules' higher label
    ("unclear", yet "high: stalking by a former partner"), say so, so the two read as one answer."""
    lower = _risk(s, Reasons(), dict(flags), classification, relationship, rel_why)
    if RISK_LEVELS.index(lower) < RISK_LEVELS.index(risk):
        r.add(
            risk,
            f"kept {risk} to be safe: what you describe could also be {by_rules}",
        )


def _unknowns(
    s: Situation,
    flags: dict[Flag, str],
    relationship: str | None,
    jurisdiction: str | None,
) -> list[AnswerKey]:
    """What is still unknown and worth asking (don't-know stays visible as unknown)."""
    missing: list[AnswerKey] = []
    if not jurisdiction:
        missing.append("jurisdiction")
    if not relationship:
        missing.append("relationship")
    checks: dict[AnswerKey, bool] = {
        "threats": "threats_of_violence" in flags or s.has("threat_nonspecific"),
        "knows_location": s.has("knows_location") or "offline_contact" in flags,
        "showed_up": "offline_contact" in flags,
        "under_18": "minor_involved" in flags,
        "intimate_images": "intimate_images" in flags,
        "fears_safety": s.has("fear"),
        "blocked": s.has("blocked") or s.has("block_told"),
        "asked_to_stop": s.has("asked_to_stop"),
    }
    for key, known in checks.items():
        if not known and s.answer(key) in (None, "unknown"):
            missing.append(key)
    if s.answer("frequency") is None and not s.has("repeated_contact"):
        missing.append("frequency")
    return missing


def resolve_jurisdiction(
    given: str | None, facts: Facts, answers: dict[str, Any], r: Reasons
) -> tuple[str | None, list[str]]:
    """A given code wins, then an answer, then the text; unknown codes are reported, never guessed."""
    places = get_places()
    notes: list[str] = []
    for code in (given, answers.get("jurisdiction")):
        if code:
            normal = normalise_code(code)
            if places.known(normal):
                return normal, notes
            notes.append(f"The place code {code!r} is not one cyberguide covers yet, so it was not used.")
    if facts.jurisdiction:
        r.add("jurisdiction", f'{places.name(facts.jurisdiction)} (from "{facts.jurisdiction_quote}")')
        return facts.jurisdiction, notes
    return None, notes


def decide(facts: Facts, jurisdiction: str | None = None, answers: dict[str, Any] | None = None) -> Assessment:
    """Apply the rubric to extracted facts and answers (no knowledge-base lookups)."""
    answers = {k: v for k, v in (answers or {}).items() if k in ANSWER_KEYS}
    s = Situation(facts, answers)
    r = Reasons()
    relationship, rel_why = _relationship(s)
    flags = _flags(s, r, relationship, rel_why)
    by_rules = _classify(s, r, flags, relationship)
    classification = _second_opinion_on_classification(s, r, by_rules, flags)
    fear, fear_why = s.said("fears_safety", "fear")
    if fear and classification != "unclear":
        # (the rubric's definitions rest on fear or distress; it is no sign of pursuit by itself)
        r.add(classification, f"it frightens or distresses you ({fear_why})")
    if relationship in DOMESTIC_RELATIONSHIPS:
        flags["domestic_abuse"] = (
            f"the person is a {'family member' if relationship == 'family' else 'current or former partner'} ({rel_why})"
        )
    risk = _risk(s, r, flags, _higher(classification, by_rules), relationship, rel_why)
    if classification != by_rules:
        _kept_as_a_precaution(s, r, flags, classification, by_rules, risk, relationship, rel_why)
    for flag, why in flags.items():
        r.add(flag, why)
    code, notes = resolve_jurisdiction(jurisdiction, facts, answers, r)
    safety_check = None if risk == "emergency" else needs_safety_check(facts, answers)
    if safety_check:
        r.add("needs_safety_check", safety_check)
    if facts.truncated:
        notes.append("Your message was very long, so only the first part was read.")
    assessment = Assessment(
        classification=classification,
        risk=risk,
        flags=sorted(flags),
        reasons=r.items,
        jurisdiction=code,
        unknowns=_unknowns(s, flags, relationship, code),
        notes=notes,
        needs_safety_check=safety_check,
        facts=facts,
    )
    if log.isEnabledFor(logging.DEBUG):  # (the arguments cost time on the per-message path)
        # Labels and counts only: reasons quote the person, so their text never goes to the log.
        log.debug(
            "decided %s/%s; flags=%s; signals=%s; answered=%s; reasons per label=%s; unknowns=%s",
            classification,
            risk,
            ",".join(assessment.flags) or "-",
            ",".join(sorted(facts.signals)) or "-",
            ",".join(sorted(answers)) or "-",
            dict(Counter(reason.label for reason in r.items)),
            ",".join(assessment.unknowns) or "-",
        )
    return assessment


def assess(
    text: str, jurisdiction: str | None = None, answers: dict[str, Any] | None = None, *, with_knowledge: bool = True
) -> Assessment:
    """The one entry point: classify an account, rate its risk, and attach laws, contacts and steps."""
    assessment = decide(extract_facts(text or ""), jurisdiction, answers)
    if with_knowledge:
        from bot.knowledge.service import get_knowledge_base

        assessment = get_knowledge_base().enrich(assessment)
    return assessment
