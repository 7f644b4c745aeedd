"""The user's own plan to get help or keep safe: "im going to tell my mum tonight", "I'm going to the
police tomorrow", "we'll block him tonight".

Said with "tonight" or "now", such a sentence has the shape of a plan to hurt oneself ("im going to do
it tonight"), and the learned second opinion reads it so (on 2 December it scored "im going to tell my
mum tonight" 0.98 for danger now, and the conversation answered with the emergency numbers). A sentence
is such a plan when the user ("I", "we") says what they are going to do, the deed is a step people take
to get help or keep safe (tell, report, block, call...; going to the police), and nothing in the
sentence speaks of hurting anyone. The words are data (`patterns/lexicon.yml`, "own plans").
"""

from __future__ import annotations

from bot.triage.lexicon import words
from bot.triage.nlp import lemma_of

SAFE_STEPS = words("own_plan_steps")
HELP_PLACES = words("own_plan_places")
FRAMES = (("going", "to"), ("gon", "na"), ("gonna",), ("will",), ("'ll",), ("ll",), ("wanna",), ("want", "to"))
USER = frozenset({"i", "we", "im"})
BE = frozenset({"m", "'m", "am", "are", "'re", "re"})
HARM = (
    words("danger_harm_lemmas")
    | words("danger_weapons")
    | words("danger_reflexives")
    | words("self_words")
    | words("own_plan_not")
)


def safe_plan(said: list[str]) -> bool:
    """Whether the sentence's lower-cased words tell the user's own plan to get help or keep safe."""
    # (the subject may be left out at the start: "gonna block him tonight", "going to tell my mum")
    if not (_plan_from(said) or any(_plan_from(said[i + 1 :]) for i, word in enumerate(said) if word in USER)):
        return False
    return not (set(said) & HARM or {lemma_of(word) for word in said} & HARM)


def _plan_from(after: list[str]) -> bool:
    """After "I" or "we": a frame ("going to", "will") and a safe step ("tell", "block") or a place to
    get help ("going to the police", "going to go to the police")."""
    while after and after[0] in BE:
        after = after[1:]
    frame = next((f for f in FRAMES if tuple(after[: len(f)]) == f), None)
    if frame is None:
        return False
    deed = after[len(frame) :]
    if deed[:1] and lemma_of(deed[0]) in SAFE_STEPS:
        return True
    if deed[:2] == ["go", "to"]:
        deed = deed[2:]
    elif frame != ("going", "to"):
        return False
    while deed and deed[0] in {"the", "a", "my", "our", "local"}:
        deed = deed[1:]
    return bool(deed) and deed[0] in HELP_PLACES
