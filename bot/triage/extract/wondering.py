"""A question whether danger might be happening: possible danger to ask about, not danger now.

"Is it possible he is following me with this?" (a tracker just found) and "could he be outside
right now?" have the parts of a scene (an actor, following or presence, now), but the person asks
whether it might be so. The rules and the learned second opinion read such a sentence as possible
danger, so the conversation asks "Are you safe right now?" rather than calling it an emergency.
Only a sentence that opens as a yes/no question with a word of possibility in its first words, that
asks nothing of anyone ("could you help me, he's outside", "could someone call the police" are
pleas) and tells no fear. The words are data
(`patterns/lexicon.yml`, section "wondering").
"""

from __future__ import annotations

from bot.triage.lexicon import words

POSSIBILITY = words("possibility_words")
OPENERS = words("question_openers")
PLEAS = words("errand_not")  # fear, a plea, the police: it stays a scene
ASKED_OF = words("asked_of_someone")
OPENING = 4  # words of the sentence read for its possibility word ("is it possible he...")


def asks_if_possible(said: list[str]) -> bool:
    """Whether a sentence (its lower-cased words) asks whether something might be happening."""
    if not said or said[0] not in OPENERS or not set(said[:OPENING]) & POSSIBILITY:
        return False
    return not (set(said) & PLEAS or set(said[1:2]) & ASKED_OF)
