"""The learned second opinion's findings, as signals the rules can read and explain.

Runs after the rules: it adds `learned_danger_now`, `learned_possible_danger`,
`learned_high`, `learned_medium`, `learned_conduct`, `learned_stalking` or `learned_flag_<flag>` when the classifier
(`bot.triage.second_opinion`) is confident enough, each quoting the sentence that reads most
like it, so a helpline worker sees which words raised the label. When the sentence that reads
most like danger is told in the past, danger now becomes possible danger (the person is
asked), as the rules do. It never removes a signal. Where it reads little sign of abuse or of
stalking at all, it adds `learned_not_conduct` or `learned_not_stalking`: the rubric may then
move the label down, but only when the rules read the text alone, and never the risk.

Reading an account (`LearnedReading`) and turning the reading into signals under given
thresholds (`LearnedReading.signals`) are separate steps, so the thresholds can be chosen by
reading each account once (`bot.devtools.calibrate`).
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
from spacy.tokens import Doc, Token

from bot.triage.extract.composition import LONG_DURATIONS, anchored_in_the_past, helper_sends
from bot.triage.extract.danger import a_new_habit, tells_of_now
from bot.triage.extract.errand import NOT_ERRAND, chore, known_caller
from bot.triage.extract.own_plans import safe_plan
from bot.triage.extract.text import by_first_word, by_sentence, token_words
from bot.triage.extract.wondering import asks_if_possible
from bot.triage.lexicon import words
from bot.triage.models import Evidence
from bot.triage.second_opinion import (
    HEADS,
    Opinion,
    SecondOpinion,
    Thresholds,
    get_second_opinion,
    switched_off,
    thresholds,
)

# The user says they are safe where they are (`LearnedReading._safe_where_they_are`).
SAFE_WHERE_THEY_ARE = words("safe_where_they_are")
SAFE_BY_FIRST_WORD = by_first_word(SAFE_WHERE_THEY_ARE)
# A habit begun lately told by its verb ("now he parks outside"): the opinion's danger now is asked about.
NEW_HABIT_VERBS = words("new_habit_verbs")
# Before "i'm safe": doubt, not safety ("i don't think i'm safe", "not sure im safe", "if i'm safe").
DOUBTED = frozenset({"think", "n't", "nt", "not", "sure", "if", "whether", "feel", "never", "dont", "know"})
# Words that name who, not what: an account of only these and common words tells no conduct yet.
NAMING_ONLY = words("naming_only") | words("person_words") | words("partner_words") | words("close_to_user")
# The signals by which the opinion raises a label (the rest ask, or move a label down).
RAISES = frozenset(
    {
        "learned_danger_now",
        "learned_high",
        "learned_clearly_high",
        "learned_medium",
        "learned_conduct",
        "learned_stalking",
    }
)


def add_learned_signals(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    if not token_words(doc).text.strip() or switched_off():
        return
    found.update(LearnedReading(doc, sentences, get_second_opinion()).signals(thresholds(), found))


def _feared_to_come(said: list[str]) -> bool:
    """The user's fear of what someone may do ("scared he'll come tonight", "afraid she might turn up"):
    possible danger to ask about, not someone there or on the way (unless "now" is said)."""
    for i, word in enumerate(said):
        if word in FEARED and set(said[i + 1 : i + 3]) & OTHERS_NAMED:
            after = said[i + 1 : i + 5]
            return bool(set(after) & WILL_OR_MAY) and not set(said) & {"now", "rn", "outside", "here"}
    return False


FEARED = frozenset({"scared", "afraid", "terrified", "worried", "worry", "fear", "frightened"})
OTHERS_NAMED = words("other_subjects") | {"hell", "shell"}
WILL_OR_MAY = frozenset({"'ll", "ll", "will", "might", "may", "could", "would", "hell", "shell", "he'll", "she'll"})


class LearnedReading:
    """The opinion's scores for the whole account and for each sentence (the quotes shown as reasons)."""

    def __init__(self, doc: Doc, sentences: list[int], model: SecondOpinion) -> None:
        read = token_words(doc)
        texts = {number: read.joined(positions).strip() for number, positions in by_sentence(sentences).items()}
        self.doc, self.sentences = doc, sentences
        self.texts = {number: text for number, text in texts.items() if text} or {0: read.text.strip()}
        self.numbers = list(self.texts)
        # The whole account and each sentence, scored in one pass (row 0 is the whole account).
        several = [self.texts[n] for n in self.numbers] if len(self.numbers) > 1 else []
        self._scores: np.ndarray = model.scores([read.text, *several])
        self.whole: Opinion = model.opinion(self._scores[0])
        self.model = model

    def signals(self, limits: Thresholds, found: dict[str, list[Evidence]]) -> dict[str, list[Evidence]]:
        """The signals this reading adds to the rules' `found` under these thresholds."""
        whole = self.reading
        added: dict[str, list[Evidence]] = {}

        def add(signal: str, head: str) -> None:
            sentence, number = self.best(head)
            added[signal] = [Evidence(signal, sentence, number)]

        if whole.emergency >= limits.emergency and not found.get("danger_now"):
            # A story told in the past ("he was outside my house last week") is asked about, not an emergency.
            # So is a question whether it might be so ("is it possible he is following me?") or a neighbour's chore.
            # So is a message the account says others got word for word (scam theatre: `mass_scam`).
            told_as_now = (
                not self._danger_asked_or_errand
                and not self._danger_a_new_habit
                and not self._danger_sent_to_many(found)
                and not self._danger_ended(found)
                and not self._safe_where_they_are
                and (
                    self._danger_told_as_now
                    or (whole.emergency >= limits.emergency_whatever_the_tense and not self._danger_dated_in_the_past)
                )
            )
            add("learned_danger_now" if told_as_now else "learned_possible_danger", "emergency")
        elif whole.possible >= limits.safety_check:
            add("learned_possible_danger", "possible")
        if whole.high >= limits.high:
            add("learned_high", "high")
            if whole.high >= limits.high_without_a_factor:
                add("learned_clearly_high", "high")  # (high with no factor of the rubric's read: `rubric`)
        elif whole.medium >= limits.medium:
            add("learned_medium", "medium")
        if whole.conduct >= limits.conduct:
            add("learned_conduct", "conduct")
        if whole.stalking >= limits.stalking:
            add("learned_stalking", "stalking")
        if whole.conduct < limits.unclear_below:
            add("learned_not_conduct", "conduct")
        if whole.stalking < limits.not_stalking_below:
            add("learned_not_stalking", "stalking")
        if whole.conduct < limits.unclear_even_flagged_below:
            add("learned_clearly_not_conduct", "conduct")
        if whole.stalking < limits.not_stalking_even_signed_below:
            add("learned_clearly_not_stalking", "stalking")
        for flag, cut in limits.flags.items():
            if whole.flags.get(flag, 0.0) >= cut:
                add(f"learned_flag_{flag}", f"flag:{flag}")
        # Nothing is raised (possible danger is still asked about, and lower readings stand) for a message sent
        # to many (`mass_scam`: its script is no abuse of the user, whatever it reads like), or for an account
        # that only names who it is ("my ex", "my boss") or has no words ("' OR 1=1; --"): the opinion had read
        # "my ex" alone as stalking with intimate images, high.
        sent_to_many = found.get("scam") and (found.get("sent_to_many") or found.get("device_recording_claim"))
        if sent_to_many or self._names_no_conduct:
            added = {k: v for k, v in added.items() if k not in RAISES and not k.startswith("learned_flag_")}
        return added

    @cached_property
    def _names_no_conduct(self) -> bool:
        """Whether the account only names a person ("my ex", "it's my boss"), or has no words at all."""
        return all(not word.isalpha() or word in NAMING_ONLY for word in token_words(self.doc).lowers)

    @property
    def reading(self) -> Opinion:
        """The opinion the signals rest on: the whole account's, or, when a sentence tells the user's own
        plan to get help or keep safe ("im going to tell my mum tonight", `own_plans.safe_plan`), the
        account's without those sentences (no opinion when nothing else is told): such a plan has the
        shape of a plan to hurt oneself, and it tells nothing of what someone else is doing."""
        return self._without_plans if self._plans else self.whole

    @cached_property
    def _plans(self) -> list[int]:
        """The sentences that tell the user's own plan to get help (the tokens grouped once, not per sentence)."""
        lowers = token_words(self.doc).lowers
        grouped = by_sentence(self.sentences)
        return [n for n in self.numbers if safe_plan([lowers[i] for i in grouped.get(n, [])])]

    @cached_property
    def _without_plans(self) -> Opinion:
        rest = " ".join(self.texts[n] for n in self.numbers if n not in self._plans)
        if not rest.strip():
            return self.model.opinion(np.zeros(len(HEADS)))
        return self.model.opinion(self.model.scores([rest])[0])

    @cached_property
    def _danger_sentence(self) -> list[Token]:
        """The tokens of the sentence that reads most like danger now."""
        _, number = self.best("emergency")
        return [token for token, n in zip(self.doc, self.sentences, strict=True) if n == number]

    @cached_property
    def _danger_told_as_now(self) -> bool:
        """Whether the sentence that reads most like danger now is told as happening now ("now" after a long
        duration, "for months now he has been posting", tells how long, not now)."""
        tokens = self._danger_sentence
        return tells_of_now(
            [
                t
                for k, t in enumerate(tokens)
                if not (t.lower_ == "now" and k and tokens[k - 1].lower_ in LONG_DURATIONS)
            ]
        )

    @property
    def _danger_a_new_habit(self) -> bool:
        """Whether the sentence that reads most like danger now tells a habit begun lately with a bare "now"
        ("now he parks outside my son's school at the end of the day and just stares"): asked about."""
        said = [token.lower_ for token in self._danger_sentence]
        return a_new_habit(said, said) and bool(set(said) & NEW_HABIT_VERBS)

    def _danger_sent_to_many(self, found: dict[str, list[Evidence]]) -> bool:
        """Whether the sentence that reads most like danger now quotes a demand or scam the account says
        was sent to many ("My cousin got the same message word for word")."""
        if not found.get("sent_to_many"):
            return False
        _, number = self.best("emergency")
        return any(e.sentence == number for name in ("scam", "extortion_demand") for e in found.get(name, []))

    def _danger_ended(self, found: dict[str, list[Evidence]]) -> bool:
        """Whether the account says the scene that reads most like danger now is over ("he's gone now",
        `danger.settle_ended_scenes`), in or after its sentence."""
        _, number = self.best("emergency")
        return any(e.sentence >= number for e in found.get("scene_ended", []))

    @cached_property
    def _safe_where_they_are(self) -> bool:
        """Whether the account says the user is safe now ("I'm writing from a refuge, I'm safe", "he
        doesn't know where I am"): the opinion's reading of danger is then asked about ("Are you safe
        right now?"), not an emergency. The rules' own reading of a scene now still stands."""
        lowers = token_words(self.doc).lowers
        for i in range(len(lowers)):
            for phrase in SAFE_BY_FIRST_WORD.get(lowers[i], ()):
                if tuple(lowers[i : i + len(phrase)]) == phrase and not set(lowers[max(0, i - 3) : i]) & DOUBTED:
                    return True  # (not "i don't think i'm safe now", "not sure im safe")
        return False

    @cached_property
    def _danger_asked_or_errand(self) -> bool:
        """Whether the sentence that reads most like danger now asks whether it might be happening, or
        shows a neighbour at a chore ("my neighbour is outside mowing his lawn"), as the rules read them."""
        said = [token.lower_ for token in self._danger_sentence]
        # (only the chore part of an errand, with no fear told: on the unseen accounts, reading every
        # errand here, deliveries and lifts too, lost two emergencies and saved no false one)
        # (or someone the user trusts on the way to help: "my mum is coming over to stay with me tonight")
        # (or a caller named for who they are: "it's the locksmith I booked", "was just the postman")
        return (
            asks_if_possible(said)
            or (chore(said) and not set(said) & NOT_ERRAND)
            or helper_sends(said)
            or known_caller(said)
            or _feared_to_come(said)
        )

    @cached_property
    def _danger_dated_in_the_past(self) -> bool:
        """Whether the sentence that reads most like danger now is dated in the past ("he was standing
        outside my house last week"): then no score makes it an emergency. (A habit does not count:
        on the calibration accounts, barring "every time", "keeps"... too lost six emergencies and
        saved no false alarm.)"""
        return anchored_in_the_past([token.lower_ for token in self._danger_sentence])

    def best(self, head: str) -> tuple[str, int]:
        """The sentence that reads most like this head's question, and its number."""
        if len(self.numbers) == 1:
            return self.texts[self.numbers[0]], self.numbers[0]
        number = self.numbers[int(self._scores[1:, list(HEADS).index(head)].argmax())]
        return self.texts[number], number
