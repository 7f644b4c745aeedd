"""Danger now by composition: an actor, plus presence, arrival or following, told as now.

Phrase lists miss the many ways people describe a scene ("he's walking behind me from the
station", "says he'll be here by 9 and it's 8.40", "his family is in front of the house").
Following ../shared/reference/danger-language.md, a sentence is danger now when it has
- an actor (he, she, my ex, some guy, that car...) and presence (outside, at the door, in
  the lobby, knocking...) or following (behind me, following), with nothing past, habitual,
  not-yet or negated in it; or
- an actor on the way (coming, heading over, on his way), told as now; or
- an actor and a planned arrival (will come, will be here, pick her up) with a near time
  (tonight, this afternoon, in ten minutes, by 9); or
- seeing now: a message just sent that only someone watching could send (the curtains, a light
  going off, what the user wears, "saw you", a photo of the user's door or children), or the
  actor staring at or facing the user; or
- a taunt that the sender is nearly there ("almost there", "not far now"); or
- a countdown: harm aimed at the user with a deadline within hours ("ur getting battered at 3:30"),
  which needs no actor (a threat implies one); or
- a plea with an actor ("cant talk hes in the next room").
A vehicle stands for its driver ("the same van has been behind me"), not the user's own car.
A hedge ("I'm scared he'll come tonight", "what if he's outside") makes it possible danger,
which the conversation asks about instead. The word lists are data (`patterns/lexicon.yml`).

A sentence often holds several clauses ("her husband is smashing things downstairs, and he's got
her phone tracked so she can't leave"): a negation or a hedge belongs to its own clause, so each
clause is read as well, while tense and time ("two years ago, he turned up at my door") hold for
the whole sentence, read by `tense.py`: a moment ago ("twenty minutes ago", "since this
morning") is now, "next week" is later, a present perfect ("a man has followed me off the train")
reaches into now when a sentence nearby says now, and a habit in a relative clause about the actor
("the guy who keeps messaging me") is his, not the scene's. A planned arrival is usually reported in the past ("this afternoon he wrote
that he'll come by at 5"): the reporting verb does not make it a story, only a past time anchor
does. An arrival that has not happened yet is kept apart (`danger_coming`): nobody is there yet.
"""

from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Doc

from bot.triage.extract.errand import errand
from bot.triage.extract.tense import (
    counted,
    dated_by_next,
    later,
    names_a_year,
    past_ago,
    perfect_participles,
    recent,
    remembered,
    simple_past,
)
from bot.triage.extract.text import by_sentence, token_words
from bot.triage.extract.wondering import asks_if_possible
from bot.triage.lexicon import words
from bot.triage.models import Evidence
from bot.triage.nlp import lemma_of

PRISON = words("prison_words")
ACTORS = words("danger_actors")
QUOTED_PRESENCE = words("danger_quoted_presence")
PRESENCE = words("danger_presence")
ONLINE_VENUES = words("danger_online_venues")
PLURAL_SUBJECTS = frozenset({"they", "we", "people"})
HABIT_ADVERBS = frozenset({"just", "always", "still", "all", "constantly", "keep", "only", "also"})
VENUE_NOT_ONLINE = frozenset({"home", "house", "room", "office"})  # "the group home", "a chat room"
INSIDE_BEFORE = words("danger_inside_before")
ARRIVING = words("danger_arriving")
ARRIVING_OBJECTS = words("danger_arriving_objects")
COMING_OUT_BEFORE = words("coming_out_before")
OUTSIDE_TIMES = words("outside_times")
PASSENGERS = words("danger_passengers")
ARRIVAL = words("danger_arrival")
BE_PLACES = words("danger_be_places")
ARRIVAL_WITH_PARTICLE = words("danger_arrival_with_particle")
ARRIVAL_PARTICLES = words("danger_arrival_particles")
WAY_OWNERS = words("danger_way_owners")
FOLLOWING = words("danger_following")
FOLLOWED_OTHERS = words("followed_others")
SENDING_ACCOUNTS = frozenset({"account", "number", "profile", "id", "email", "address"})
SEEING = words("danger_seeing")
VIOLENCE_NOW = words("danger_violence_now")
FIGURATIVE_SUBJECTS = words("figurative_subjects")
KILLING = frozenset({"killing", "murdering"})
# Right before a violent -ing word, these name the act instead of telling it going on ("jailed for hitting
# me", "sorry about hitting me", "after choking me", "accused of beating her").
ACT_NAMED_BEFORE = words("act_named_before")
# Right before a place word: the place reached by phone or e-mail ("calling reception"), nobody there.
REACHED_BY_PHONE = frozenset(
    {"calling", "called", "call", "ringing", "rang", "ring", "phoning", "phoned", "emailing", "emailed"}
)
# "blocking him", "blocking his numbers": blocking online (the user's doing), not someone blocking a door.
BLOCKED_ONLINE = words("blocked_online_objects")
COHORTS = words("cohorts")
THINGS = words("things_not_people")
PLACE_PREPOSITIONS = words("place_prepositions")
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
# "what" is a hedge only in "what if" ("to finish what he started" is no hedge).
HEDGE_PAIRS = {("what", "if"), ("what", "happens")}
CLAUSE_EDGES = words("danger_clause_edges")
# Relative and coordinating starts: the clause's subject is the previous clause's ("the lads who are outside").
SUBJECT_CARRIERS = words("danger_subject_carriers")
USER_SUBJECTS = words("danger_user_subjects")
PAST_ANCHORS = words("danger_past_anchors")
BACK_ANCHORS = frozenset({"in", "when", "then", "during"})
QUOTE_MARKS = frozenset({"'", '"', "“", "”", "‘", "’"})
NEGATIONS = words("danger_negations")
# ("what", "if", "could": a hedge, read as such; "next": a place or a time, read by `later`.)
PAST = (words("danger_past") | words("past_or_habitual")) - words("danger_not_past")
LAST_TIMES = words("danger_last_times")
PICTURE_WORDS = words("danger_picture_words")
PRESENT_CUES = words("danger_present_cues")
WATCHING = words("danger_watching")
ROOMS_NEAR = words("danger_rooms_near")
REPORTS = words("danger_reports")
INSTITUTION_REPORTERS = words("danger_institution_reporters")
OBSERVED = words("danger_observed")
SEEN_NOW_CUES = words("danger_seen_now_cues")
MERELY_AFTER = words("merely_after")
CANNOT = words("danger_cannot")
PLEA_ENDS = words("danger_plea_ends")
PLEA_VERBS = words("danger_plea_verbs")
PLEA_AMOUNTS = words("danger_plea_amounts")
PLEA_NEAR = words("danger_plea_near")
IDIOM_BEFORE = words("danger_idiom_before")
IDIOM_AFTER = words("danger_idiom_after")
HELPER_PURPOSES = words("helper_purposes")
HELPER_COMPANY = words("helper_company")
HELPER_DESTINATIONS = words("helper_destinations")
HELPER_WOMEN = words("helper_women")
HELPER_MEN = words("helper_men")
HELPER_PURPOSE_STARTS = words("helper_purpose_starts")
HIS_PRONOUNS = words("pronouns_his")
HER_PRONOUNS = words("pronouns_her")
# The actors that are pronouns: in a helper's clause they point back to the helper ("my mam is on her way").
THEIR_PRONOUNS = words("pronouns_their")
ACTOR_PRONOUNS = HIS_PRONOUNS | HER_PRONOUNS | THEIR_PRONOUNS
VEHICLES = words("danger_vehicles")
OWN = words("danger_own")
HARM_LEMMAS = words("danger_harm_lemmas")
TARGETS = words("danger_targets")
REFLEXIVES = words("danger_reflexives")
DEADLINES = words("danger_deadlines")
DEADLINE_PAIRS = frozenset(tuple(pair.split()) for pair in words("danger_deadline_pairs"))
CLOSING_IN = words("danger_closing_in")
CLOSING_IN_AFTER = words("danger_closing_in_after")
SEEN_SUBJECTS = words("danger_seen_subjects")
SEE_YOU_TIMES = words("danger_see_you_times")
LIVE_THINGS = words("danger_live_things")
UNKNOWN_TO_USER = words("danger_unknown_to_user")
RELATIVES = words("danger_relatives")
SENDER_WORDS = frozenset({"i", "im", "i'm"})
KEEP = frozenset({"keep", "keeps"})
STRONG_NOW = words("danger_strong_now")
ELLIPTICAL_STARTS = words("danger_elliptical_starts")
HERE_ALONE = words("danger_here_alone")
AT = words("danger_at")
OWN_PLACES = words("danger_own_places")
DISTANCE_UNITS = words("danger_distance_units")
DISTANCE_AFTER = words("danger_distance_after")
COUNT_WORDS = words("danger_count_words")
ARMED_VERBS = words("danger_armed_verbs")
LONG_DURATIONS = frozenset({"weeks", "months", "years", "week", "month", "year"})
POSSESSIVES = frozenset({"her", "his", "their", "my", "our", "your"})
OWNING = frozenset({"has", "have", "had", "owns", "own", "owned", "keeps"})
DAY_PARTS = words("danger_day_parts")
DEADLINE_STARTS = words("danger_deadline_starts")
CHILDREN = words("danger_children")
CHILD_TARGETS = words("danger_child_targets")
WATCHED_COMMANDS = frozenset(tuple(pair.split()) for pair in words("danger_watched_commands"))
LONG_UNITS = words("danger_long_units")
PLACE_NEEDED = frozenset({"standing", "waiting", "sitting", "parked"})
# Every word a part of a scene is read from (see `_clause_scene` and the parts it calls).
SCENE_WORDS = (
    PRESENCE
    | FOLLOWING
    | ARRIVING
    | ARRIVAL
    | ARRIVAL_WITH_PARTICLE
    | SEEING
    | WATCHING
    | VIOLENCE_NOW
    | IMMINENT
    | ARRIVED
    | ARRIVED_UP
    | WEAPONS
    | CLOSING_IN
    | HARM_LEMMAS
    | DISTANCE_AFTER
    | {
        "way",
        "sees",
        "being",
        "room",
        "same",
        "inside",
        "front",
        "be",
        "pick",
        "see",
        "talk",
        "dead",
        "expect",
        "expecting",
    }
)
# Words that give a clause a tense of its own (a verb of being or an auxiliary, present or past).
TENSE_MARKERS = words("tense_markers")
PRESENT_BE = frozenset({"is", "'s", "s", "are", "'re", "re", "am", "'m", "m", "hes", "shes", "theyre", "im"})
CONTEXT = 2  # sentences read on each side for a present cue
ONLINE_WORDS = words("online_words")
PHYSICAL_PLACES = words("physical_places")
# The user's things online, right after a following word only ("following my spotify").
ONLINE_THINGS = words("online_things") | ONLINE_WORDS
OWNERS = frozenset({"my", "our", "her", "his", "their"})
COMPANY = words("company_words")
NOT_COMPANY = frozenset({"he", "hes", "she", "shes", "him", "stalker", "stranger", "someone", "somebody", "man", "guy"})
PARTNERS = words("partner_words")


def add_composed_danger(doc: Doc, sentences: list[int], found: dict[str, list[Evidence]]) -> None:
    """Add `danger_now` (or `possible_danger_now`) for each sentence whose parts make a scene of danger.

    A scene that is only an arrival still to come is also listed as `danger_coming`.
    """
    read = token_words(doc)
    texts = by_sentence(sentences)
    grouped = {number: [read.lowers[i] for i in positions] for number, positions in texts.items()}
    # a threat to "him" or "her" is aimed at the user's child when the account speaks of one ("my son")
    targets = TARGETS | CHILD_TARGETS if _speaks_of_own_child(read.lowers) else TARGETS
    grouped = {number: _without_long_now(said) for number, said in grouped.items()}
    # Sentences whose threat the context rules read as a figure of speech ("my sister said she'll kill me
    # if I'm late to her wedding tonight haha"): a deadline does not make it a threat again.
    figurative = {e.sentence for e in found.get("figure_of_speech", [])}
    for number, positions in texts.items():
        said = grouped[number]
        if not _may_be_scene(said) or (number in figurative and _countdown(said, targets)):
            continue
        if number in figurative:
            # nor is the figure itself an attack about to happen ("my flatmate just texted 'I'm going to murder
            # you' because I ate her leftovers 😂"); someone there is still read ("lol he's outside my house")
            said = ["" if word in VIOLENT_VERBS else word for word in said]
        before = grouped.get(number - 1, [])
        told_before = _has_actor(before) and _reports(before) and not _institution_says(before)
        scene = _scene(said, _context_now(grouped, number), targets, told_before)
        if scene is None and "(" in said:
            # an aside's past ("(I think he put something in my phone when we were together)") is not the time
            # of the rest: "today he sent me my live location ... and wrote 'coming. wait there.'"
            scene = _scene(_without_asides(said), _context_now(grouped, number), targets, told_before)
        if scene is None or dated_by_next(grouped.get(number + 1, [])):
            continue
        earlier = {word for n in range(number) for word in grouped.get(n, [])}
        if follow_each_other(said) or release_awaited(said, earlier):
            continue
        text = read.joined(positions).strip()
        signal = "possible_danger_now" if scene == "hedged" else "danger_now"
        found.setdefault(signal, []).append(Evidence(signal, text, number))
        if signal == "danger_now" and not _already_here(said):
            found.setdefault("danger_coming", []).append(Evidence("danger_coming", text, number))
        if _countdown(said, targets):  # a threat to hurt with a deadline is a threat of violence too
            found.setdefault("threat_violence", []).append(Evidence("threat_violence", text, number))


def _without_asides(said: list[str]) -> list[str]:
    """The words with what is in brackets left out (each bracketed word as "")."""
    kept, depth = [], 0
    for word in said:
        depth += word == "("
        kept.append("" if depth else word)
        depth -= word == ")" and depth > 0
    return kept


def _without_long_now(said: list[str]) -> list[str]:
    """The words with "now" left out after a long duration ("for months now he has been posting", "two
    years now"): how long it has gone on, not a sign of now ("for ten minutes now" stays)."""
    return ["" if word == "now" and i and said[i - 1] in LONG_DURATIONS else word for i, word in enumerate(said)]


def follow_each_other(said: list[str]) -> bool:
    """ "She's still following me (and I still follow her, I know)": accounts that follow each other
    online, not someone behind the user: the sentence has the user follow back."""
    return any(
        word == "i"
        and bool(set(said[i + 1 : i + 3]) & {"follow", "followed"})
        and bool(set(said[i + 2 : i + 4]) & {"him", "her", "them", "back"})
        for i, word in enumerate(said)
    )


def release_awaited(said: list[str], earlier: set[str]) -> bool:
    """ "I'm just sat here waiting for him to get out", after a prison sentence told: his release awaited,
    not his arrival. Only with waiting and "get out" in the sentence, and prison (or "inside") told before
    it ("he was released yesterday and he's outside my house" stays danger)."""
    let_out = bool(set(said) & {"waiting", "wait", "until", "till"}) and release_told(said)
    served = bool(earlier & {"got", "did", "doing", "serving"} and earlier & {"months", "years"})
    return let_out and (served or bool(earlier & (PRISON | {"inside"})))


def release_told(said: list[str]) -> bool:
    """Someone else's release: "he gets out in six weeks", "waiting for him to get out". Not the user's own
    "i cant get out" (a person trapped with him inside)."""
    return any(
        said[i + 1 : i + 2] == ["out"]
        and (
            word == "gets"
            or (word == "get" and said[max(0, i - 2) : i] in (["him", "to"], ["her", "to"], ["them", "to"]))
        )
        for i, word in enumerate(said)
    )


def _reports(said: list[str]) -> bool:
    """A word that reports a message ("texted", "wrote", "a message from him"), or a message quoted
    after where it came from ("from yet another account: '...'", "from a new number: '...'")."""
    if any(word in REPORTS or lemma_of(word) in REPORTS for word in said):
        return True
    return any(
        word in SENDING_ACCOUNTS and said[i + 1 : i + 2] == [":"] and "from" in said[max(0, i - 4) : i]
        for i, word in enumerate(said)
    )


def _speaks_of_own_child(words_: list[str]) -> bool:
    """ "my son", "my 12 year old daughter", "our kids": the account is about the user's child."""
    return any(word in CHILDREN and set(words_[max(0, i - 4) : i]) & {"my", "our"} for i, word in enumerate(words_))


def _may_be_scene(said: list[str]) -> bool:
    """Whether the sentence has any word a part of a scene starts from (a quick test before reading it:
    most sentences of an account have none)."""
    present = set(said)
    if present & SCENE_WORDS or any(lemma_of(word) in HARM_LEMMAS for word in said):
        return True
    # a report of a message is a part only with a sign of now or a quote ("just texted", "sent 'almost there'")
    told = present & (SEEN_NOW_CUES | QUOTE_MARKS) or recent(said)
    return bool(told) and any(word in REPORTS or lemma_of(word) in REPORTS for word in said)


def _context_now(grouped: dict[int, list[str]], number: int) -> bool:
    """Whether the sentence or one near it says now ("...has followed me off the train. I'm at the
    station now."): a long account often carries its present in a sentence of its own."""
    return any(_now_cue(grouped.get(n, [])) for n in range(number - CONTEXT, number + CONTEXT + 1))


def _now_cue(said: list[str]) -> bool:
    """A present cue ("now", "just", "still") or a moment ago ("ten minutes ago", "since this morning")."""
    return bool(set(said) & PRESENT_CUES) or recent(said)


def _scene(
    said: list[str], context_now: bool = False, targets: frozenset[str] = TARGETS, told_before: bool = False
) -> str | None:
    """'now', 'hedged' or None for one sentence's lower-cased words; `told_before`: the sentence before
    says someone sent a message ("Just got a message from him. One word: 'outside'.").

    The whole sentence is read first; when that finds no scene now, each of its clauses is read
    on its own for its actor, negation and hedge, while the sentence's tense, habits and online
    places ("two years ago", "every day", "on insta") still hold for every clause.
    """
    if _plea(said) and _has_actor(said) and not _hedged(said):
        return "now"  # "cant talk, hes in the next room": a plea is said now, whatever else is told
    if errand(said) or helper_sends(said) or _only_the_police(said) or _mocked_at_school(said):
        # "the courier is at the door with my parcel", "dad's on his way to pick me up", "my sister just sent
        # me her live location with 'see you soon x' because she's driving up to help me change the locks"
        return None
    verdict = _clause_scene(said, said, actor_before=False, context_now=context_now, targets=targets)
    if verdict == "now":
        return verdict
    speaker = not _institution_says(said) and (told_before or _has_actor(said) or _reports(said))
    # (each clause of a message too: "'landed at Heathrow, coming to yours x'")
    parts = [
        part
        for quote in _quotes(said)
        for part in (quote, *[c[1:] if c[0] in CLAUSE_EDGES else c for c in _clauses(quote)[1:]])
    ]
    for quote in [part for part in parts if part]:
        # a message quoted as it was sent ("her last text was 'he's following me'") speaks in its own
        # present, unless the sentence puts it in the past ("last week he wrote 'I'm outside'") or a habit;
        # its "I" is the sender when the sentence says who sent it ("he wrote 'I am waiting, come down'")
        if (
            _clause_scene(quote, quote, actor_before=False, speaker=speaker) == "now"
            and not _anchored_in_the_past(said, quote)
            and not _habit_for(quote, said)
            and not (_teller_in_the_past(_unquoted(said)) and not context_now)
        ):
            return "now"
    clauses = _clauses(said)
    if len(clauses) < 2:
        return verdict
    verdicts = []
    actor_before = False
    for clause in clauses:
        verdicts.append(_clause_scene(clause, said, actor_before, context_now, targets=targets))
        own_actor = _has_actor(clause)
        actor_before = own_actor or (actor_before and not set(clause) & USER_SUBJECTS)
        if _thing_last(clause):
            actor_before = False  # "he's put a new camera on his side | that points at my back door": the thing goes on
    if "now" in verdicts:
        return "now"
    return "hedged" if "hedged" in verdicts or verdict == "hedged" else verdict


def _mocked_at_school(said: list[str]) -> bool:
    """Classmates mocking the user where they are at school together ("people are calling me names in the
    corridor and on my story", "everyone laughs at me in class"): bullying to read as abuse, not someone
    come to where the user is. Not when one person is named ("he's in the corridor outside my room"), nor
    with a weapon or violence."""
    present = set(said)
    return (
        bool(present & SCHOOL_PLACES)
        and bool(present & MOCKING)
        and not present & (ACTORS - CROWD)
        and not present & WEAPONS
        and not present & VIOLENT_VERBS
    )


SCHOOL_PLACES = words("school_places")
MOCKING = words("mocking_words")
CROWD = words("crowd_actors")
VIOLENT_VERBS = words("violent_verbs")


def _only_the_police(said: list[str]) -> bool:
    """The police are the only ones there ("They said officers are at my door", in a scam call's words;
    "the cops are outside now"): authorities, not the person the user fears. Not when anyone else is named
    beside them ("he's outside and the police are on their way")."""
    others = set(said) & (PARTNERS | (ACTORS - COMPANY - THEIR_PRONOUNS))
    return bool(set(said) & HELPER_COMPANY) and not others


def _institution_says(said: list[str]) -> bool:
    """What is quoted is an institution's view ("HR says it's 'outside work'", "the police told me
    'outside our remit'"), not a message from someone who may be at the door."""
    for i, word in enumerate(said):
        if word in REPORTS or lemma_of(word) in REPORTS or lemma_of(word) == "tell":
            return bool(set(said[max(0, i - 2) : i]) & INSTITUTION_REPORTERS)
    return False


def _quotes(said: list[str]) -> list[list[str]]:
    """The words between quote marks, each quotation on its own."""
    quotes: list[list[str]] = []
    current: list[str] | None = None
    for word in said:
        if word in QUOTE_MARKS:
            if current:
                quotes.append(current)
            current = None if current is not None else []
        elif current is not None:
            current.append(word)
    if current:  # a quote the sentence cut before its closing mark ("'I'm outside your building.'")
        quotes.append(current)
    return quotes


def _teller_in_the_past(told: list[str]) -> bool:
    """The words around a quoted message tell it in the past: a past progressive ("he was picking me
    up"), a simple past that is not the report itself ("waited outside my flat"), or an anchor."""
    progressive = any(
        word in {"was", "were"} and after.endswith("ing") and len(after) > 4 for word, after in pairwise(told)
    )
    reports = {i for i, word in enumerate(told) if word in REPORTS or lemma_of(word) in REPORTS}
    return progressive or simple_past(told, reports) or _anchored_in_the_past(told, [])


def _quoted_positions(said: list[str]) -> set[int]:
    """Positions of the words inside quote marks (a message has its own tense)."""
    inside, found = False, set()
    for i, word in enumerate(said):
        if word in QUOTE_MARKS:
            inside = not inside
        elif inside:
            found.add(i)
    return found


def _unquoted(said: list[str]) -> list[str]:
    """The sentence without its quoted words: the teller's own tense."""
    kept: list[str] = []
    inside = False
    for word in said:
        if word in QUOTE_MARKS:
            inside = not inside
        elif not inside:
            kept.append(word)
    return kept


def _clauses(said: list[str]) -> list[list[str]]:
    """The sentence cut at commas, "and", "so", "that", "who"... (each edge starts the next clause)."""
    clauses: list[list[str]] = [[]]
    for word in said:
        if word in CLAUSE_EDGES and clauses[-1]:
            clauses.append([])
        clauses[-1].append(word)
    return [clause for clause in clauses if clause]


def _online(said: list[str], sentence: list[str]) -> bool:
    """Whether the scene is online: an online word in the clause read, or in a clause of the sentence
    that speaks of the actor ("after I posted about him on Facebook" is the user's own post, not where
    he is)."""
    online = ONLINE_WORDS | ONLINE
    if set(said) & online:
        return True
    # (nor a relative clause telling who the actor is: "the guy who's been dming me on discord")
    return any(
        set(c) & online and _has_actor(c) and not set(c) & USER_SUBJECTS and c[0] not in RELATIVES
        for c in _clauses(sentence)
    )


def _has_actor(said: list[str]) -> bool:
    present = set(said) | {lemma_of(word) for word in said}  # "husbands in the next room"
    if _vehicle(said):
        return True
    quoted = "im" in present or ("i" in present and bool(present & {"m", "'m"}))
    passive = any(w == "being" and i + 1 < len(said) and said[i + 1] in PASSIVE for i, w in enumerate(said))
    return bool(present & ACTORS) or (quoted and bool(present & QUOTED_PRESENCE)) or passive or _subjectless(said)


def _subjectless(said: list[str]) -> bool:
    """A clause that starts with following the user, its subject left out: "following me. help"."""
    content = [w for w in said if w not in CLAUSE_EDGES and w not in QUOTE_MARKS]
    return len(content) >= 2 and content[0] in FOLLOWING - {"behind", "followed"} and content[1] in {"me", "us"}


def _elliptical(said: list[str]) -> bool:
    """A quoted message with no subject, whose sender is its subject: "standing at your door",
    "coming to say hi", "be there shortly"."""
    content = [w for w in said if w not in QUOTE_MARKS and w not in {"-", "..."}]
    if not content or not (content[0] in ELLIPTICAL_STARTS or lemma_of(content[0]) in ELLIPTICAL_STARTS):
        return False
    # "waiting", "sitting" say where the sender is only with a place ("waiting by your car"), not
    # "'waiting for your reply'"
    return content[0] not in PLACE_NEEDED or bool(set(content[1:5]) & (PHYSICAL_PLACES | OWN_PLACES | PRESENCE))


def _here_alone(said: list[str]) -> bool:
    """A message that is only "here", "I'm here" or "outside": the sender is there."""
    return bool({"here", "outside", "downstairs"} & set(said)) and set(said) <= HERE_ALONE


def _hedged(said: list[str]) -> bool:
    """'I think he's outside', 'could he be outside?': possible danger, asked about."""
    present = set(said) - {"what"}
    return bool(present & HEDGES) or any(pair in HEDGE_PAIRS for pair in pairwise(said)) or asks_if_possible(said)


def _clause_scene(
    said: list[str],
    sentence: list[str],
    actor_before: bool,
    context_now: bool = False,
    speaker: bool = False,
    targets: frozenset[str] = TARGETS,
) -> str | None:
    """'now', 'hedged' or None for one clause (or the whole sentence), reading time anchors in `sentence`.

    `actor_before`: the clause carries on from a clause with an actor ("...the lads who are outside").
    `speaker`: the words are a quoted message whose "I" is its sender.
    """
    present, whole = set(said), set(sentence)
    passive = any(w == "being" and i + 1 < len(said) and said[i + 1] in PASSIVE for i, w in enumerate(said))
    carried = actor_before and bool(said) and said[0] in SUBJECT_CARRIERS and not present & USER_SUBJECTS
    seen = _seen_now_message(said)
    sender = speaker and (bool(present & SENDER_WORDS) or _elliptical(said))
    here = speaker and _here_alone(said)
    actor = (
        _has_actor(said) or carried or seen or sender or here
    )  # (whoever sent it: "the account just sent 'light off?'")
    countdown = _countdown(said, targets, sentence)
    if (not actor and not countdown) or _negated(said) or company(said) or helper_coming(said, sentence):
        return None
    if _online(said, sentence) and not whole & PHYSICAL_PLACES and not (seen or countdown or _closing_in(said)):
        return None  # "following me to every sub": online, not at the door
    arrived_up = any(
        w in ARRIVED_UP and i + 1 < len(said) and said[i + 1] == "up" and not _a_thing_before(said, i)
        for i, w in enumerate(said)
    )  # (not "an AirTag turned up under the seat": a thing found)
    arrived = (bool(present & ARRIVED) or arrived_up) and _now_cue(said)
    there = (
        _present_at(said)
        or _following_the_user(said)
        or _under_way(said)
        or _sees_now(said)
        or passive
        or arrived
        or seen
        or _plea(said)
        or _closing_in(said)
        or here
        or (speaker and ("my", "way") in pairwise(said))  # "he texted 'on my way to yours'": the sender's way
    )
    hurting = (_violence_by_someone(said) and _progressive(said)) or _about_to(said)
    coming = _arriving(said) and _near_time(said)
    armed = bool(present & WEAPONS) and bool(present & ARMED_VERBS)
    if not (there or hurting or coming or armed or countdown):
        return None
    if _hedged(said):
        return "hedged"
    if _habit_for(said, sentence):
        return None
    if later(sentence) and not _now_cue(said):
        return None  # "he's coming next week"
    if _anchored_in_the_past(sentence, said):
        return None
    # (with now said nearby, only the clause's own tense counts: "some guy replied im outside ur building. like right now")
    # (a clause with no tense of its own, "..., guy tailgating me, I flipped him off", is told as its sentence is)
    own_tense = context_now and bool(set(said) & TENSE_MARKERS or _now_cue(said))
    told = _told_in_the_past(said if own_tense else sentence, context_now)
    if told and not ((coming or countdown) and not (there or hurting or armed)):
        # (a planned arrival or attack is reported in the past, "he wrote that he'll come at 5", "posted that
        # he'll shoot me tonight": only an anchor counts)
        return None
    if armed and (present & PICTURE_WORDS):
        return "hedged"  # a picture of a weapon: a threat to ask about, not someone armed at the door
    now_said = present & (PRESENT_CUES - {"still", "being"}) or recent(said) or _be_ing(said)  # "he's bringing the bat"
    if armed and not (there or hurting or coming or now_said):
        return "hedged"  # a weapon with no sign of now ("he still has the gun"): ask "Are you safe right now?"
    if armed and not (there or hurting or coming) and _owned_as_told(said):
        return "hedged"  # "now hes saying his dad has a rifle": a weapon someone is said to own, asked about
    return "now"


def _owned_as_told(said: list[str]) -> bool:
    """A weapon told as owned in a report ("he's saying his dad has a rifle", "she said he owns a gun"):
    a verb of saying, and "has" / "owns" before the weapon, not "bringing" or "holding"."""
    weapon = next((i for i, word in enumerate(said) if word in WEAPONS), None)
    if weapon is None or not _reports(said):
        return False
    return bool(set(said[max(0, weapon - 4) : weapon]) & OWNING)


def _negated(said: list[str]) -> bool:
    """A negation of the scene, not of the user's own knowing ("someone I've never met", "an account I
    don't recognise") nor of distance ("not far now")."""
    for i, word in enumerate(said):
        if word not in NEGATIONS:
            continue
        after = said[i + 1 : i + 3]
        users = set(said[max(0, i - 3) : i]) & USER_SUBJECTS
        if after[:1] == ["far"] or (users and set(after) & UNKNOWN_TO_USER):
            continue
        return True
    return False


def _habit_for(said: list[str], sentence: list[str]) -> bool:
    """A habit that holds for the words read: in them, or in a clause of the sentence that is not a
    relative clause about the actor ("someone's following me home rn, it's the guy who keeps messaging
    me": the habit is his messaging, not the following)."""
    # "keeps staring at me" with "right now" in the sentence goes on now, it is no habit
    strong = set(sentence) & STRONG_NOW or ("right", "now") in pairwise(sentence)
    ongoing = KEEP if strong else frozenset()
    if counted(said) and not recent(sentence):
        return True  # "he has come to my flat two times" (not "he's knocked twice in the last ten minutes")
    if _habitual(said, ongoing) or _reports_as_habit(sentence):
        return True
    # "he keeps ringing, he's bringing the bat": what keeps on in another clause is the harassment, not the
    # scene, when the scene's own clause is a present progressive
    elsewhere = ongoing | KEEP if _be_ing(said) else ongoing
    return any(_habitual(c, elsewhere) for c in _clauses(sentence) if c[0] not in RELATIVES and c != said)


def _reports_as_habit(sentence: list[str]) -> bool:
    """A message reported in the present simple with "when": what the person always sends ("she texts
    'see you soon' when I'm heading home"), not a message just sent."""
    for i, word in enumerate(sentence):
        lemma = lemma_of(word)
        if word.endswith("s") and lemma != word and lemma in REPORTS and {"when", "whenever"} & set(sentence[i + 1 :]):
            return True
    return False


def _following_the_user(said: list[str]) -> bool:
    """A following word, not right before others followed ("is following everyone from my school") nor
    the user's things online ("now hes following my spotify playlists")."""
    return any(
        word in FOLLOWING
        and not _follows_others(said[i + 1 : i + 5])
        and not (i and said[i - 1] in ACT_NAMED_BEFORE)  # "got my address from following me home": how, not now
        for i, word in enumerate(said)
    )


def _follows_others(after: list[str]) -> bool:
    """Whether the words after a following word name others or the user's things online, not the user."""
    if after[:1] and after[0] in FOLLOWED_OTHERS:
        return True
    while after and after[0] in {"all", "every", "each"}:
        after = after[1:]
    named = set(after[1:4])
    return bool(after) and after[0] in OWNERS and bool(named & ONLINE_THINGS) and not named & PHYSICAL_PLACES


def _habitual(said: list[str], ignored: frozenset[str] = frozenset()) -> bool:
    """A habit word ("he waits outside every day"), but not "live" as in a live location or a living room."""
    return any(
        word in HABITUAL - ignored
        and not (word in {"live", "living"} and said[i + 1 : i + 2] and said[i + 1] in LIVE_THINGS)
        for i, word in enumerate(said)
    )


def _already_here(said: list[str]) -> bool:
    """Whether the scene has someone there (present, following, hurting), not only on the way."""
    if _plea(said):
        return True
    for clause in [said, *_clauses(said)]:
        present = set(clause)
        here = _present_at(clause) or _following_the_user(clause) or _sees_now(clause) or _seen_now_message(clause)
        if (here or (present & VIOLENCE_NOW and _progressive(clause))) and not (_negated(clause) or _hedged(clause)):
            return True
    return False


def _be_ing(said: list[str]) -> bool:
    """A present progressive: an -ing form right after is/'s/are/'m, or with "still"/"just" between."""
    for i, word in enumerate(said):
        if not (word.endswith("ing") and len(word) > 4 and i):
            continue
        j = i - 1 if said[i - 1] not in {"still", "just", "now"} else i - 2
        if j >= 0 and said[j] in PRESENT_BE:
            return True
    return False


def _violence_by_someone(said: list[str]) -> bool:
    """Violence going on ("he's strangling me", "my husband is killing me please help")."""
    return any(
        word in VIOLENCE_NOW
        and _by_someone(said, i)
        and (word not in KILLING or said[i + 1 : i + 2] in (["me"], ["us"], ["her"], ["him"], ["them"]))
        and not (word == "blocking" and set(said[i + 1 : i + 2]) & BLOCKED_ONLINE)
        and not (i and said[i - 1] in ACT_NAMED_BEFORE)  # "went to jail for hitting me": the act named, not going on
        for i, word in enumerate(said)
    )  # (killing someone, not "murdering my sleep")


def _by_someone(said: list[str], i: int) -> bool:
    """Whether the violent word at i is done by a person, not by a thing in a figure of speech ("this
    group project is killing me", "my back is killing me") nor with words ("he's killing me with
    these texts")."""
    before = said[max(0, i - 5) : i]
    if set(before) & FIGURATIVE_SUBJECTS and not set(before) & ACTORS:
        return False
    if before[-2:] in (["this", "is"], ["it", "is"], ["that", "is"], ["it", "'s"], ["that", "'s"], ["its"]):
        return False  # "this is killing me", "it's killing me"
    after = said[i + 1 : i + 4]
    return not ("with" in after and not set(said[i + 1 : i + 6]) & WEAPONS)


def _progressive(said: list[str]) -> bool:
    """An -ing form after is/'s/are/'re/am/'m ("he's strangling me"), or with a present cue."""
    be = {"is", "'s", "s", "are", "'re", "re", "am", "'m", "m", "hes", "shes", "theyre", "im"}
    return _now_cue(said) or any(word.endswith("ing") and i and said[i - 1] in be for i, word in enumerate(said))


def _about_to(said: list[str]) -> bool:
    """Someone else is "about to" act: "he's about to", "they are about to" (not "I'm about to leave")."""
    for i, word in enumerate(said):
        imminent = word in IMMINENT and i + 1 < len(said) and said[i + 1] == "to"
        if imminent and set(said[max(0, i - 2) : i]) & (ACTORS - {"him", "her", "them"}):
            return True
    return False


def _sees_now(said: list[str]) -> bool:
    """Seeing the user now: "he can see me", "she sees me", "he's staring at me" (not "can see my
    location": that is tracking)."""
    if _watching_me(said):
        return True
    return any(
        word in SEEING and i + 1 < len(said) and said[i + 1] in {"me", "us"} and i and said[i - 1] == "can"
        for i, word in enumerate(said)
    ) or any(word == "sees" and "me" in said[i + 1 : i + 3] for i, word in enumerate(said))


def _watching_me(said: list[str]) -> bool:
    """Watching the user as it happens: "he's staring at me", "is watching us" (progressive, or told as now)."""
    for i, word in enumerate(said):
        target = said[i + 1 : i + 3]
        aimed = bool(target) and (target[0] in {"me", "us"} or target[:2] in (["at", "me"], ["at", "us"]))
        if word in WATCHING and aimed and _progressive(said):
            return True
    return False


def _seen_now_message(said: list[str]) -> bool:
    """A message just sent that shows the sender sees the user or the home now: "just texted 'why'd you
    close the curtains'", "sent a photo of my window twenty minutes ago", "'saw you get off the train'".

    Needs a report (sent, texted, asked...), then something only someone watching could know, and a
    sign that it is now or a moment ago ("just", "now", "already", "ten minutes ago").
    """
    if not (set(said) & SEEN_NOW_CUES - {"just"} or recent(said) or _just_sent(said)):
        return False
    for i, word in enumerate(said):
        habit = (word.endswith("s") and lemma_of(word) != word) or _told_as_their_habit(said, i)
        if (word in REPORTS or lemma_of(word) in REPORTS) and not habit:
            return any(_observed(said, j) for j in range(i + 1, len(said)))
    # no report word (a habit of reporting, "he texts things like...", is none), but a picture or a
    # message named and quoted: "just a picture of my window and the words 'nice lamp'"
    if any(word in REPORTS or lemma_of(word) in REPORTS for word in said):
        return False
    if not set(said) & (PICTURE_WORDS | {"message", "words", "note", "notification"}):
        return False
    marks = [i for i, word in enumerate(said) if word in QUOTE_MARKS]
    return bool(marks) and any(_observed(said, j) for j in range(marks[0] + 1, len(said)))


def _told_as_their_habit(said: list[str], i: int) -> bool:
    """A report word in its plain form after "they", "we" or "people" ("they just post pics of me and
    laugh", "people always send screenshots of me"): what they do, not a message a moment ago ("he
    texts things like..." is the same with one sender)."""
    if lemma_of(said[i]) != said[i]:
        return False
    k = i - 1
    while k >= 0 and said[k] in HABIT_ADVERBS:
        k -= 1
    return k >= 0 and said[k] in PLURAL_SUBJECTS


def _just_sent(said: list[str]) -> bool:
    """ "just" in the sense of a moment ago ("just texted", "why my light just went off"), not "just to make
    fun of me" nor "the comments are just roasting my outfit" (merely)."""
    return any(
        word == "just"
        and i + 1 < len(said)
        and said[i + 1] not in MERELY_AFTER
        and not (said[i + 1].endswith("ing") and len(said[i + 1]) > 4)
        for i, word in enumerate(said)
    )


def _observed(said: list[str], j: int) -> bool:
    """Whether the word at j tells what the user is doing or how the home looks right now."""
    word = said[j]
    if word in {"saw", "seen"}:
        return bool(set(said[j + 1 : j + 3]) & {"you", "u", "ya"})
    if word in {"look", "looking"} and j and said[j - 1] in {"you", "u", "ya"} and said[j + 1 : j + 2]:
        # "just messaged 'you look tired, go to bed'": seen a moment ago ("'you look nice today'" at church is not)
        return said[j + 1] not in {"at", "for", "up", "into", "like"} and _just_sent(said)
    if tuple(said[j : j + 2]) in WATCHED_COMMANDS and j and said[j - 1] in QUOTE_MARKS:
        return True  # a quoted order about how the user moves now: "'slow down'", "'turn around'"
    if word in PICTURE_WORDS:  # "a photo of my door", "a video of my own kids in our front garden"
        shown = said[j + 1 : j + 7]
        return "of" in shown[:2] and bool(set(shown) & (PHYSICAL_PLACES | SEEN_SUBJECTS))
    return word in OBSERVED


def _vehicle(said: list[str]) -> bool:
    """A vehicle that stands for its driver ("that silver car is back outside", "the same van has been
    behind me"), not the user's own ("my car is parked outside")."""
    return any(word in VEHICLES and not set(said[max(0, i - 3) : i]) & OWN for i, word in enumerate(said))


def _countdown(said: list[str], targets: frozenset[str] = TARGETS, sentence: list[str] | None = None) -> bool:
    """A threat to hurt the user with a near deadline: "ur getting battered at 3:30 by the gates",
    "you're getting a kicking tonight", "after school today you're dead" (a bare "today" may be when
    the message came, so it does not count)."""
    aimed = any(
        (lemma_of(word) in HARM_LEMMAS or word in HARM_LEMMAS or word in WEAPONS or word == "dead")
        and set(said[max(0, i - 3) : i + 4]) & targets
        and not set(said[i + 1 : i + 3]) & REFLEXIVES
        and _by_someone(said, i)
        for i, word in enumerate(said)
    )  # ("murdering my sleep, he emails me at midnight" aims at no one; "kill myself tonight" is self-harm)
    return aimed and _deadline(said if sentence is None else sentence)  # (the deadline may close the sentence)


def _deadline(said: list[str]) -> bool:
    """A time within hours: tonight, a clock time ("at 7", "3:30", "half 3"), "till midnight", "after school"."""
    if set(said) & DEADLINES:
        return True
    for i, (word, after) in enumerate(pairwise(said)):
        if (word, after) in DEADLINE_PAIRS:
            return True
        if word in DEADLINE_STARTS and set(said[i + 1 : i + 4]) & DAY_PARTS:
            return True  # "when school finishes", "after 3rd period"
        if word in CLOCK_WORDS | {"half"} and (after[:1].isdigit() or after in {"midnight", "noon", "lunch"}):
            return True
    return any(":" in word and word.replace(":", "").isdigit() for word in said)


def _closing_in(said: list[str]) -> bool:
    """A taunt that the sender is nearly there, in a message: "almost there", "not far now", "found you"
    (not the user's own "I'm almost home")."""
    reported = set(said) & (REPORTS | QUOTE_MARKS) or {lemma_of(w) for w in said} & REPORTS
    if not reported:
        return False
    for i, word in enumerate(said):
        before = set(said[max(0, i - 2) : i])
        closing = word in CLOSING_IN and i + 1 < len(said) and said[i + 1] in CLOSING_IN_AFTER
        if closing and not before & USER_SUBJECTS:
            return True
    return False


def _plea(said: list[str]) -> bool:
    """ "can't talk" as a plea ("cant talk, hes in the next room"), not "I can't talk to anyone about it";
    "can't say much" / "can't type" too when the person is said to be near ("hes in the next room")."""
    for i, word in enumerate(said):
        if i < 2 or said[i - 2] not in CANNOT or said[i - 1] not in {"nt", "n't", "not"}:
            continue
        if word == "talk":
            after = said[i + 1] if i + 1 < len(said) else ""
            return after == "" or after in PLEA_ENDS or after in ACTORS
        if word in PLEA_VERBS:
            rest = said[i + 1 :]
            while rest and rest[0] in PLEA_AMOUNTS:
                rest = rest[1:]
            ends = not rest or rest[0] in PLEA_ENDS or rest[0] in ACTORS
            return ends and bool(set(rest) & PLEA_NEAR)
    return False


def _present_at(said: list[str]) -> bool:
    """A presence word that is about someone there, not a picture of the place (unless said as now),
    nor where someone lives ("the bloke next door")."""
    for i, word in enumerate(said):
        after = said[i + 1 : i + 4]
        place = (
            (
                (word in PRESENCE and not (word == "door" and i and said[i - 1] == "next"))
                and not (word == "lobby" and set(said[max(0, i - 2) : i]) & (ONLINE_WORDS | ONLINE))  # a game's
                and not (word == "across" and not set(after[:1]) & {"from", "the", "road", "street"})
                and not (word == "outside" and bool(set(after[:2]) & OUTSIDE_TIMES))  # "outside school hours"
                and not (word == "outside" and i and said[i - 1] in {"studying", "study", "studies"})  # abroad
            )
            or (word == "room" and i and said[i - 1] in ROOMS_NEAR)
            or (
                word == "same" and _with_me(said[i + 1 : i + 6]) and _now_cue(said)
            )  # "in the same cafe as me right now"
            or (word == "inside" and bool(after) and after[0] in INSIDE_BEFORE)
            # ("in front of the house", "the front door"; not "called the front desk at work")
            or (word == "front" and bool(set(after[1:3] if after[:1] == ["of"] else after[:1]) & PHYSICAL_PLACES))
            or _at_users_place(said, i)
        )
        if place and i and said[i - 1] in REACHED_BY_PHONE:
            continue  # "calling reception", "emailing my office": reaching the place, not someone there
        if place and _names_an_online_venue(said, i):
            continue
        if place and not (set(said[max(0, i - 5) : i]) & PICTURE_WORDS and not _now_cue(said)):
            if said[i - 1 : i] in (["a"], ["an"]) and said[i - 2 : i - 1] not in ([w] for w in PLACE_PREPOSITIONS):
                continue  # "I have a partner and a dog and a garden": a thing owned, not a place someone is at
            if _a_thing_before(said, i):
                continue  # "a Ring camera ... now is angled at my driveway": a thing there, not someone
            return True
    return False


def _names_an_online_venue(said: list[str], i: int) -> bool:
    """The presence word at i names an online venue or what it is about, not a place someone is at:
    "outside the platform", "the building facebook group", "a man in the Facebook group of my building
    wrote that...". (A presence word of its own in the sentence still counts: "someone in the building
    chat says he's waiting outside my flat".)"""
    venues = ONLINE_VENUES | ONLINE_WORDS

    def online(k: int) -> bool:  # (not "the group home", "the chat room": places)
        return said[k] in venues and not (k + 1 < len(said) and said[k + 1] in PHYSICAL_PLACES | VENUE_NOT_ONLINE)

    if any(online(k) for k in range(i + 1, min(i + 4, len(said)))):
        return True
    before = range(max(0, i - 4), i)
    of = [k for k in before if said[k] == "of"]
    return bool(of) and any(online(k) for k in range(max(0, i - 4), of[0]))


POINTING = words("pointing_words")


def _thing_last(clause: list[str]) -> bool:
    """A thing named after the last person in the clause: what a clause that goes on from it is about."""
    things = [k for k, word in enumerate(clause) if word in THINGS]
    people = [k for k, word in enumerate(clause) if word in ACTORS - {"it", "its"}]
    return bool(things) and (not people or things[-1] > people[-1])


def _a_thing_before(said: list[str], i: int) -> bool:
    """A thing, not a person, just before the word at i ("an AirTag turned up", "the camera is angled at
    my door"): a tracker found or a camera pointed, which the rubric asks about, not someone there."""
    before = said[max(0, i - 4) : i]
    pointed = [k for k in range(max(0, i - 10), i) if said[k] in POINTING]
    if pointed:
        # a thing aimed at the place is the subject further back ("a new camera on his side of the fence
        # that points straight at my back door")
        before = said[max(0, pointed[0] - 8) : pointed[0]]
    things = [k for k, word in enumerate(before) if word in THINGS]
    # ("flowers on her doorstep": "her" right before the place is whose it is, not someone there)
    people = [
        k
        for k, word in enumerate(before)
        if word in ACTORS - {"it", "its"} and not (k == len(before) - 1 and word in POSSESSIVES)
    ]
    return bool(things) and (not people or things[-1] > people[-1])  # the nearer of the two is the subject


def _at_users_place(said: list[str], i: int) -> bool:
    """Someone at the user's place: "she's at my place rn", "hes at my bus stop" (not the user's own
    "I'm at my mum's")."""
    if said[i] not in AT or said[i + 1 : i + 2] not in (["my"], ["your"], ["ur"], ["our"]):
        return False
    if i and said[i - 1] == "be":
        return False  # "he'll be at my work at 5": a planned arrival, read as one
    if said[i + 2 : i + 3] and said[i + 2] in COHORTS:
        return False  # "he's in my year at school": a classmate, not someone at the school now
    before = set(said[max(0, i - 3) : i])
    users = before & (USER_SUBJECTS | {"m", "'m"})
    # told as a state now ("she's at my place", "is waiting at my gate"), not a past act ("appeared at my work")
    now = before & PRESENT_BE or any(w.endswith("ing") for w in said[max(0, i - 2) : i])
    return not users and bool(now) and bool(set(said[i + 2 : i + 5]) & (PHYSICAL_PLACES | OWN_PLACES))


def company(said: list[str]) -> bool:
    """Someone the user trusts there with them ("my mum is here with me", "my friends are with me now"):
    company, not danger, unless someone else is named in the clause too."""
    with_user = any(pair in (("with", "me"), ("with", "us")) for pair in pairwise(said))
    return with_user and bool(set(said) & COMPANY) and not set(said) & (PARTNERS | NOT_COMPANY)


def helper_coming(said: list[str], sentence: list[str]) -> bool:
    """Someone the user trusts on the way to help: the clause opens with "my <company word>" (not a
    partner: he may be the one doing it) or names the police, nobody else is named in it, and the
    sentence says what they come for ("to stay with me", "to take me to the police station")."""
    opening = said[:4]
    mine = any(a == "my" and b in COMPANY for a, b in pairwise(opening))
    # (who comes is said before what for: "to take my statement about my ex" names the ex as no arrival)
    head = said[: next((i for i, w in enumerate(said) if w in HELPER_PURPOSE_STARTS), len(said))]
    police = bool(set(head) & HELPER_COMPANY)
    if not (mine or police) or set(head) & (PARTNERS | (ACTORS - ACTOR_PRONOUNS - COMPANY)):
        return False  # ("my brother is on his way with that guy")
    for i, (a, b) in enumerate(pairwise(sentence)):
        if a in ("to", "so") and (b in HELPER_PURPOSES or lemma_of(b) in HELPER_PURPOSES):
            return True
        if a == "to" and lemma_of(b) == "take" and set(sentence[i + 2 : i + 7]) & HELPER_DESTINATIONS:
            return True
    return False


def helper_sends(said: list[str]) -> bool:
    """A sentence about someone the user trusts on the way to help ("my sister just sent me her live
    location with 'see you soon x' because she's driving up to help me"): its first clause outside the
    quotes opens with them, nobody else is named outside the quotes, and every pronoun there is theirs."""
    unquoted = _unquoted(said)
    clauses = _clauses(unquoted)
    others = set(unquoted) & (PARTNERS | (ACTORS - ACTOR_PRONOUNS - COMPANY))
    if not clauses or others or not helper_coming(clauses[0], unquoted):
        return False
    helper = next((b for a, b in pairwise(clauses[0][:4]) if a == "my" and b in COMPANY), None)
    pronouns = set(unquoted) & ACTOR_PRONOUNS
    if helper in HELPER_WOMEN:
        return not pronouns & HIS_PRONOUNS
    if helper in HELPER_MEN:
        return not pronouns & HER_PRONOUNS
    return not pronouns & (HIS_PRONOUNS | HER_PRONOUNS)


def _with_me(after: list[str]) -> bool:
    """ "as me" / "as us" among the words after "same"."""
    return any(pair in (("as", "me"), ("as", "us")) for pair in pairwise(after))


def _coming_out(said: list[str], i: int) -> bool:
    """ "Since coming out at work", "coming out as trans": telling who they are, not arriving."""
    if said[i + 1 : i + 2] != ["out"]:
        return False
    return said[i + 2 : i + 3] == ["as"] or bool(i and said[i - 1] in COMING_OUT_BEFORE)


def _someone_driven(said: list[str], i: int) -> bool:
    """ "driving the kids to school", "taking my son": someone driven, no arrival."""
    return (
        said[i + 1 : i + 2] in (["the"], ["my"], ["our"], ["his"], ["her"])
        and said[i + 2 : i + 3] != []
        and (said[i + 2] in PASSENGERS)
    )


def _under_way(said: list[str]) -> bool:
    """Coming now: "he's coming", "on his way" (not "what's coming to you": that is a threat, nor
    "he's driving me crazy": someone driven is no arrival)."""
    arriving = any(
        word in ARRIVING
        and not set(said[max(0, i - 2) : i]) & IDIOM_BEFORE
        and not (i + 1 < len(said) and said[i + 1] in ARRIVING_OBJECTS)
        and not set(said[i + 1 : i + 5]) & IDIOM_AFTER  # ("it's come back into my head")
        and not (said[i + 1 : i + 2] == ["for"] and said[i + 2 : i + 3] not in (["me"], ["you"], ["u"], ["us"]))
        and not _coming_out(said, i)
        and not _someone_driven(said, i)
        for i, word in enumerate(said)
    )
    return (
        arriving
        or any(word == "way" and i and said[i - 1] in WAY_OWNERS for i, word in enumerate(said))
        or _distance_off(said)
    )


def _distance_off(said: list[str]) -> bool:
    """A short distance from the user, told as a count: "she's 10 mins out", "two streets away"."""
    for i, word in enumerate(said):
        if word in DISTANCE_AFTER and i >= 2 and said[i - 1] in DISTANCE_UNITS:
            count = said[i - 2]
            if count[:1].isdigit() or count in {"a", "few", "two", "three", "five", "ten", "couple"}:
                return not set(said[max(0, i - 5) : i - 2]) & (USER_SUBJECTS | {"m", "'m"})
    return False


def _arriving(said: list[str]) -> bool:
    """Coming later: "he'll come", "will be here", "pick her up" (a near time makes it now)."""
    for i, word in enumerate(said):
        after = said[i + 1] if i + 1 < len(said) else ""
        if word in ARRIVAL and not (word == "come" and after in {"up", "across", "out"}):
            return True
        if word in ARRIVAL_WITH_PARTICLE and after in ARRIVAL_PARTICLES:  # "drop by", "swing round"
            return True
        if word == "be" and after in BE_PLACES:
            return True
        if word == "pick" and "up" in said[i + 1 : i + 4]:
            return True
        if word in {"expect", "expecting"} and after in {"him", "her", "them", "me"}:  # "told me to expect him by 9"
            return True
        if word == "see" and after in {"you", "u", "ya"} and _see_you_soon(said):  # "see you soon"
            return True
    return False


def _in_a_while(said: list[str]) -> bool:
    """ "in ten", "in a bit", "in a few": a near time counted from now."""
    for i, word in enumerate(said):
        if word != "in":
            continue
        count = i + 2 if said[i + 1 : i + 2] in (["a"], ["an"]) else i + 1
        counted = count < len(said) and (said[count][:1].isdigit() or said[count] in COUNT_WORDS)
        if counted and not set(said[count + 1 : count + 3]) & LONG_UNITS:  # not "in a few weeks", "in 2 days"
            return True
    return False


def _see_you_soon(said: list[str]) -> bool:
    """ "see you" with a near time: "see you soon", "see you at 9" (not "see you at the office" today)."""
    clock = any(w in CLOCK_WORDS and a[:1].isdigit() for w, a in pairwise(said))
    return bool(set(said) & SEE_YOU_TIMES) or clock


def _near_time(said: list[str]) -> bool:
    """A near time: a word like tonight, or "by 9" / "at 5" / "in 10" / "in ten" / "in a bit"."""
    if set(said) & SOON or _in_a_while(said):
        return True
    return any(word in CLOCK_WORDS and i + 1 < len(said) and said[i + 1][:1].isdigit() for i, word in enumerate(said))


def _told_in_the_past(said: list[str], context_now: bool = False) -> bool:
    """Past words (or a year) with no present cue: a story, not a scene now.

    A present perfect ("a man has followed me off the train") reaches into now when the sentence
    or one next to it says so ("I'm at the station now"); then its participle is no story.
    """
    if _now_cue(_unquoted(said)):
        return False  # (the teller's now: a quoted message's "just" is the message's: 'said he "just wanted closure"')
    if _there_is(said):
        return False  # "there's a man in a van parked outside my house": a state now, whatever the participle
    perfect = perfect_participles(said) if context_now else set()
    reports = {i for i in range(len(said)) if _reporting(said, i)}
    past = {word for i, word in enumerate(said) if i not in perfect and i not in reports} & PAST
    # (a message reported in the past tells its own time: "they messaged that they'll kick him in after lunch")
    reported = {i for i, word in enumerate(said) if word in REPORTS or lemma_of(word) in REPORTS}
    if not _be_ing(said) and simple_past(said, perfect | reported | _quoted_positions(said)):
        return True  # "he hammered on the door", whatever the verb (not "he's got her phone tracked")
    year = names_a_year(said)
    back = any(word == "back" and after in BACK_ANCHORS for word, after in pairwise(said))
    return year or back or _last_time(said) or bool(past)


def _there_is(said: list[str]) -> bool:
    """A clause that opens on "there's", "there is", "there are": someone or something there now."""
    opening = [word for word in said[:3] if word not in {"and", "but", "now", ",", "-"}]
    return opening[:1] in (["theres"], ["there're"]) or (
        opening[:1] == ["there"] and opening[1:2] in (["'s"], ["s"], ["is"], ["are"], ["'re"], ["re"])
    )


def _reporting(said: list[str], i: int) -> bool:
    """A past verb that reports a message told in the present ("some guy replied I'm outside ur
    building", "he posted that he's on his way"): the report is past, the scene it tells is not."""
    reported = lemma_of(said[i]) in REPORTS or said[i] in REPORTS
    return reported and any(word in PRESENT_BE for word in said[i + 1 : i + 6])


def _last_time(said: list[str]) -> bool:
    """ "last night", "last week": a time in the past ("the last thing she sent" is not)."""
    return any(word == "last" and after in LAST_TIMES for word, after in pairwise(said))


def anchored_in_the_past(said: list[str], clause: list[str] | None = None) -> bool:
    """A time anchor in the past in these words ("last week", "two years ago", "in 2019") and no present
    cue (in `clause`, when given: the part of the sentence a match is in)."""
    return _anchored_in_the_past(said, said if clause is None else clause)


def _anchored_in_the_past(sentence: list[str], clause: list[str]) -> bool:
    """A time anchor in the past anywhere in the sentence ("two years ago", "in 2019", "back in"),
    with no present cue in the clause itself ("years ago he stalked me; now he's outside")."""
    if _now_cue(clause) or _be_ing(clause):
        return False  # "we broke up last week, hes 2 streets away and coming"
    year = names_a_year(sentence)
    back = any(word == "back" and after in BACK_ANCHORS for word, after in pairwise(sentence))
    anchors = bool(set(sentence) & (PAST_ANCHORS - {"ago"})) or past_ago(sentence)  # not "ten minutes ago"
    return year or back or _last_time(sentence) or anchors or remembered(sentence)
