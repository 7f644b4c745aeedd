"""Who is doing it: the most telling relationship mention that can be the actor.

A relationship word is often someone else: the person contacted ("he messaged my sister"),
someone's relation ("my ex's new girlfriend"), someone with the user ("me and my boyfriend"),
or the user's child the account is about ("my daughter is 11"). These rules keep only mentions
that can be the person doing it, and pick the most telling (a partner outranks "a friend").
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from bot.triage.extract.negation import Negation
from bot.triage.extract.text import token_words
from bot.triage.lexicon import words

# Most telling first: a partner or family tie outranks "a friend" mentioned in passing.
RANK: tuple[str, ...] = ("ex_partner", "partner", "family", "coworker", "classmate", "acquaintance", "stranger")

NOT_ACTOR_BEFORE = words("not_actor_before")
NOT_EX_BEFORE = words("not_ex_before")
POSSESSIVE_ENDINGS = words("possessive_endings")
POSSESSED = words("possessed")
NOT_PARTNER_AFTER_EX = words("not_partner_after_ex")
WITH_USER = words("with_user")
SOMEONE_ELSES = words("someone_elses")
VICTIM_RELATIVES = words("victim_relatives")
ABOUT_VICTIM = words("about_victim")
AWAY_VERBS = words("away_verbs")
AWAY_NEGATIONS = words("away_negations")
UNAWARE_VERBS = words("unaware_verbs")
UNAWARE_OBJECTS = words("unaware_objects")
BYSTANDER_WORDS = words("bystander_words")
POSSESSIVE_VERBISH = words("possessive_verbish")
ADVISING = words("advising")
ADVICE = words("advice")
ON_GOOD_TERMS = words("on_good_terms")
ADVICE_MODALS = words("advice_modals")
WANTING = words("wanting")
SUPPORTING_ACTS = words("supporting_acts")
NOT_A_NAME = words("not_a_name")
# Someone the user dates or dated, whose relatives are not the user's family ("my bfs mum").
DATING = frozenset({"ex", "bf", "gf", "boyfriend", "girlfriend"})

Mention = tuple[str, int, int]  # label, start token, end token


def best_relationship(
    doc: Doc,
    mentions: Sequence[Mention],
    negation: Negation,
    sentences: Sequence[int],
    conduct_sentences: frozenset[int],
) -> tuple[str, str] | None:
    """The relationship label and its words, for the best-ranked, earliest mention that is the actor.

    A partner or relative outranks the others only when named where something is done to the user
    (`conduct_sentences`, by sentence number), or when no one else is named: a long post names the
    people standing by ("My wife Jess has been answering the business line") besides the one doing
    it ("a random guy posted my mobile")."""
    actors = [
        (label, start, end)
        for label, start, end in mentions
        if label == "stranger" or (not negation.negates(doc, start) and is_actor(doc, start, end, label))
    ]  # "not my ex" rules the ex out; "someone I don't know" is itself the stranger
    near = [m for m in actors if m[0] not in CLOSE_TIES or _near_conduct(sentences, m[1], conduct_sentences)]
    if near or any(label not in CLOSE_TIES for label, _, _ in actors):
        # (and among close ties alone, one named where something is done outranks one named elsewhere:
        # "My husband's brother is sending me messages ... My husband is not believing me")
        actors = near
    best: tuple[int, int, str] | None = None  # rank, start token, the mention's words
    for label, start, end in actors:
        candidate = (RANK.index(label), start, doc[start:end].text)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    return (RANK[best[0]], best[2]) if best else None


# The ties that raise the risk by themselves (a partner, an ex, a relative): named in passing, they
# must not outrank the person the account shows doing it.
CLOSE_TIES = frozenset({"ex_partner", "partner", "family"})


def _near_conduct(sentences: Sequence[int], start: int, conduct_sentences: frozenset[int]) -> bool:
    """The mention's sentence, or the one after it ("It's my ex. He keeps texting."), tells conduct."""
    number = sentences[start]
    return number in conduct_sentences or number + 1 in conduct_sentences


# Right after "my husband" (no "'s"): his relative is meant ("my husband elder brother", "my husband family").
PARTNERS_RELATIVES = frozenset(
    {"elder", "older", "younger", "eldest", "youngest", "family", "mother", "father", "mom", "mum", "dad"}
    | {"brother", "sister", "brothers", "sisters", "uncle", "aunt", "cousin", "parents", "relatives"}
)


def is_actor(doc: Doc, start: int, end: int, label: str) -> bool:
    """Whether a relationship mention can be the person doing it.

    Not: someone else's relation ("my ex's new girlfriend", "my nephew's bar mitzvah"), the
    person contacted or told ("he messaged my sister", "send them to my dad"), someone with
    the user ("me and my boyfriend posted"), a relative who is away ("my mum isn't home"), or
    the user's child when the account is about what happens to them ("my daughter is 11").
    """
    read = token_words(doc)
    lowers = read.lowers
    after = lowers[end : end + 4]
    if label == "ex_partner" and bare_ex_mid_sentence(doc, start, end):
        return False  # someone's ex ("my wife's ex", "my friend's ex"): read with the word before it
    if (
        label == "ex_partner"
        and doc[start].lower_ == "ex"
        and start > 1
        and lowers[start - 1] in POSSESSIVE_ENDINGS
        and lowers[start - 2] not in VICTIM_RELATIVES
    ):
        # "my partner's ex keeps sending me...", "my husband's ex wife": someone else's former partner (not
        # "my daughter's ex": the account is about her)
        return False
    if label == "ex_partner" and not {"ex", "former"} & set(lowers[start:end]) and _never_together(lowers):
        return False  # "a man I chatted with on a dating app (never met, never dated) ... since I ended it"
    if label == "ex_partner" and after[:1] == ["-"]:
        if after[1:2] and after[1] in NOT_PARTNER_AFTER_EX:
            return False  # "an ex-mate", "my ex-boss"
        after = after[2:]  # "my ex-husband's new wife": read past the hyphenated word
    if label == "ex_partner" and after[:1] and after[0] in NOT_PARTNER_AFTER_EX:
        return False  # "my ex bestie", "my ex boss" are not former partners
    if after[:1] and after[0] in POSSESSIVE_ENDINGS and after[1:2] and after[1] in POSSESSED:
        # "my ex's friends keep messaging me on his behalf": they act for the ex
        return label == "ex_partner" and "behalf" in lowers
    if _texted_possessive(lowers[end - 1]) and after[:1] and after[0] in POSSESSED:
        return label == "ex_partner" and "behalf" in lowers  # "my exs new gf", "my bfs mum": as above
    if label == "partner" and after[:1] and after[0] in PARTNERS_RELATIVES:
        return False  # "my husband elder brother is sending me vulgar msgs": his relative, not him
    if label in ("partner", "family") and _stands_by(doc, end, after):
        return False
    previous = lowers[start - 1] if start else None  # the word before, lower-cased
    if (
        previous is not None
        and (read.lemmas[start - 1] in NOT_ACTOR_BEFORE or previous in NOT_ACTOR_BEFORE)
        and (label != "ex_partner" or (previous in NOT_EX_BEFORE and not _me_and(lowers, start)))
    ):
        return False  # "to my ex", "me and my boyfriend" are not actors; "my ex and I" is still the ex
    ends_an_item = not after or after[0] in {",", ".", "!", "?", "and", "or", "etc"}  # (not "my boyfriend keeps...")
    if previous in {",", "and", "or"} and ends_an_item and _in_a_list_after_about(lowers, start):
        return False  # "messages ... about my clothes, my weekend, my boyfriend": a topic, not the actor
    if len(after) >= 2 and after[0] == "and" and after[1] in WITH_USER and label != "ex_partner":
        return False  # "my boyfriend and I": with the user ("my ex and I split" is still the ex)
    if after[:2] == ["and", "i"] and set(lowers[end + 2 : end + 5]) & ON_GOOD_TERMS:
        return False  # "my ex and I are fine", "my ex and I are on good terms": no one doing anything
    if label == "family" and previous is not None and previous in SOMEONE_ELSES:
        return False  # "his dad's car", "her mum said": someone else's parent
    if label == "family" and previous is not None and _texted_possessive(previous) and previous[:-1] in DATING:
        return False  # "my bfs mum keeps texting me": the boyfriend's family, not the user's
    if label == "family":
        relative = lowers[end - 1]
        if relative in VICTIM_RELATIVES and after[:1] and after[0] in ABOUT_VICTIM and not _acts_on_user(lowers, end):
            return False  # "my daughter is 11": the account is about the child
        if relative in VICTIM_RELATIVES and after[:1] in (["("], [","]) and any(w[:1].isdigit() for w in after[1:3]):
            return False  # "my son (16)", "my daughter (both 13)", "My daughter, 11,": the child the account is about
        if relative in VICTIM_RELATIVES and after[:1] and after[0][:1].isdigit():
            return False  # "my daughter 13 has been getting msgs"
        # A parent named without "my" ("mum is ...") ends its mention on the verb: read from the verb.
        last = lowers[end - 1]
        verb_on = [last, *after] if last in AWAY_VERBS or last in UNAWARE_VERBS else after
        if verb_on[:1] and verb_on[0] in AWAY_VERBS and any(w in AWAY_NEGATIONS for w in verb_on[:3]):
            return False  # "my mum isn't home": away, not the actor
        if verb_on[:1] and verb_on[0] in UNAWARE_VERBS and set(verb_on[1:3]) & UNAWARE_OBJECTS:
            return False  # "my dad doesn't know": not the one doing it
    return True


def _in_a_list_after_about(lowers: list[str], start: int) -> bool:
    """Whether the mention ends a list of topics opened by "about" ("about my clothes, my weekend, my
    boyfriend"): only possessives, commas and a word each between them, no one doing anything."""
    before = lowers[max(0, start - 8) : start]
    if "about" not in before:
        return False
    between = before[len(before) - before[::-1].index("about") :]
    return not set(between) & LIST_BREAKERS


LIST_BREAKERS = frozenset({"he", "she", "they", "i", "hes", "shes", "then", "but", ".", "!", "?", "is", "was", "keeps"})


def _never_together(lowers: list[str]) -> bool:
    """The account says the two were never a couple ("never met, never dated", "we never went out")."""
    return any(
        word == "never" and lowers[i + 1 : i + 2] in (["dated"], ["met"], ["went"], ["together"])
        for i, word in enumerate(lowers)
    )


def _me_and(lowers: list[str], start: int) -> bool:
    """ "me and my ex broke up", "Me (24F) and my ex-girlfriend (26F)": the user and their former partner,
    who is the one the account is about (not "he messaged my sister and my ex")."""
    before = lowers[max(0, start - 6) : start - 1]
    if before[-1:] == [")"] and "(" in before:  # past an age in brackets
        before = before[: len(before) - 1 - before[::-1].index("(")]
    together = lowers[start - 1] == "and" and before[-1:] in (["me"], ["i"])
    return together and not set(lowers[start : start + 8]) & ON_GOOD_TERMS  # ("me and my ex are fine")


def bare_ex_mid_sentence(doc: Doc, start: int, end: int) -> bool:
    """A bare "ex" that does not open a sentence, a line or a title: someone's ex ("mi ex", "my wife's
    ex"), not the user's ("Ex from years ago...", "Title: Ex uses ..."). Read by the triage and by the
    conversation's entities alike."""
    if end - start != 1 or doc[start].lower_ != "ex" or start == 0 or doc[start].is_sent_start:
        return False
    before = doc[start - 1].text
    return before not in {":", "-", "—", ".", "!", "?"} and "\n" not in before and not doc[start - 1].is_space


def _texted_possessive(word: str) -> bool:
    """A possessive typed without its apostrophe ("exs", "bfs", "husbands"), not a word that ends in s
    ("boss", "class")."""
    return len(word) > 2 and word.endswith("s") and not word.endswith("ss")


def _acts_on_user(lowers: list[str], end: int) -> bool:
    """ "my son has been getting into my email", "my daughter is reading my messages": the child does it to
    the user (a verb in -ing with "my" or "me" right after it), not the account being about the child
    ("my son is being bullied", "my son has been getting messages from a man")."""
    after = lowers[end : end + 6]
    return any(
        word.endswith("ing") and word != "being" and bool(set(after[i + 1 : i + 3]) & {"my", "me"})
        for i, word in enumerate(after[1:4], start=1)
    )


def _stands_by(doc: Doc, end: int, after: list[str]) -> bool:
    """A partner or relative who is not the one doing it: their things ("my husband's tablets", "my dads
    name"), or in the next words standing by the user or gone ("my wife is crying", "my husband died",
    "my mum is going to kill me if she finds out")."""
    read = token_words(doc)
    if after[:1] and after[0] in POSSESSIVE_ENDINGS and after[1:2] and after[1] not in POSSESSIVE_VERBISH:
        return not after[1].endswith("ing")
    if read.lowers[end - 1].endswith("s") and after[:1] and after[0] in POSSESSED:
        return True  # "my dads name" written without the apostrophe ("my dads" is read as the dad)
    if after[:1] and end < len(read.texts) and read.texts[end][:1].isupper() and after[0] not in NOT_A_NAME:
        after = read.lowers[end + 1 : end + 5]  # "My partner Jamie says ...": read past the name
    last = read.lowers[end - 1]
    if last in ADVISING or last in WANTING:
        after = [last, *after]  # a parent named without "my" ends its mention on the verb ("mum says")
    if after[:1] and after[0] in ADVISING and after[1:2] and after[1] in ADVICE:
        return True  # "my husband says it's just a scam", "my boyfriend says block": advice, not abuse
    if after[:1] and after[0] in ADVISING and after[1:3] and after[1] == "i" and after[2] in ADVICE_MODALS:
        return True  # "my mum says I should set it to private"
    if after[:1] and after[0] in WANTING and _wants_to_act(after[1:]):
        return True  # "my husband wants to report it", "my mom wants me to come home"
    if after[:3] in (["is", "at", "work"], ["'s", "at", "work"], ["s", "at", "work"]):
        return True  # "my husband is at work. should i call 911": away at their own work, not the actor
    return bool(set(after[:4]) & BYSTANDER_WORDS)


def _wants_to_act(after: list[str]) -> bool:
    """ "to report it", "me to come home": what a partner or relative standing by wants done."""
    if after[:1] == ["me"]:
        after = after[1:]
    return after[:1] == ["to"] and after[1:2] != [] and after[1] in SUPPORTING_ACTS
