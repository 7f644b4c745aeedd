"""The extractor: run the matchers once, then apply each rule in order, as :class:`Facts`.

Each step is a named function in its own module; this file only fixes their order, which
matters: context and negation decide what counts before danger and self-harm are settled, and
impersonation is added from the account-compromise evidence that survived.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from bot.triage.extract.abuse import add_composed_abuse
from bot.triage.extract.age import find_age
from bot.triage.extract.composition import add_composed_danger
from bot.triage.extract.country_cues import country_votes, cues_in, jurisdiction_named_by, settle_by_country
from bot.triage.extract.danger import keep_present_danger, settle_detained, settle_ended_scenes
from bot.triage.extract.doxxing import add_composed_doxxing
from bot.triage.extract.home_named_back import add_home_named_back
from bot.triage.extract.impersonation import posted_from_account
from bot.triage.extract.learned import add_learned_signals
from bot.triage.extract.lured import add_child_lured_now
from bot.triage.extract.mass_scam import settle_mass_scam
from bot.triage.extract.meeting import add_tracked_meeting
from bot.triage.extract.negation import Negation
from bot.triage.extract.people import best_relationship
from bot.triage.extract.place import PlaceMention, find_jurisdiction, place_mentions
from bot.triage.extract.place_spelling import with_places_spelt
from bot.triage.extract.publishing import add_composed_publishing
from bot.triage.extract.rising_rate import add_rising_rate
from bot.triage.extract.seen_now import add_confirmed_sightings
from bot.triage.extract.self_harm import (
    add_means_at_hand,
    drop_now_without_plan,
    drop_past_self_harm,
    drop_self_directed_threats,
    settle_self_harm,
)
from bot.triage.extract.signals import collect_signals
from bot.triage.extract.text import clean_text, sentence_index
from bot.triage.models import Facts
from bot.triage.nlp import Pipeline, RuleMatcher, get_pipeline


class Extractor:
    """Runs the matchers and keeps what counts, as :class:`Facts`."""

    def __init__(self, pipeline: Pipeline | None = None) -> None:
        self.pipeline = pipeline or get_pipeline()
        self.negation = Negation.from_config(self.pipeline.negation)

    def extract(self, text: str, learned: bool = True) -> Facts:
        """The facts in `text`; `learned=False` leaves out the second opinion's signals (the slowest
        part), for readers of short answers that want only a place, an age or a relationship."""
        cleaned, truncated = clean_text(text)
        doc = self.pipeline.nlp(cleaned)
        sentences = sentence_index(doc)

        age = find_age(doc, self._labelled(self.pipeline.ages, doc), self.negation)
        matches = collect_signals(doc, sentences, self._labelled(self.pipeline.signals, doc), self.negation)
        found = matches.found
        keep_present_danger(doc, found, matches.spans)
        add_composed_danger(doc, sentences, found)
        settle_ended_scenes(doc, sentences, found)
        settle_detained(doc, sentences, found)
        add_confirmed_sightings(doc, sentences, found)
        add_tracked_meeting(doc, sentences, found)
        add_child_lured_now(doc, sentences, found, minor=(age.age or 18) < 18 or age.minor_quote is not None)
        add_composed_doxxing(doc, sentences, found)
        add_composed_abuse(doc, sentences, found)
        add_home_named_back(doc, sentences, found)
        add_rising_rate(doc, sentences, found)
        add_composed_publishing(doc, sentences, found)
        drop_self_directed_threats(found)
        add_means_at_hand(doc, sentences, found)
        settle_self_harm(found)
        drop_past_self_harm(doc, sentences, found)
        drop_now_without_plan(doc, found)
        posted_from_account(doc, sentences, found)
        settle_mass_scam(found)
        if learned:
            add_learned_signals(doc, sentences, found)  # last: it may only add
        facts = Facts(signals={k: v for k, v in found.items() if v}, negated=dict(matches.negated), truncated=truncated)

        conduct = frozenset(e.sentence for name in CONDUCT_SIGNALS for e in facts.signals.get(name, []))
        relationship = best_relationship(
            doc, self._labelled(self.pipeline.relationships, doc), self.negation, sentences, conduct
        )
        if relationship:
            facts.relationship, facts.relationship_quote = relationship
        facts.age, facts.age_quote, facts.minor_quote = age.age, age.age_quote, age.minor_quote
        cues = cues_in(doc, self.pipeline.nlp)
        place = self.jurisdiction(doc, cues)
        if place:
            facts.jurisdiction, facts.jurisdiction_quote = place
        return facts

    def place(self, text: str, country: str | None = None) -> str | None:
        """Where the user lives, read from `text` alone; a name two countries share is read in
        `country` when the conversation already knows it ("I live in Vancouver actually" after
        Toronto: British Columbia, not Washington)."""
        doc = self.pipeline.nlp(clean_text(text)[0])
        place = self.jurisdiction(doc, cues_in(doc, self.pipeline.nlp), country=country)
        return place[0] if place else None

    def open_place(self, text: str) -> tuple[str, frozenset[str]] | None:
        """The words and the possible places of the one place `text` names that stays open
        ("Vancouver": British Columbia or Washington), so the conversation can ask which."""
        doc = self.pipeline.nlp(clean_text(text)[0])
        mentions = self.places(doc)
        if len(mentions) != 1 or mentions[0].code or len(mentions[0].candidates) < 2:
            return None
        mention = mentions[0]
        return doc[mention.start : mention.end].text, mention.candidates

    def jurisdiction(
        self, doc: Doc, cues: list[tuple[str, str]], spelt: bool = False, country: str | None = None
    ) -> tuple[str, str] | None:
        """Where the user lives, as read from the document's places (and country cues, with one more
        for `country`, the one already known), with its quote. When no place is named at all, a
        misspelt one is read ("manchster", "im in banglore")."""
        known = self.pipeline.place_vocabulary.registry.known
        mentions = self.places(doc)
        votes = country_votes(cues)
        if country:
            votes[country] += 1
        place = find_jurisdiction(doc, settle_by_country(mentions, votes), known)
        if place is None and not mentions and not spelt:
            corrected = with_places_spelt(doc.text)
            if corrected:
                return self.jurisdiction(self.pipeline.nlp(corrected), cues, spelt=True, country=country)
        if place is None and not mentions:
            named = jurisdiction_named_by(cues)  # "the Garda said...": Ireland, with no place named
            place = named if named and known(named[0]) else None
        return place

    def places(self, doc: Doc) -> list[PlaceMention]:
        """Every place named in the document, settled (see bot.triage.extract.place)."""
        names, short_forms = self.pipeline.place_matches(doc)
        return place_mentions(doc, names, short_forms, self.pipeline.place_vocabulary)

    def _labelled(self, matcher: RuleMatcher | Matcher | PhraseMatcher, doc: Doc) -> list[tuple[str, int, int]]:
        """A matcher's matches with their label as text, in the matcher's own order."""
        strings = self.pipeline.nlp.vocab.strings
        return [(strings[match_id], start, end) for match_id, start, end in matcher(doc)]


# What someone does to the user, as the rules read it: where a partner or relative is named with
# one of these (or the sentence after), they may be the one doing it (`people.best_relationship`).
CONDUCT_SIGNALS = (
    "repeated_contact", "new_accounts", "cross_platform", "third_party_contact", "monitoring", "tracking",
    "account_compromise", "showed_up", "knows_location", "threat_violence", "threat_veiled", "threat_nonspecific",
    "weapon", "insults", "sexual_harassment", "intimate_images", "private_images", "extortion_demand", "doxxing",
    "impersonation", "hate", "danger_now", "danger_coming", "past_violence", "separation", "named_stalking",
    "named_harassment", "blocked", "asked_to_stop", "escalation", "court_order", "coerced",
)  # fmt: skip


@lru_cache(maxsize=1)
def _shared_extractor() -> Extractor:
    """The process-wide extractor, built on first use (loading the pipeline takes seconds)."""
    return Extractor()


def extract_facts(text: str, learned: bool = True) -> Facts:
    """Extract facts with the process-wide pipeline (built on first use)."""
    return _shared_extractor().extract(text, learned)


def extract_place(text: str, country: str | None = None) -> str | None:
    """Where the user lives, from `text` alone, a shared name read in `country` (see Extractor.place)."""
    return _shared_extractor().place(text, country)


def extract_open_place(text: str) -> tuple[str, frozenset[str]] | None:
    """The one place `text` names that several places share, with its readings (see Extractor.open_place)."""
    return _shared_extractor().open_place(text)
