"""Whether a message speaks of anyone but the user: "he", "my ex", "someone", "Dave", or the user
as someone's object ("been walking behind me").

Danger right now comes from someone (the rubric: "the person is outside, at the door, on the way"),
or from the user about to hurt themselves. The learned second opinion reads short messages by their
shape: on 2 December it scored "walking the dog rn" 0.64, "staying at my nan's tonight" 0.97 and
"what do i do tonight" 1.00 for danger now, typed halfway through a conversation, and the
conversation answered each with the emergency numbers. In the conversation, a message that speaks of
nobody else is asked "Are you safe right now?" instead (`bot.conversation.questions.safety_check`;
an account's assessment keeps the opinion's reading). The words are data (`patterns/lexicon.yml`,
"someone else").
"""

from __future__ import annotations

from bot.triage.lexicon import words

OTHERS = (
    words("someone_else")
    | words("person_words")
    | words("partner_words")
    | words("anyone")
    | words("company_words")
    | words("victim_relatives")
)
# "at my nan's", "round my dad's": a relative's home is a place, not the relative.
PLACE_BEFORE = words("someone_elses_home_before")
SIGNS = words("signs_of_someone")
USERS_OWN_BEFORE = words("users_own_before")
POSSESSIVE = frozenset({"'s", "s", "’s"})
# A lower-case name as the first word ("dave is outside", "jake just texted"): what follows says
# it is someone doing something.
DOINGS = words("someone_doing_after_name")
NOT_NAMES = words("not_names")


def speaks_of_someone(said: list[str], cased: list[str]) -> bool:
    """Whether the words (lower-cased, and as typed) speak of anyone but the user."""
    for i, word in enumerate(said):
        bare = word.replace("'", "").replace("’", "")
        if bare in OTHERS or word in OTHERS:
            if said[i + 1 : i + 2] and said[i + 1] in POSSESSIVE and set(said[max(0, i - 3) : i]) & PLACE_BEFORE:
                continue
            return True
        if bare in SIGNS and not set(said[max(0, i - 2) : i]) & USERS_OWN_BEFORE:
            return True
        if i and cased[i][:1].isupper() and cased[i][1:].islower() and said[i - 1] not in {".", "!", "?"}:
            return True  # a name within a sentence ("and then Jake said")
    return bool(said[1:2]) and said[1] in DOINGS and said[0].isalpha() and said[0] not in NOT_NAMES


COMPANY = words("company_words") - words("company_never")
RELATIVES = words("company_relatives")
FRIENDS = words("company_friends")
# Anyone else: someone who may be the one doing it ("my mum says hes coming" speaks of him too).
ACTORS = (
    words("someone_else") | words("partner_words") | words("anyone") | words("person_words") | words("company_never")
) - (COMPANY | {"me", "us", "you", "u", "ur", "ya", "your", "you're", "youre", "his", "her", "their", "theirs", "hers"})


def only_trusted_people(said: list[str], relationship: str | None = None) -> bool:
    """Whether everyone the words speak of is someone the user trusts ("my mum is coming to get me", "the
    police are on their way"): relatives not when the person doing it is family (`relationship`),
    friends not when it is someone the user knows."""
    bare = {word.replace("'", "").replace("’", "") for word in said} | set(said)
    trusted = COMPANY - (RELATIVES if relationship == "family" else frozenset())
    trusted -= FRIENDS if relationship == "acquaintance" else frozenset()
    return bool(bare & trusted) and not bare & ACTORS
