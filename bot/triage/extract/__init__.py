"""Find the facts in a person's own account: behaviours, who, how old, where, and danger.

Matching is done by the spaCy pipeline in :mod:`bot.triage.nlp`; this module decides which
matches count: it drops negated ones ("no threats so far"), past or habitual "danger"
("he was outside my house last week"), self-harm words that quote the abuser ("told me
to kill myself"), and places where someone else lives ("he moved to Ohio").
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from spacy.tokens import Doc, Span

from bot.triage.models import Evidence, Facts
from bot.triage.nlp import Pipeline, get_pipeline, lemma_of
from bot.places import get_places
from bot.settings import get_settings

PAST_OR_HABITUAL = {
    "was", "were", "had", "did", "used", "yesterday", "last", "ago", "once", "before", "every",
    "always", "sometimes", "often", "usually", "days", "weeks", "months", "years", "earlier",
    "previously", "came", "showed", "turned", "followed", "sat", "waited", "stood", "parked",
    "whenever", "everyday", "daily", "nightly",
    # not yet: a visit planned for later is not danger now
    "tomorrow", "next", "later", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "if", "could", "would", "what",
}
# Past participles that describe a state when "is"/"'s" comes first ("she's parked outside").
STATIVE_AFTER_BE = {"parked", "sat", "stood", "turned", "followed"}
PRESENT_BE = {"is", "'s", "s", "are", "'re", "re", "am", "'m", "m"}
# Where a clause ends, for deciding whether a past or habitual word belongs to a danger match.
CLAUSE_EDGES = {".", "!", "?", ";", ",", "who", "which", "that", "and", "but", "since", "because", "so", "then", "while", ":", "\n"}
CLAUSE_WINDOW = 8
# Time words that only make self-harm "now" when they are said together with it.
TEMPORAL = {"now", "right now", "rn", "today", "tonight"}
ONLINE_WORDS = {"online", "internet", "app", "apps", "instagram", "insta", "facebook", "twitter", "tiktok", "snapchat", "discord", "server", "chat", "dms", "comments", "profile", "stories", "feed"}
# Words that put a danger match in the physical world, whatever app was mentioned nearby.
PHYSICAL_PLACES = {
    "outside", "door", "doorstep", "house", "home", "window", "building", "school", "work", "office", "street",
    "car", "downstairs", "upstairs", "inside", "front", "flat", "apartment", "garden", "yard", "porch", "gate",
    "driveway", "shop", "store", "class", "station", "way",
}
# Unease that ordinary contact can cause; on its own it does not make contact frightening.
WEAK_FEAR = {"anxious", "anxiety", "worried", "worry", "nervous", "uneasy"}
RELEASE_VERBS = {"share", "post", "send", "leak", "release", "tell", "expose", "report", "sue", "publish", "show", "out", "spread", "upload", "sell", "forward"}
# A relationship word right after one of these is someone else the account mentions (the
# person harassed, a witness, a third party contacted), not the person doing it.
NOT_ACTOR_BEFORE = {
    "to", "with", "at", "for", "about", "of", "and", "tell", "message", "text", "email", "call", "contact",
    "follow", "add", "ring", "visit", "show", "ask", "send", "let", "than", "like", "from", "by", "into", "whom",
    "dm", "approach", "phone", "warn", "harass", "stalk", "threaten", "include", "through", "via", "behind", "towards",
}
POSSESSED = {"friend", "friends", "girlfriend", "boyfriend", "new", "mum", "mom", "dad", "brother", "sister", "family",
             "wife", "husband", "cousin", "mate", "mates", "best", "partner", "account", "car", "house", "bar", "phone",
             "birthday", "wedding", "school", "teacher", "class", "sports", "room"}
NOT_PARTNER_AFTER_EX = {"bestie", "bff", "friend", "best", "mate", "colleague", "coworker", "boss", "manager", "flatmate",
                       "roommate", "housemate", "neighbour", "neighbor", "employer", "teacher", "classmate", "friends"}
VICTIM_RELATIVES = {"son", "daughter", "kid", "kids", "child", "children", "nephew", "niece", "grandson", "granddaughter"}
REPORTED_LEMMAS = {"tell", "say", "write", "text", "message", "comment", "post", "dm", "call", "scream", "yell", "shout", "reply"}
REPORTED_SPEECH = {"tell", "told", "telling", "say", "said", "says", "saying", "wrote", "write", "text", "texted", "message", "messaged", "comment", "commented", "post", "posted", "dm", "dmed", "dmd", "called"}
LIVING_CUES = {"live", "living", "lives", "based", "reside", "stay", "staying", "here", "from", "in", "moved"}
OTHER_PERSON = {"he", "she", "they", "him", "her", "his", "their", "ex", "boyfriend", "girlfriend", "husband", "wife", "brother", "sister", "friend", "cousin", "mom", "dad", "family", "parents"}
TRAVEL = {"visit", "visiting", "trip", "holiday", "vacation", "travel", "travelling", "traveling", "went", "flew", "flying", "go", "going", "conference"}
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str, limit: int | None = None) -> tuple[str, bool]:
    """Normalise an account for matching; cut it at `limit` characters to keep work bounded."""
    limit = limit or get_settings().max_account_chars
    text = unicodedata.normalize("NFKC", text or "")
    text = CONTROL_CHARS.sub(" ", text).replace("\u2019", "'").replace("\u2018", "'")
    truncated = len(text) > limit
    return (text[:limit] if truncated else text), truncated


def _sentence_index(doc: Doc) -> list[int]:
    """Sentence number per token: blank pipelines have no parser, so split on end punctuation."""
    index, current = [], 0
    for token in doc:
        index.append(current)
        if token.text in {".", "!", "?", "\n", "\n\n"} or token.text.endswith("\n") or (token.is_space and "\n" in token.text):
            current += 1
    return index


class Extractor:
    """Runs the matchers and keeps what counts, as :class:`Facts`."""

    def __init__(self, pipeline: Pipeline | None = None) -> None:
        self.p = pipeline or get_pipeline()
        neg = self.p.negation
        self.cues = {lemma_of(c) for c in neg["cues"]} | set(neg["cues"])
        self.exceptions = {lemma_of(c) for c in neg["exceptions"]}
        self.breaks = set(neg["clause_breaks"])
        self.window = int(neg["window"])
        self.places = get_places()

    # -- helpers -------------------------------------------------------------------------
    def _negated(self, doc: Doc, start: int) -> bool:
        """A negation cue shortly before `start`, in the same clause, with no exception between."""
        between: list[str] = []
        for i in range(start - 1, max(-1, start - 1 - self.window), -1):
            token = doc[i]
            if token.lower_ in self.breaks or token.text in self.breaks:
                return False
            if token.lower_ in self.cues or token.lemma_ in self.cues:
                if any(word in self.exceptions for word in between):
                    return False
                # "if I don't unblock him he'll send them": the cue negates the condition, and a
                # new subject starts the consequence, which stays asserted.
                before = {t.lower_ for t in doc[max(0, i - 3):i]}
                if before & {"if", "unless", "or"} and set(between) & {"he", "she", "they", "it", "will", "'ll", "ll"}:
                    return False
                return True
            between.append(token.lemma_)
        return False

    @staticmethod
    def _quote(span: Span) -> str:
        return span.text.strip()

    # -- the work ------------------------------------------------------------------------
    def extract(self, text: str) -> Facts:
        cleaned, truncated = clean_text(text)
        doc = self.p.nlp(cleaned)
        sentences = _sentence_index(doc)
        facts = Facts(truncated=truncated)
        found: dict[str, list[Evidence]] = defaultdict(list)
        negated: dict[str, list[Evidence]] = defaultdict(list)
        seen: set[tuple[str, int]] = set()
        strings = self.p.nlp.vocab.strings
        for match_id, start, end in sorted(self.p.signals(doc), key=lambda m: (m[1], -m[2])):
            signal = strings[match_id]
            if (signal, start) in seen:
                continue
            seen.add((signal, start))
            span = doc[start:end]
            if len(doc) and sentences[start] != sentences[end - 1]:
                continue  # a pattern's wildcard ran across a sentence end ("my phone. My aunt")
            if not self._counts(doc, signal, start, end):
                continue
            evidence = Evidence(signal, self._quote(span), sentences[start] if len(doc) else 0)
            if signal in ("danger_now", "danger_coming") and not self._negated(doc, start):
                found["_spans_" + signal].append((start, end))
            if self._negated(doc, start) and signal not in {"present_cue", "hedge", "self_harm_now"}:
                negated[signal].append(evidence)
                continue
            if signal == "self_harm" and self._is_reported(doc, start, sentences):
                found["told_to_self_harm"].append(evidence)
                continue
            if signal == "threat_veiled" and end - start == 1 and self._threat_to_release(doc, end):
                continue  # "threatened to post my pictures" is about images, not violence
            found[signal].append(evidence)
        self._filter_danger(doc, found)
        self._drop_self_directed_threats(doc, found)
        self._self_harm(found)
        self._posted_from_account(doc, sentences, found)
        facts.signals = {k: v for k, v in found.items() if v}
        facts.negated = dict(negated)
        self._relationship(doc, facts)
        self._age(doc, facts)
        self._jurisdiction(doc, facts)
        return facts

    @staticmethod
    def _drop_self_directed_threats(doc: Doc, found: dict[str, list[Evidence]]) -> None:
        """'I want to kill myself' is about self-harm, not a threat from someone else."""
        threats = found.get("threat_violence", [])
        if not threats:
            return
        self_words = {"myself", "meself", "myslef", "mysef", "mself"}
        kept = [e for e in threats if not (self_words & set(e.quote.lower().split()))
                and not any(e.sentence == h.sentence for h in found.get("self_harm", []) if e.quote.lower().startswith("i"))]
        if kept:
            found["threat_violence"] = kept
        else:
            found.pop("threat_violence", None)

    def _is_reported(self, doc: Doc, start: int, sentences: list[int]) -> bool:
        """'He told me to kill myself' is abuse aimed at the user, not the user's own wish."""
        window = [t.lower_ for t in doc[max(0, start - 4):start]]
        if any(w in REPORTED_SPEECH for w in window) and ("me" in window or "to" in window):
            return True
        # "screaming that I'm trash and should kill myself": someone else's words, reported.
        if window and window[-1] in {"should", "go", "to"}:
            earlier = {t.lemma_ for t in doc[max(0, start - 12):start] if sentences[t.i] == sentences[start]}
            return bool(earlier & (REPORTED_LEMMAS | {"scream", "yell", "shout", "reply", "comment", "say", "tell"}))
        return False

    def _counts(self, doc: Doc, signal: str, start: int, end: int) -> bool:
        """Context checks that a pattern alone cannot express."""
        following = [t.lower_ for t in doc[end:end + 2]]
        if signal == "showed_up" and following[:1] == ["online"]:
            return False  # "turns up online wherever I am" is online following, not in person
        before = {t.lower_ for t in doc[max(0, start - 4):start]}
        if signal == "showed_up" and before & {"if", "will", "'ll", "ll", "might", "may", "would", "gonna"}:
            return False  # "what if he comes to my house": feared or planned, not happened
        if signal == "account_compromise" and doc[start].lemma_ == "change" and before & {"i", "we"}:
            return False  # "I changed my number" is what the user did to get away
        if signal in ("danger_now", "danger_coming"):
            clause = {t.lower_ for t in self._clause(doc, start, end)}
            physical = {t.lower_ for t in doc[start:end]} & PHYSICAL_PLACES
            if clause & ONLINE_WORDS and not physical:
                return False  # "someone is watching me online" is not someone at the door
            span_words = [t.lower_ for t in doc[start:end]]
            if "my" in span_words and "way" in span_words and not set(span_words) & {"yours", "your", "you", "u", "ur", "know"}:
                # "I'm on my way to work" is the user moving; "he texted 'on my way'" quotes the abuser.
                before = [t.lower_ for t in doc[max(0, start - 4):start]]
                quoted = any(w in {"'", '"', "“", "‘", ":"} or w in REPORTED_SPEECH for w in before)
                if not quoted:
                    return False
        if signal == "repeated_contact" and doc[start].lower_ in {"for", "since", "over", "in"}:
            # "I've lived in Delhi for six years", "I was with him for six years": the user's life, not contact
            before = {t.lemma_ for t in doc[max(0, start - 5):start]}
            if before & {"live", "work", "marry", "together", "with", "date", "study", "know", "friend", "employ"}:
                return False
        if signal == "named_harassment":
            before = {t.lower_ for t in doc[max(0, start - 5):start]}
            if before & {"if", "whether", "think", "sure", "wonder", "wondering", "friend", "how"}:
                return False  # wondered about, or about someone else
        if signal == "cross_platform" and {t.lower_ for t in doc[max(0, start - 2):start]} & {"my", "our"}:
            return False  # "posted my work email and LinkedIn": details listed, not following
        if signal == "fear" and end - start == 1 and doc[start].lower_ in WEAK_FEAR:
            return False
        return True

    @staticmethod
    def _threat_to_release(doc: Doc, end: int) -> bool:
        following = {t.lemma_ for t in doc[end:end + 4]}
        return bool(following & RELEASE_VERBS)

    @staticmethod
    def _clause(doc: Doc, start: int, end: int) -> list:
        """The tokens of the clause around a match, up to CLAUSE_WINDOW tokens each side."""
        tokens = []
        for i in range(start - 1, max(-1, start - 1 - CLAUSE_WINDOW), -1):
            if doc[i].lower_ in CLAUSE_EDGES or "\n" in doc[i].text:
                break
            tokens.append(doc[i])
        tokens.extend(doc[start:end])
        for i in range(end, min(len(doc), end + CLAUSE_WINDOW)):
            if doc[i].lower_ in CLAUSE_EDGES or "\n" in doc[i].text:
                break
            tokens.append(doc[i])
        return tokens

    def _filter_danger(self, doc: Doc, found: dict[str, list[Evidence]]) -> None:
        """Keep danger-now matches only where their clause speaks of now, not of the past or habit.

        "He's outside my house right now" counts; "he was outside my house last week" and "he
        waits outside my work every day" do not. Only the match's own clause is read, so "there's
        a man outside who's been messaging me for weeks" still counts. Matches of someone on the
        way (danger_coming) count as danger now too, and stay listed apart: they have not arrived.
        """
        present_words = {"now", "rn", "tonight", "currently", "atm"}
        for signal in ("danger_now", "danger_coming"):
            kept = []
            for evidence, (start, end) in zip(found.get(signal, []), found.get("_spans_" + signal, [])):
                clause = self._clause(doc, start, end)
                words = [t.lower_ for t in clause]
                if set(words) & present_words:
                    kept.append(evidence)
                    continue
                past = False
                for j, token in enumerate(clause):
                    word = token.lower_
                    if word in PAST_OR_HABITUAL:
                        if word in STATIVE_AFTER_BE and j and clause[j - 1].lower_ in PRESENT_BE:
                            continue
                        past = True
                        break
                if not past:
                    kept.append(evidence)
            found[signal] = kept
            found.pop("_spans_" + signal, None)
        if found.get("danger_coming"):
            found["danger_now"] = found.get("danger_now", []) + found["danger_coming"]

    @staticmethod
    def _self_harm(found: dict[str, list[Evidence]]) -> None:
        """Decide which self-harm words are the user's own, and which make it 'now'."""
        # Agreeing with people who tell you to kill yourself ("maybe I should") is your own risk.
        agree = found.pop("self_harm_agree", [])
        if found.get("told_to_self_harm") and agree:
            told = {e.sentence for e in found["told_to_self_harm"]}
            own = [e for e in agree if any(abs(e.sentence - t) <= 1 for t in told)]
            if own:
                found["self_harm"] = found.get("self_harm", []) + [Evidence("self_harm", e.quote, e.sentence) for e in own]
        # "now" or "tonight" makes self-harm immediate only when said with it; means and plans
        # ("the pills", "a razor", "I've decided") count wherever they are.
        sentences = {e.sentence for e in found.get("self_harm", [])}
        found["self_harm_now"] = [
            e for e in found.get("self_harm_now", [])
            if e.quote.lower() not in TEMPORAL or e.sentence in sentences
        ]

    @staticmethod
    def _posted_from_account(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
        """Getting into someone's account and posting there is posing as them."""
        if found.get("impersonation") or not found.get("account_compromise"):
            return
        for evidence in found["account_compromise"]:
            tokens = [t for t in doc if sentences[t.i] == evidence.sentence]
            lemmas = [t.lemma_ for t in tokens]
            if any(l in lemmas for l in ("log", "hack", "get", "access", "sign")) and any(
                l in lemmas for l in ("post", "message", "send", "share", "reply", "comment")
            ):
                found["impersonation"].append(Evidence("impersonation", evidence.quote, evidence.sentence))
                return

    def _relationship(self, doc: Doc, facts: Facts) -> None:
        strings = self.p.nlp.vocab.strings
        # Most telling first: a partner or family tie outranks "a friend" mentioned in passing.
        order = ["ex_partner", "partner", "family", "coworker", "classmate", "acquaintance", "stranger"]
        best: tuple[int, int, str, str] | None = None
        for match_id, start, end in self.p.relationships(doc):
            label = strings[match_id]
            if self._negated(doc, start) and label != "stranger":
                continue
            if label != "stranger" and not self._is_actor(doc, start, end, label):
                continue
            rank = order.index(label)
            candidate = (rank, start, label, doc[start:end].text)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
        if best:
            facts.relationship, facts.relationship_quote = best[2], best[3]

    @staticmethod
    def _is_actor(doc: Doc, start: int, end: int, label: str) -> bool:
        """Whether a relationship mention can be the person doing it.

        Not: someone else's relation ("my ex's new girlfriend", "my nephew's bar mitzvah"), the
        person contacted or told ("he messaged my sister", "send them to my dad"), someone with
        the user ("me and my boyfriend posted"), a relative who is away ("my mum isn't home"), or
        the user's child when the account is about what happens to them ("my daughter is 11").
        """
        after = [t.lower_ for t in doc[end:end + 4]]
        if label == "ex_partner" and after[:1] == ["-"]:
            after = after[2:]  # "my ex-husband's new wife": read past the hyphenated word
        if label == "ex_partner" and after[:1] and after[0] in NOT_PARTNER_AFTER_EX:
            return False  # "my ex bestie", "my ex boss" are not former partners
        if after[:1] in (["'s"], ["s"], ["'"]) and after[1:2] and after[1] in POSSESSED:
            # "my ex's friends keep messaging me on his behalf": they act for the ex
            return label == "ex_partner" and any(t.lower_ == "behalf" for t in doc)
        if start and (doc[start - 1].lemma_ in NOT_ACTOR_BEFORE or doc[start - 1].lower_ in NOT_ACTOR_BEFORE):
            # "my ex and I" is still the ex, but "to my ex" / "me and my boyfriend" are not actors
            if label not in ("ex_partner",) or doc[start - 1].lower_ in {"to", "and", "with"}:
                return False
        if after[:2] in (["and", "i"], ["and", "me"]):
            return False
        if label == "family":
            words = [t.lower_ for t in doc[start:end]]
            if words[-1] in VICTIM_RELATIVES and after[:1] and after[0] in {"is", "'s", "s", "was", "has", "got", "gets", "who", "age", "aged", "be"}:
                return False
            if after[:1] and after[0] in {"is", "isnt", "'s", "was", "wasn't"} and any(w in {"n't", "nt", "not", "isnt"} for w in after[:3]):
                return False
        return True

    def _age(self, doc: Doc, facts: Facts) -> None:
        strings = self.p.nlp.vocab.strings
        for match_id, start, end in self.p.ages(doc):
            label = strings[match_id]
            span = doc[start:end]
            if label == "minor_words":
                if not self._negated(doc, start):
                    facts.minor_quote = facts.minor_quote or span.text
                continue
            number = next((t for t in span if t.like_num), None)
            if number is None:
                continue
            age = _as_int(number.text)
            if age is None or not 5 <= age <= 99:
                continue
            # "I'm 15 minutes away" / "3 years" are durations, not ages.
            following = doc[number.i + 1].lower_ if number.i + 1 < len(doc) else ""
            if following in {"minutes", "mins", "min", "hours", "hrs", "days", "weeks", "months", "times", "miles", "km", "%", "percent"}:
                continue
            if following in {"years", "year", "yrs", "yr"} and (number.i + 2 >= len(doc) or doc[number.i + 2].lower_ != "old"):
                if label != "self" or span[0].lower_ not in {"i", "im", "age", "aged"}:
                    continue
            if facts.age is None or age < facts.age:
                facts.age, facts.age_quote = age, span.text

    def _jurisdiction(self, doc: Doc, facts: Facts) -> None:
        """Where the user lives: score each place mention by the words around it."""
        strings = self.p.nlp.vocab.strings
        mentions = [(strings[m], s, e) for m, s, e in self.p.places(doc)]
        mentions += [(strings[m], s + 1, e) for m, s, e in self.p.place_abbreviations(doc)]
        if not mentions:
            return
        text_lower = doc.text.lower()
        moved_on = bool(re.search(r"\b(but|now)\s+(i\s+)?(live|living|based|moved)\b", text_lower))
        scored: dict[str, tuple[float, str]] = {}
        for code, start, end in mentions:
            before = [t.lower_ for t in doc[max(0, start - 5):start]]
            score = 1.0
            first_person = bool({"i", "we", "im", "i'm"} & set(before))
            other_person = any(w in OTHER_PERSON for w in before[-4:])
            if first_person and set(before[-3:]) & {"live", "living", "based", "reside", "here", "stay", "staying", "moved", "in", "from"}:
                score += 3
            elif set(before[-2:]) & {"here"}:
                score += 3
            if before[-1:] == ["from"] and moved_on:
                score -= 3
            if other_person and not first_person:
                score -= 3
            if set(before) & TRAVEL:
                score -= 2
            if before[-1:] == [","]:  # "Dallas, TX" supports the city mention too
                score += 0.5
            span_text = doc[start:end].text
            if code not in scored or score > scored[code][0]:
                scored[code] = (score, span_text)
        # A city and its own state or country support each other ("Toronto, Canada").
        combined: dict[str, tuple[float, str]] = {}
        for code, (score, quote) in scored.items():
            support = sum(s for other, (s, _) in scored.items() if other != code and code.startswith(other + "-") and s > 0)
            combined[code] = (score + support, quote)
        best = max(combined.items(), key=lambda item: (item[1][0], item[0].count("-")))
        if best[1][0] <= 0:
            return
        rivals = [c for c, (s, _) in combined.items() if s == best[1][0] and c != best[0]
                  and not best[0].startswith(c + "-") and not c.startswith(best[0] + "-")]
        if rivals:
            return  # two unrelated places with equal weight: ask rather than guess
        facts.jurisdiction, facts.jurisdiction_quote = best[0], best[1][1]


WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}


def _as_int(text: str) -> int | None:
    text = text.lower().strip()
    if text.isdigit():
        return int(text)
    return WORD_NUMBERS.get(text)


_extractor: Extractor | None = None


def extract_facts(text: str) -> Facts:
    """Extract facts with the process-wide pipeline (built on first use)."""
    global _extractor
    if _extractor is None:
        _extractor = Extractor()
    return _extractor.extract(text)
