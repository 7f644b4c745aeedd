"""A child asked to meet someone now: danger now, though nobody is at the door yet.

"the account that keeps messaging my 13yo just told her to come meet at the park now and not tell
me. shes got her shoes on." The rubric's emergency is danger right now; an online contact getting a
child to come and meet them at once is that, before anyone is outside. A sentence is such a request
when it reports a message (told, asked, texted...) from someone met online or unknown ("the
account", "a guy from discord") that asks to meet and says now ("now", "tonight", "in an hour"),
not in the past, in an account about the user's own child or told by a child ("im 14"). The words are data (`patterns/lexicon.yml`, section "a child
asked to meet").
"""

from __future__ import annotations

from spacy.tokens import Doc

from bot.triage.extract.composition import CHILDREN
from bot.triage.extract.tense import dated_in_the_past, recent, remembered
from bot.triage.extract.text import by_sentence, token_words
from bot.triage.lexicon import words
from bot.triage.models import Evidence
from bot.triage.nlp import lemma_of

MEETING_WORDS = words("lured_meeting_words")
NOW_WORDS = words("lured_now_words")
REPORTS = words("danger_reports")
# Someone met online or unknown asks ("the account", "a guy from discord"), not a friend or relative.
ASKERS = words("lured_askers") | words("online_words")


def add_child_lured_now(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]], minor: bool) -> None:
    """Add `danger_now` for a message asking the user's child (or the child writing) to meet now; `minor`:
    the age reader found someone under 18 in the account ("my 13yo", "im 14")."""
    if found.get("danger_now"):
        return
    read = token_words(doc)
    if not set(read.lowers) & MEETING_WORDS or not (minor or _own_child(read.lowers)):
        return
    for number, positions in by_sentence(sentences).items():
        said = [read.lowers[i] for i in positions]
        if _asked_to_meet_now(said):
            text = read.joined(positions).strip()
            for signal in ("danger_now", "danger_coming"):
                found.setdefault(signal, []).append(Evidence(signal, text, number))
            return


def _own_child(lowers: list[str]) -> bool:
    """The user's own child named with no age ("my daughter", "our son")."""
    return any(word in CHILDREN and set(lowers[max(0, i - 3) : i]) & {"my", "our"} for i, word in enumerate(lowers))


def _asked_to_meet_now(said: list[str]) -> bool:
    """A reported message asking to meet, said as now, not in the past, as a habit or a question."""
    reported = any(word in REPORTS or lemma_of(word) in REPORTS for word in said)
    meeting = bool(set(said) & MEETING_WORDS)  # (as written: "a boy she met online" is how they met)
    now = bool(set(said) & NOW_WORDS) or recent(said)
    if not (reported and meeting and now and set(said) & ASKERS):
        return False
    return not (dated_in_the_past(said) or remembered(said))
