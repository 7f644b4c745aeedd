"""Danger now by composition: an actor, plus presence, arrival or following, told as now.

Phrase lists miss the many ways people describe a scene ("he's walking behind me from the
station", "says he'll be here by 9 and it's 8.40", "his family is in front of the house").
Following ../shared/reference/danger-language.md, a sentence is danger now when it has
- an actor (he, she, my ex, some guy, that car...) and presence (outside, at the door, in
  the lobby, knocking...) or following (behind me, following), with nothing past, habitual,
  not-yet or negated in it; or
- an actor on the way (coming, heading over, on his way), told as now; or
- an actor and a planned arrival (will come, will be here, pick her up) with a near time
  (tonight, this afternoon, in ten minutes, by 9).
A hedge ("I'm scared he'll come tonight", "what if he's outside") makes it possible danger,
which the conversation asks about instead. The word lists are data (`patterns/lexicon.yml`).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from bot.triage.lexicon import words
from bot.triage.models import Evidence

ACTORS = words("danger_actors")
QUOTED_PRESENCE = words("danger_quoted_presence")
PRESENCE = words("danger_presence")
INSIDE_BEFORE = words("danger_inside_before")
ARRIVING = words("danger_arriving")
ARRIVAL = words("danger_arrival")
BE_PLACES = words("danger_be_places")
WAY_OWNERS = words("danger_way_owners")
FOLLOWING = words("danger_following")
SEEING = words("danger_seeing")
VIOLENCE_NOW = words("danger_violence_now")
IMMINENT = words("danger_imminent")
ARRIVED = words("danger_arrived")
ARRIVED_UP = words("danger_arrived_up")
HABITUAL = words("danger_habitual")
ONLINE = words("danger_online")
# "I'm being followed / chased / attacked" is a scene now; "I'm being stalked / watched" names the
# whole situation ("I think I'm being stalked"), which the questions and the triage weigh instead.
PASSIVE = frozenset({"followed", "chased", "attacked"})
WEAPONS = words("danger_weapons")
SOON = words("danger_soon")
CLOCK_WORDS = words("danger_clock_words")
HEDGES = words("danger_hedges")
NEGATIONS = words("danger_negations")
PAST = words("danger_past") | words("past_or_habitual")
PICTURE_WORDS = words("danger_picture_words")
PRESENT_CUES = words("danger_present_cues")
ONLINE_WORDS = words("online_words")
PHYSICAL_PLACES = words("physical_places")


def add_composed_danger(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """Add `danger_now` (or `possible_danger_now`) for each sentence whose parts make a scene of danger."""
    for number, tokens in _sentences(doc, sentences).items():
        scene = _scene([token.lower_ for token in tokens])
        if scene is None:
            continue
        text = "".join(token.text_with_ws for token in tokens).strip()
        signal = "possible_danger_now" if scene == "hedged" else "danger_now"
        found.setdefault(signal, []).append(Evidence(signal, text, number))


def _sentences(doc: Doc, sentences: list[int]) -> dict[int, list[Token]]:
    grouped: dict[int, list[Token]] = {}
    for token, number in zip(doc, sentences, strict=True):
        grouped.setdefault(number, []).append(token)
    return grouped


def _scene(said: list[str]) -> str | None:
    """'now', 'hedged' or None for one sentence's lower-cased words."""
    present = set(said)
    quoted = "im" in present or ("i" in present and bool(present & {"m", "'m"}))
    passive = any(w == "being" and i + 1 < len(said) and said[i + 1] in PASSIVE for i, w in enumerate(said))
    actor = bool(present & ACTORS) or (quoted and bool(present & QUOTED_PRESENCE)) or passive
    if not actor or present & NEGATIONS:
        return None
    if present & (ONLINE_WORDS | ONLINE) and not present & PHYSICAL_PLACES:
        return None  # "following me to every sub": online, not at the door
    arrived_up = any(w in ARRIVED_UP and i + 1 < len(said) and said[i + 1] == "up" for i, w in enumerate(said))
    arrived = (bool(present & ARRIVED) or arrived_up) and bool(present & PRESENT_CUES)
    there = _present_at(said) or bool(present & FOLLOWING) or _under_way(said) or _sees_now(said) or passive or arrived
    hurting = (bool(present & VIOLENCE_NOW) and _progressive(said)) or _about_to(said)
    coming = _arriving(said) and _near_time(said)
    armed = bool(present & WEAPONS) and bool(present & {"got", "has", "have", "with", "holding", "carrying"})
    if not (there or hurting or coming or armed):
        return None
    if present & HEDGES:
        return "hedged"
    if present & HABITUAL or _told_in_the_past(said):
        return None
    if armed and (set(said) & PICTURE_WORDS):
        return "hedged"  # a picture of a weapon: a threat to ask about, not someone armed at the door
    if armed and not (there or hurting or coming or _progressive(said)):
        return "hedged"  # a weapon with no sign of now: ask "Are you safe right now?"
    return "now"


def _progressive(said: list[str]) -> bool:
    """An -ing form after is/'s/are/'re/am/'m ("he's strangling me"), or with a present cue."""
    be = {"is", "'s", "s", "are", "'re", "re", "am", "'m", "m", "hes", "shes", "theyre", "im"}
    return bool(set(said) & PRESENT_CUES) or any(
        word.endswith("ing") and i and said[i - 1] in be for i, word in enumerate(said)
    )


def _about_to(said: list[str]) -> bool:
    """Someone else is "about to" act: "he's about to", "they are about to" (not "I'm about to leave")."""
    for i, word in enumerate(said):
        imminent = word in IMMINENT and i + 1 < len(said) and said[i + 1] == "to"
        if imminent and set(said[max(0, i - 2) : i]) & (ACTORS - {"him", "her", "them"}):
            return True
    return False


def _sees_now(said: list[str]) -> bool:
    """Seeing the user now: "he can see me", "she sees me" (not "can see my location": that is tracking)."""
    return any(
        word in SEEING and i + 1 < len(said) and said[i + 1] in {"me", "us"} and i and said[i - 1] == "can"
        for i, word in enumerate(said)
    ) or ("sees" in said and "me" in said)


def _present_at(said: list[str]) -> bool:
    """A presence word that is about someone there, not a picture of the place (unless said as now)."""
    for i, word in enumerate(said):
        after = said[i + 1 : i + 4]
        place = (
            word in PRESENCE
            or (word == "inside" and bool(after) and after[0] in INSIDE_BEFORE)
            or (word == "front" and bool(set(after) & PHYSICAL_PLACES))
        )
        if place and not (set(said[max(0, i - 5) : i]) & PICTURE_WORDS and not set(said) & PRESENT_CUES):
            return True
    return False


def _under_way(said: list[str]) -> bool:
    """Coming now: "he's coming", "on his way"."""
    return bool(set(said) & ARRIVING) or any(
        word == "way" and i and said[i - 1] in WAY_OWNERS for i, word in enumerate(said)
    )


def _arriving(said: list[str]) -> bool:
    """Coming later: "he'll come", "will be here", "pick her up" (a near time makes it now)."""
    for i, word in enumerate(said):
        after = said[i + 1] if i + 1 < len(said) else ""
        if word in ARRIVAL and not (word == "come" and after in {"up", "across", "out"}):
            return True
        if word == "be" and after in BE_PLACES:
            return True
        if word == "pick" and "up" in said[i + 1 : i + 4]:
            return True
    return False


def _near_time(said: list[str]) -> bool:
    """A near time: a word like tonight, or "by 9" / "at 5" / "in 10"."""
    if set(said) & SOON:
        return True
    return any(word in CLOCK_WORDS and i + 1 < len(said) and said[i + 1][:1].isdigit() for i, word in enumerate(said))


def _told_in_the_past(said: list[str]) -> bool:
    """Past words (or a year) with no present cue: a story, not a scene now."""
    if set(said) & PRESENT_CUES:
        return False
    year = any(len(word) == 4 and word.isdigit() and word[:2] in {"19", "20"} for word in said)
    return year or bool(set(said) & PAST)
