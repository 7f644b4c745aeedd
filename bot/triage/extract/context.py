"""Context a pattern alone cannot express: when a signal's match does not count.

Each rule is a small named function that looks at the words around one match and says whether
to drop it; RULES lists which rules apply to which signal. A new exception is a new function
plus one entry in the table, and each rule's docstring carries the phrasing it is for.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

from bot.triage.extract.composition import (
    ACTORS,
    COMPANY,
    IDIOM_AFTER,
    company,
    follow_each_other,
    helper_coming,
    release_awaited,
    release_told,
)
from bot.triage.extract.danger import clause_positions
from bot.triage.extract.text import sentence_bounds, token_words
from bot.triage.lexicon import words
from bot.triage.nlp import lemma_of

NOT_HAPPENED_YET = words("not_happened_yet")
USER_SUBJECTS = words("user_subjects")
OTHER_SUBJECTS = words("other_subjects")
ONLINE_WORDS = words("online_words")
LOCATION_SENDING = words("location_sending")
ONLINE_THINGS = words("online_things")
PASSIVE_ATTENTION = words("passive_attention")
PUBLISHED_ON = words("picture_published_on")
PHYSICAL_PLACES = words("physical_places")
ADDRESSEE_WORDS = words("addressee_words")
QUOTE_MARKS = words("quote_marks")
REPORTED_SPEECH = words("reported_speech")
REPORTING = REPORTED_SPEECH | words("threat_reporting")
DURATION_STARTS = words("duration_starts")
USER_LIFE_LEMMAS = words("user_life_lemmas")
SAME_DAY_EVENTS = words("same_day_events")
USERS_OWN_UNREST = words("users_own_unrest")
PRISON_WORDS = words("prison_words")
SENTENCE_VERBS = words("sentence_verbs")
WONDERING_WORDS = words("wondering_words")
OWN_POSSESSIVES = words("own_possessives")
WEAK_FEAR = words("weak_fear")
RELEASE_VERBS = words("release_verbs")
USER_TELLERS = words("user_tellers")
PLAYFUL_DEATH = words("playful_death")
JOKE_TOLD = words("joke_told")
OWN_SLIPS = words("own_slips")
CLOSE_TO_USER = words("close_to_user")
GOING_AUXILIARIES = words("going_auxiliaries")
GOING_ON_USERS_SIDE = words("going_on_users_side")
GOING_VERBS = frozenset({"go", "come", "drive", "walk", "park", "wait", "stand", "sit"})
TELLING = frozenset({"tell", "show", "send", "expose", "out"})
PLAN_WORDS = frozenset(
    {"m", "'m", "am", "are", "'re", "going", "to", "gon", "na", "gonna", "will", "'ll", "ll", "just"}
)
VIOLENT_VERBS = words("violent_verbs")
THREAT_FRAMES = words("threat_frames")
FUTURE_FRAMES = words("future_frames")
SMEAR_WORDS = words("smear_words")
ADDRESSED = words("addressed_objects")
LAUGHTER = words("laughter")
FIND_OUT = words("find_out_verbs")
PUBLISHING = words("publishing_lemmas")
PICTURE_LEMMAS = words("picture_lemmas")
SCAM_LEMMAS = words("scam_lemmas")
QUESTION_OPENERS = words("question_openers")
ANYONE = words("anyone")
PLEA_WORDS = words("plea_words")
COHORTS = words("cohorts")
LOCATING_WORDS = words("locating_words")
PLACES_NOT_CHANNELS = LOCATING_WORDS - {"number", "location"}  # ("my new number" is a channel)
PLACE_SUBJECTS = words("place_subjects")
EMBARRASSMENT = words("embarrassment")
NOT_EMBARRASSMENT = words("not_embarrassment")
NAMING_WORDS = words("naming_words")
WITH_SOMEONE = words("with_someone")
PERSON_WORDS = words("person_words")
INTIMATE_DOINGS = words("intimate_doings")
FEAR_TOLD = words("fear_told")
PARTNERS = words("partner_words")
OPEN_SHARING = words("open_sharing")
HIDDEN_SHARING = words("hidden_sharing")
HIDDEN_FROM_CHILD = words("hidden_from_child")
SHARING_TOOLS = words("sharing_tools")
EVERYDAY_WEAPON_USE = words("everyday_weapon_use")
NOT_EVERYDAY = words("errand_not") | words("violent_verbs")
TRACKING_ACTORS = words("tracking_actors")

# A rule gets the document and the match's token span; True means "this match does not count".
Rule = Callable[[Doc, int, int], bool]


def _lower_before(doc: Doc, start: int, n: int) -> list[str]:
    return token_words(doc).lowers[max(0, start - n) : start]


def online_not_in_person(doc: Doc, start: int, end: int) -> bool:
    """'turns up online wherever I am' is online following, not showing up in person."""
    return token_words(doc).lowers[end : end + 1] == ["online"]


def found_online(doc: Doc, start: int, end: int) -> bool:
    """'he found me on insta', 'she found me online again': found online, not where the user is."""
    after = token_words(doc).lowers[end : end + 3]
    return bool(after) and (after[0] in {"on", "online", "through", "via"} or bool(set(after) & ONLINE_WORDS))


def feared_not_happened(doc: Doc, start: int, end: int) -> bool:
    """'what if he comes to my house', "he said he'd show up at my prom": feared or planned, not happened
    ("he'd shown up" is had, not would: a verb's own form after 'd)."""
    before = _lower_before(doc, start, 4)
    if set(before) & NOT_HAPPENED_YET:
        return True
    would = {"'d", "d"} & set(before[-2:])
    return bool(would) and doc[start].lower_ == doc[start].lemma_


CHANGED_LOOK_BACK = 20  # tokens read back for who changed the details, within the sentence


def user_changed_own_details(doc: Doc, start: int, end: int) -> bool:
    """'I changed my number' is what the user did to get away, not someone in their account; so is "I
    moved in March after leaving him and changed my number" (the nearest subject in the sentence is
    the user's)."""
    if doc[start].lemma_ != "change":
        return False
    for token in reversed(doc[max(0, start - CHANGED_LOOK_BACK) : start]):
        word = token.lower_
        if word in {".", "!", "?"} or "\n" in token.text:
            return False
        if word in USER_SUBJECTS:
            return True
        if word in OTHER_SUBJECTS:
            return False
    return False


def danger_only_online(doc: Doc, start: int, end: int) -> bool:
    """'someone is watching me online' is not someone at the door (unless the match names a place)."""
    lowers = token_words(doc).lowers
    around = {lowers[i] for i in clause_positions(doc, start, end)}
    physical = set(lowers[start:end]) & PHYSICAL_PLACES
    return bool(around & ONLINE_WORDS) and not physical


def attention_to_online_things(doc: Doc, start: int, end: int) -> bool:
    """'now hes following my spotify playlists lol', 'she's watching all my socials', 'my husband is watching
    everything I do on my phone': following or watching the user's things online, not the user. Only when the match ends on the verb and a
    possessive and an online thing come right after it."""
    if doc[end - 1].lower_ not in PASSIVE_ATTENTION:
        return False
    after = [t.lower_ for t in doc[end : end + 8]]
    if after[:1] in (["everything"], ["what"]):  # "watching everything I do on my phone"
        told = set(after[1:8])
        return bool(told & (ONLINE_WORDS | {"phone", "laptop", "screen"})) and not told & PHYSICAL_PLACES
    after = after[:5]
    while after and after[0] in {"all", "every", "each", "of"}:
        after = after[1:]
    if not after or after[0] not in OWN_POSSESSIVES | {"her", "his", "their"}:
        return False
    named = after[1:4]
    return bool(set(named) & (ONLINE_THINGS | ONLINE_WORDS | {"location"})) and not set(named) & PHYSICAL_PLACES


def in_company(doc: Doc, start: int, end: int) -> bool:
    """'my mum is here with me', 'my friends are with me now': someone the user trusts, there with them,
    not someone at the door (unless the clause names a partner or someone else too: `company`)."""
    lowers = token_words(doc).lowers
    around = [lowers[i] for i in clause_positions(doc, start, end)]
    return bool(set(lowers[start:end]) & COMPANY) and company(around)


def helper_on_the_way(doc: Doc, start: int, end: int) -> bool:
    """'my mam is on her way over now, she's going to stay the night with me', 'police are on their way
    round to take my statement': someone the user trusts coming to help (`composition.helper_coming`)."""
    lowers = token_words(doc).lowers
    around = [lowers[i] for i in sorted(clause_positions(doc, start, end))]  # (in the order said)
    first, last = sentence_bounds(doc, start)
    return helper_coming(around, lowers[first:last])


def memory_coming_back(doc: Doc, start: int, end: int) -> bool:
    """'it's come back into my head', 'it all came back to my mind': a memory, not someone arriving."""
    after = {t.lower_ for t in doc[end : end + 4]}
    return doc[end - 1].lower_ == "back" and bool(after & IDIOM_AFTER)


def nobody_there(doc: Doc, start: int, end: int) -> bool:
    """'There's nobody outside', 'no one's at the door': the match itself says nobody is there."""
    span = [t.lower_ for t in doc[start:end]]
    return "nobody" in span or "noone" in span or ("no" in span and "one" in span)


def in_a_cohort(doc: Doc, start: int, end: int) -> bool:
    """'he's in my year at school', 'she's in my class': who someone is, not where they are now."""
    after = [t.lower_ for t in doc[end : end + 2]]
    if after[:1] and after[0] in {"my", "our", "the", "same"}:
        after = after[1:]
    return doc[end - 1].lower_ in {"in", "at"} and after[:1] != [] and after[0] in COHORTS


def died_of_embarrassment(doc: Doc, start: int, end: int) -> bool:
    """'i want to die, i sent that to the wrong chat 😭', 'ugh i want to die, i just replied-all': a
    figure of speech about an everyday embarrassment (the rubric's "I could die of embarrassment"),
    read only where the sentence names the mishap and tells no abuse, fear or despair."""
    said = " " + " ".join(_sentence_words(doc, start)) + " "
    return any(f" {phrase} " in said for phrase in EMBARRASSMENT) and not any(
        f" {phrase} " in said for phrase in NOT_EMBARRASSMENT
    )


def distance_of_a_place(doc: Doc, start: int, end: int) -> bool:
    """'he drove to my parents' house, which is an hour away', 'the office is 20 minutes away': how far a
    place is, not someone on the way. Only for a distance ("... away") said of "which", "that", "it" or
    a place word just before it."""
    if doc[end - 1].lower_ != "away":
        return False
    before = [t.lower_ for t in doc[max(0, start - 3) : start]]
    if not before or before[-1] not in {"is", "'s", "s", "about", "like", "around", "roughly"}:
        return False
    return bool(set(before) & (PLACE_SUBJECTS | LOCATING_WORDS))


def dated_ago(doc: Doc, start: int, end: int) -> bool:
    """ "photos of me from 2 years ago": a date, not how long it has gone on."""
    return doc[start].lower_ == "from" and token_words(doc).lowers[end : end + 1] == ["ago"]


def seen_already(doc: Doc, start: int, end: int) -> bool:
    """ "nice to see you at 6am" (a comment on a gym's post): glad to have seen the user, not a meeting
    to come. Only "see you" right after "nice to", "good to", "great to" or "lovely to"."""
    if doc[start].lower_ != "see":
        return False
    return _lower_before(doc, start, 2) in (["nice", "to"], ["good", "to"], ["great", "to"], ["lovely", "to"])


def broke_up(doc: Doc, start: int, end: int) -> bool:
    """'They've broken up', 'since we broke up': a relationship ended, not someone breaking in."""
    return doc[end - 1].lemma_ == "break" and end < len(doc) and doc[end].lower_ == "up"


def in_prison(doc: Doc, start: int, end: int) -> bool:
    """'He got 18 months and he's still inside', "he's inside now but he gets out in six weeks": in prison,
    not inside the house. Only "still inside" or "is inside" ending its clause, with a sentence served,
    prison or a release to come told in that sentence or the one before ("he's inside, I'm hiding" and
    "still inside the house" stay danger)."""
    if [t.lower_ for t in doc[max(start, end - 2) : end]] not in (["still", "inside"], *INSIDE_AFTER_BE):
        return False
    following = doc[end].lower_ if end < len(doc) else "."
    if following.isalpha() and following not in {"and", "but", "so", "now", "though"}:
        return False
    here = doc[end - 1].sent.start if doc.has_annotation("SENT_START") else 0
    earlier = doc[here - 1].sent.start if here else here  # the sentence before, when there is one
    stop = end
    while stop < len(doc) and doc[stop].text not in {".", "!", "?"}:
        stop += 1  # to the end of its own sentence, not the next
    words_ = [t.lower_ for t in doc[earlier:stop]]  # "he's inside now but he gets out in six weeks"
    return _sentence_told(words_) or release_told(words_) or bool(set(words_) & PRISON_WORDS)


def _sentence_told(words_: list[str]) -> bool:
    """A prison sentence among the words: "got 18 months", "doing 6 years"."""
    return any(
        word in SENTENCE_VERBS and i + 2 < len(words_) and words_[i + 2] in SENTENCE_LENGTHS
        for i, word in enumerate(words_)
    )


SENTENCE_LENGTHS = frozenset({"months", "years", "weeks"})


# "he's inside now but he gets out in six weeks": in prison, read as "still inside" is (with a sentence
# served or a release told in that sentence or the one before).
INSIDE_AFTER_BE = (["'s", "inside"], ["s", "inside"], ["is", "inside"])


def following_each_other(doc: Doc, start: int, end: int) -> bool:
    """ "She's still following me (and I still follow her, I know)": see `composition.follow_each_other`."""
    if not {t.lower_ for t in doc[start:end]} & {"following", "follows", "followed"}:
        return False
    first, last = sentence_bounds(doc, start)
    return follow_each_other([t.lower_ for t in doc[first:last]])


def waiting_for_release(doc: Doc, start: int, end: int) -> bool:
    """ "I'm just sat here waiting for him to get out": see `composition.release_awaited`."""
    first, last = sentence_bounds(doc, start)
    return release_awaited([t.lower_ for t in doc[first:last]], {t.lower_ for t in doc[:first]})


def user_on_own_way(doc: Doc, start: int, end: int) -> bool:
    """'I'm on my way to work' is the user moving; "he texted 'on my way'" quotes the abuser."""
    span_words = set(token_words(doc).lowers[start:end])
    if not ({"my", "way"} <= span_words) or span_words & ADDRESSEE_WORDS:
        return False
    quoted = any(w in QUOTE_MARKS or w in REPORTED_SPEECH for w in _lower_before(doc, start, 4))
    return not quoted


def users_own_watch(doc: Doc, start: int, end: int) -> bool:
    """'I keep looking at the doors in the office', 'I'm watching the street from my window': the user is the
    one looking, told in the first person with no one else named around it (not "he's watching my house",
    "I'm looking at him across the road"). Only looking: "I'm sitting in my car, too scared to go in" may be
    half of a scene."""
    if doc[start].lower_ not in WATCHING_WORDS:
        return False
    before = _clause_before(doc, start, 4)
    around = set(before) | {t.lower_ for t in doc[start : end + 3]}
    return bool(set(before) & {"i", "im", "i'm", "we", "we're", "were"}) and not around & ACTORS


WATCHING_WORDS = words("users_own_watching")


def there_whenever(doc: Doc, start: int, end: int) -> bool:
    """'she's there when we check', 'he's here whenever I finish work': there each time something happens,
    a habit told in the present, not someone there now."""
    return doc[end - 1].lower_ in {"there", "here"} and [t.lower_ for t in doc[end : end + 1]] in (
        ["when"],
        ["whenever"],
    )


def no_one_arriving(doc: Doc, start: int, end: int) -> bool:
    """'the sofa turned up damaged', 'it went to my work address', 'posted that I turn up drunk to pickup': a
    thing arriving, or the user, not someone coming to them."""
    before = [t.lower_ for t in doc[max(0, start - 1) : start]]
    return bool(before) and before[0] in ARRIVING_NOT_SOMEONE


ARRIVING_NOT_SOMEONE = words("arriving_not_someone")


def user_going_there(doc: Doc, start: int, end: int) -> bool:
    """'should I go to the school or the police?', 'we drove to my parents' for the weekend', 'my mum
    wants to go to the school', 'he told me to come to the house': the user (or their own people
    planning to "go") going somewhere, not someone coming to them."""
    verb = doc[start].lemma_.lower()
    if verb not in GOING_VERBS:
        return False
    at = start - 1
    while at >= 0 and doc[at].lower_ in GOING_AUXILIARIES:
        at -= 1
    if at < 0:
        return False
    subject = doc[at].lower_
    if subject in USER_TELLERS or subject == "me":
        return True
    owned = at > 0 and doc[at - 1].lower_ in {"my", "our"}
    return doc[start].lower_ == "go" and at < start - 1 and owned and subject in GOING_ON_USERS_SIDE


def done_by_a_thing(doc: Doc, start: int, end: int) -> bool:
    """'it threw me', 'that hit me hard', 'this kicked me when I was down': a thing or an event did it, a
    figure of speech, not violence by someone."""
    return start > 0 and doc[start - 1].lower_ in {"it", "that", "this", "which", "reality", "news"}


def user_life_duration(doc: Doc, start: int, end: int) -> bool:
    """'I've lived in Delhi for six years', 'I was with him for six years': the user's life, not contact."""
    if doc[start].lower_ not in DURATION_STARTS:
        return False
    return bool({t.lemma_ for t in doc[max(0, start - 5) : start]} & USER_LIFE_LEMMAS)


def time_a_thing_was_up(doc: Doc, start: int, end: int) -> bool:
    """'the post was up for 8 months', 'it stayed online for weeks': how long a thing was there, not contact."""
    return doc[start].lower_ in DURATION_STARTS and start > 0 and doc[start - 1].lower_ in THING_UP_WORDS


THING_UP_WORDS = frozenset({"up", "online", "live", "visible", "public"})


def since_earlier_today(doc: Doc, start: int, end: int) -> bool:
    """'Things have moved since I went to bed', 'he's behind me since I got off the bus': the time
    since an event of the same day, not weeks of contact."""
    if doc[start].lower_ != "since":
        return False
    after = {t.lower_ for t in doc[end : end + 4]}
    return bool(after & SAME_DAY_EVENTS) or ("home" in after and doc[end - 1].lower_ in {"got", "went", "came"})


def users_own_unrest(doc: Doc, start: int, end: int) -> bool:
    """'I can't stop thinking about it', 'can't stop checking my phone': the user's own unrest, not
    someone who won't stop contacting them."""
    if doc[end - 1].lower_ not in {"stop", "quit"}:
        return False
    return bool({t.lower_ for t in doc[end : end + 2]} & USERS_OWN_UNREST)


def a_noun_not_a_habit(doc: Doc, start: int, end: int) -> bool:
    """'my sister keeps going on my messages on the family ipad', 'the comments on my video': the plural
    of a thing after "my" or "the", not the habit "she messages me on Snapchat"."""
    return (
        start > 0
        and doc[start].lower_ in HABIT_PLURALS
        and doc[start - 1].lower_ in NOUN_MARKERS | {"these", "those", "old"}
    )


HABIT_PLURALS = words("habit_plurals")


def users_own_count(doc: Doc, start: int, end: int) -> bool:
    """'I've been sick twice', 'I checked it twice', 'I've just started dating again': how often the user did
    or felt something, not someone contacting them (not "I've been messaged twice", "I blocked him twice":
    someone else in the clause; nor "I'm getting texts again": contact the user received)."""
    if doc[start].lower_ not in ONCE_MORE_WORDS | AGAIN_WORDS:
        return False
    clause = _clause_before(doc, start, 6)
    if doc[start].lower_ in AGAIN_WORDS and set(clause) & (CONTACT_WORDS | RECEIVING | {"it", "this", "that"}):
        return False  # ("I'm getting texts again": contact the user received; "I'm scared it'll start again")
    passive = any(
        word.endswith("ed") and word not in STATE_PARTICIPLES and clause[i - 1] in {"been", "was", "got", "get"}
        for i, word in enumerate(clause[1:], start=1)
    )  # ("I've been messaged twice", not "I've been scared twice")
    # (someone else in the clause makes it their contact: "I blocked him twice")
    return clause[:1] in (["i"], ["ive"], ["we"]) and not set(clause) & THIRD_PERSON and not passive


ONCE_MORE_WORDS = frozenset({"twice", "thrice"})
# "I've just started dating again": the user doing something again (unless contact is in the clause).
AGAIN_WORDS = frozenset({"again"})
CONTACT_WORDS = words("rising_rate_contact")
RECEIVING = words("receiving_words")
STATE_PARTICIPLES = frozenset({"scared", "worried", "frightened", "terrified", "stressed", "upset", "tired"})


def a_trait_not_a_habit(doc: Doc, start: int, end: int) -> bool:
    """'He's always been a bit dramatic', 'she is always so nice', 'lovely as always': what someone is like,
    not something they keep doing to the user ('he always texts me at night')."""
    if end - start != 1 or doc[start].lower_ not in ALWAYS_WORDS:
        return False
    if start > 0 and doc[start - 1].lower_ == "as":  # "you look lovely as always", "late as always"
        return True
    return (
        end < len(doc)
        and doc[end].lower_ in TRAIT_AFTER_ALWAYS
        and not (doc[end].lower_ == "been" and end + 1 < len(doc) and doc[end + 1].lower_.endswith("ing"))
    )  # ("he has always been texting me" is the habit)


ALWAYS_WORDS = frozenset({"always"})
TRAIT_AFTER_ALWAYS = words("trait_after_always")


def accused_of_it(doc: Doc, start: int, end: int) -> bool:
    """'a long post calling me a bigot (I'm not)', "'Nosy old witch', 'racist', which I am not": the user
    called a bigot, an accusation (an insult), not abuse aimed at who they are."""
    if end - start != 1 or doc[start].lower_ not in ACCUSATIONS:
        return False
    before = [t.lower_ for t in doc[max(0, start - 4) : start]]
    called = bool(set(before) & CALLING_NAMES)
    # "saying ... that I'm a racist": the user described as one
    described = before[-3:] in (["i", "'m", "a"], ["i", "am", "a"], ["i", "m", "a"]) or before[-2:] in (
        ["im", "a"],
        ["i", "'m"],
        ["i", "am"],
    )
    # "a fake page in my name posting racist comments": what is posted in the user's name, not aimed at them
    posted = (
        any(lemma_of(word) in PUBLISHING for word in before[-3:])
        and not set(before[-3:]) & AIMED_AT_USER
        and not {t.lower_ for t in doc[end : end + 4]} & AIMED_AT_USER
    )
    denied = [t.lower_ for t in doc[end : end + 6]]
    return (
        called
        or described
        or posted
        or any(
            denied[i : i + 3] in (["i", "am", "not"], ["i", "'m", "not"], ["i", "m", "not"], ["im", "not"])
            for i in range(4)
        )
    )


ACCUSATIONS = words("accusations")
AIMED_AT_USER = frozenset({"about", "at", "to", "me", "my", "us", "our"})
CALLING_NAMES = frozenset(
    {"call", "calling", "called", "calls", "accuse", "accused", "accusing", "labelled", "labeled"}
)


def block_not_done(doc: Doc, start: int, end: int) -> bool:
    """'should I block?', 'Block or ignore?', 'my nan says just block him', 'how do I block someone',
    'my coworker blocked me', 'a mod banned me': a block asked about, advised, or done to the user, not
    the user blocking someone who then kept on."""
    after = [t.lower_ for t in doc[end : end + 3]]
    if after[:1] in (["me"], ["us"]):
        return True
    before = _clause_before(doc, start, 4)
    if set(before[-3:]) & (ASKING_WHETHER | {"before", "to", "says", "said", "just"}):
        return not (before[-1:] == ["to"] and set(before) & {"had", "have", "has", "tried"})  # ("I had to block him")
    if before[-1:] in (["got"], ["get"], ["getting"]) and not set(before) & THIRD_PERSON:
        return True  # "Got banned from a Discord for spam": done to the user (not "he got blocked")
    return not before and "?" in after  # the word opens the question: "block?", "Block or ignore?"


def block_ended_it(doc: Doc, start: int, end: int) -> bool:
    """'blocked + reported. is this illegal?', 'He doesn't message me, I already blocked him': a block told with
    no sign that contact went on after it: nothing before it such as "after", "since" or "even though" ("keeps
    texting even though I blocked him"), and nothing after it, in the next words, of more contact ("but",
    "still", "now", "again", "a new account", "keeps"...)."""
    if set(_clause_before(doc, start, 6)) & BLOCK_THEN_BEFORE:
        return False
    read = token_words(doc)
    after = read.lowers[end : end + BLOCK_REACH]
    return not set(after) & BLOCK_THEN_AFTER


BLOCK_REACH = 40  # tokens after a block read for more contact
BLOCK_THEN_BEFORE = frozenset({"after", "since", "despite", "though", "although", "tho", "even", "still"})
BLOCK_THEN_AFTER = words("contact_after_block")


def declined_with_thanks(doc: Doc, start: int, end: int) -> bool:
    """'I said no thanks', 'I said "No thanks, enjoy the chair!"': an offer or invitation turned down, not
    asking someone to stop."""
    after = [t.lower_ for t in doc[end : end + 2] if t.lower_ not in QUOTE_MARKS]
    return doc[end - 1].lower_ == "no" and after[:1] in (["thanks"], ["thank"], ["thx"], ["ty"], ["ta"])


def a_question_whether(doc: Doc, start: int, end: int) -> bool:
    """'Is it stalking if my landlord texts me?': the pattern's gap is "if" or "whether", a question about
    someone, not contact with them."""
    return any(t.lower_ in {"if", "whether"} for t in doc[start + 1 : end - 1])


def users_own_look(doc: Doc, start: int, end: int) -> bool:
    """'I checked my instagram and there was a message from him', "i've been going through my messages":
    the user looking at their own things, not someone watching them."""
    before = [w for w in _clause_before(doc, start, 4) if w not in OWN_LOOK_FILLERS]
    return before[-1:] in (["i"], ["we"], ["ive"]) or before[-2:] in (["i", "'ve"], ["i", "'d"], ["we", "'ve"])


OWN_LOOK_FILLERS = frozenset({"just", "then", "also", "always", "finally", "been", "have", "had", "went", "to"})


def asking_not_done(doc: Doc, start: int, end: int) -> bool:
    """'idk if i should say stop', 'how do I tell him to stop': whether or how to ask, not asked yet."""
    before = _clause_before(doc, start, 4)
    return bool(set(before[-3:]) & ASKING_WHETHER) and not set(before) & {"after", "when"}


ASKING_WHETHER = frozenset({"should", "shall", "how", "whether", "if"})  # (asked about, not done)
THIRD_PERSON = OTHER_SUBJECTS | {"him", "her", "them", "theyre"}


def users_own_account(doc: Doc, start: int, end: int) -> bool:
    """'if i make a new account just to say sorry', 'I got a new number': the user's own account, not
    someone making accounts to reach them ("he made a new account" keeps its subject)."""
    before = _clause_before(doc, start, 3)
    if set(before) & USER_MAKERS and not set(before) & THIRD_PERSON:
        return True
    # "if i make a new account just to say sorry": the user's own, with no one in the sentence who finds it
    # ("whenever I make a new account he finds it" is pursuit)
    if not {t.lower_ for t in doc[start:end]} & USER_MAKERS:
        return False
    first, last = sentence_bounds(doc, start)
    return not {t.lower_ for t in doc[first:last]} & THIRD_PERSON


USER_MAKERS = USER_SUBJECTS | {"im", "i'm"}


def a_phone_prefix(doc: Doc, start: int, end: int) -> bool:
    """'an unknown +44 number': a country's dialling code, not a count of numbers or messages."""
    return doc[start].text.startswith("+") or (start > 0 and doc[start - 1].text == "+")


def school_year(doc: Doc, start: int, end: int) -> bool:
    """'since year 8', 'since Year 10': a school year, not weeks of contact."""
    return (
        doc[start].lower_ == "since"
        and end < len(doc)
        and doc[end - 1].lower_ in {"year", "grade"}
        and doc[end].like_num
    )


def smear_not_pursuit(doc: Doc, start: int, end: int) -> bool:
    """'emailing my husband and my boss saying I stole money from the club': telling people around
    the user lies about them is harassment (defamation), not contacting them to reach or watch the
    user, which is what makes it a sign of stalking in the rubric."""
    return bool(set(_sentence_words(doc, start, following=0)) & SMEAR_WORDS)


def wondered_about(doc: Doc, start: int, end: int) -> bool:
    """'I wonder if this is harassment', 'my friend is being harassed': wondered about, or someone else."""
    return bool(set(_lower_before(doc, start, 5)) & WONDERING_WORDS)


def a_place_not_a_platform(doc: Doc, start: int, end: int) -> bool:
    """'scared my ex will find my new address', 'found my new job': a place found, not the user's accounts
    followed across platforms (that is where they live or work)."""
    following = doc[end].lower_ if end < len(doc) else ""
    if doc[end - 1].lower_ in {"my", "our"} and following in PLACES_NOT_CHANNELS and _follows(doc, start, end):
        return True  # "following me to my college", "followed me to my work": in person, not across platforms
    return doc[end - 1].lower_ in {"new", "other", "personal", "private"} and following in PLACES_NOT_CHANNELS


def followed_in_person(doc: Doc, start: int, end: int) -> bool:
    """'followed me to my work', 'following me to my college': someone following the user there in person
    (showing up), not contacting the people around them."""
    last = doc[end - 1].lower_
    return _follows(doc, start, end) and last in PLACES_NOT_CHANNELS


def _follows(doc: Doc, start: int, end: int) -> bool:
    return any(lemma_of(t.lower_) in {"follow", "chase", "track"} for t in doc[start:end])


def own_details_listed(doc: Doc, start: int, end: int) -> bool:
    """'posted my work email and LinkedIn': the user's details listed, not following across platforms."""
    return bool(set(_lower_before(doc, start, 2)) & OWN_POSSESSIVES)


def weak_fear_alone(doc: Doc, start: int, end: int) -> bool:
    """'anxious' or 'worried' alone: unease ordinary contact can cause, not fear for safety."""
    return end - start == 1 and doc[start].lower_ in WEAK_FEAR


def _clause_before(doc: Doc, start: int, n: int) -> list[str]:
    """Up to `n` lower-cased words before `start`, stopping at a sentence or clause end."""
    read = token_words(doc)
    before: list[str] = []
    for i in range(start - 1, max(-1, start - 1 - n), -1):
        word = read.lowers[i]
        if word in {".", "!", "?", ";", ",", "but"} or "\n" in read.texts[i]:
            break
        before.append(word)
    return before[::-1]


def _reported_before(doc: Doc, start: int, n: int = 8) -> bool:
    """Whether a reporting word ("said", "texted", "posted") opens the clause before `start`; not one
    after "my", "his", "a"... ("if her gf sees his post she's gonna kill me lol": a post, not posting)."""
    clause = _clause_before(doc, start, n)
    return any(word in REPORTING and not (i and clause[i - 1] in NOUN_MARKERS) for i, word in enumerate(clause))


NOUN_MARKERS = frozenset({"my", "his", "her", "their", "your", "ur", "our", "a", "an", "the", "this", "that"})


def users_own_anger(doc: Doc, start: int, end: int) -> bool:
    """'im going to kill my flatmate, she keeps posting pics of me': the user's own words about someone
    else, not a threat made to them. Only a first-person threat that is not quoted or reported ("he
    texted 'I will kill you'", "he said I'll hurt you") and not aimed at "you"."""
    own = {"i", "im", "i'm", "ill", "i'll", "id", "i'd"}
    clause = _clause_before(doc, start, 6)
    subjects = [w for w in clause if w in own | {"he", "she", "they", "hes", "shes", "someone", "you", "u", "we"}]
    if doc[start].lower_ not in own and not (subjects and subjects[-1] in own):
        return False  # ("kill my" with no one named before it, or "he'll kill my dog": not the user's words)
    if "dead" in {t.lower_ for t in doc[start:end]}:
        return False  # "an email stating that I would be 'found dead'": the user is the one threatened
    first, _ = sentence_bounds(doc, start)
    if sum(1 for t in doc[first:start] if t.lower_ in QUOTE_MARKS) % 2:
        return False  # inside a quotation
    if any(w in REPORTING or lemma_of(w) in REPORTING for w in _clause_before(doc, start, 8)):
        return False  # reported ("he said I'll hurt you")
    aimed = [t.lower_ for t in doc[end : end + 2]] + [t.lower_ for t in doc[start:end]]
    return not set(aimed) & {"you", "u", "ya", "yous", "ur", "your"}


def narrated_violence(doc: Doc, start: int, end: int) -> bool:
    """'He used to beat me', 'my ex strangled me last year', 'he hits her': violence told as done
    (past violence, read by its own signal), not a threat. A threat has a frame before the verb:
    'he'll / he's going to / he said he would / he threatened to / someone should'. Words aimed at
    the user ('kill you') are a threat as they stand."""
    if doc[start].lemma_ not in VIOLENT_VERBS:
        return False
    if {t.lower_ for t in doc[start + 1 : end]} & ADDRESSED:
        return False
    if {t.lemma_ for t in doc[start + 1 : end]} & {"threat", "threats"}:
        return False  # "rape threats", "death threats": threats by name
    before = _clause_before(doc, start, 10)
    if before[-1:] == ["i"]:
        return True  # "posted that I beat my wife": the user's own act, told or alleged, is no threat to them
    if _past_form(doc[start].lower_, doc[start].lemma_) and not set(before[-3:]) & FUTURE_FRAMES:
        return True  # "saying 'this is the nurse who killed my father'": done, not threatened
    if start > 0 and doc[start - 1].text in QUOTE_MARKS and doc[start].lower_ == doc[start].lemma_:
        return False  # a quoted command ("the words 'burn it with them inside'"): a threat as it stands
    return not set(before) & THREAT_FRAMES


def _past_form(word: str, lemma: str) -> bool:
    """A regular past form of a violent verb ("killed", "poisoned", "stabbed"), not its base."""
    return word != lemma and word.endswith("ed")


def figure_of_speech(doc: Doc, start: int, end: int) -> bool:
    """'My mum is going to kill me when she finds out lol', 'my boss will kill me if he sees this 😅':
    a figure of speech, not a threat. Read only for 'kill/murder me' words: with laughter in the
    sentence, or the consequence of someone finding out. Reported words ("my mate said he'd kill me if
    i spoil the finale lmaooo") only with laughter right after them, no fear told, and not from a
    partner or an ex ("my ex said he'd kill me lol" stays a threat)."""
    lemmas = {doc[start].lemma_} | {t.lemma_ for t in doc[start:end]}
    words_around = [t.lower_ for t in doc[max(0, start - 15) : end + 15]]
    if not lemmas & {"kill", "murder"}:
        # "someone said 'ur dead' in chat after i killed them in cod 😂", "kids joke 'you're dead after
        # school' to each other, it's a meme": other death words only when laughed off or called a joke,
        # with no fear told
        # (not with a time or a place: "some guy i beat in a cod lobby just sent 'you're dead tonight. 14 Victoria
        # Road right? see you at 11'")
        said = set(_sentence_words(doc, start, following=1))
        return (
            bool(lemmas & PLAYFUL_DEATH)
            and any(_laughter(word) or word in JOKE_TOLD for word in words_around)
            and not said & (FEAR_TOLD | WHEN_OR_WHERE)
        )
    if _own_slip(doc, start, end):
        return True
    if _reported_before(doc, start):
        # "he said he'd kill me if he found out": a threat he made, unless laughed off as play
        sentence = set(_sentence_words(doc, start, following=1))
        return (
            any(_laughter(t.lower_) for t in doc[end : end + 14])
            and not sentence & FEAR_TOLD
            and not sentence & PARTNERS
        )
    if any(_laughter(word) for word in words_around):
        return True
    after = [t.lower_ for t in doc[end : end + 8]]
    return any(word in {"if", "when", "once"} and _finds_out(after[i + 1 : i + 5]) for i, word in enumerate(after))


WHEN_OR_WHERE = frozenset({"tonight", "tomorrow", "address", "road", "street", "house", "home", "outside", "coming"})


def _own_slip(doc: Doc, start: int, end: int) -> bool:
    """'my sister is going to murder me, i accidentally put her pic on my story', 'my dad's gonna kill me
    bc i spent 60 quid on his card': someone close to the user will 'kill' them for a slip of the user's
    own, a figure of speech; not said by a partner or an ex, and not with fear told."""
    said = _sentence_words(doc, start, following=1)
    if set(said) & FEAR_TOLD or set(said) & PARTNERS:
        return False
    close = set(_lower_before(doc, start, 6)) & CLOSE_TO_USER
    return bool(close) and bool(set(said) & OWN_SLIPS)


def _laughter(word: str) -> bool:
    """A word of laughter, drawn out or not ("lol", "lmaooo", "hahahaha", "😂")."""
    return word in LAUGHTER or bool(DRAWN_OUT_LAUGHTER.fullmatch(word)) or any(ch in LAUGHTER for ch in word)


DRAWN_OUT_LAUGHTER = re.compile(r"l+o+l+[ol]*|l+m+a+o+|l+m+f+a+o+|(ha){2,}h?|(he){2,}|ro+f+l+|jk+")


def dead_to_me(doc: Doc, start: int, end: int) -> bool:
    """'you're dead to me': cutting someone off, not a threat."""
    return [t.lower_ for t in doc[end : end + 2]] in (["to", "me"], ["to", "us"], ["to", "him"], ["to", "her"])


def _finds_out(words_after: list[str]) -> bool:
    """'she finds out', 'he sees my report card': someone learning of a thing; not 'when he finds me'."""
    for i, word in enumerate(words_after):
        if word in FIND_OUT:
            following = words_after[i + 1 : i + 2]
            if word.startswith(("find", "found")):
                return following == ["out"]
            return following not in (["me"], ["us"])
    return False


def someone_found_out(doc: Doc, start: int, end: int) -> bool:
    """'it turned out to be a guy on my course': who was doing it, not an innocent explanation
    (though 'it turned out to be my friend's keys' is one)."""
    for i in range(end - 1, min(len(doc), end + 3)):
        following = doc[i + 1].lower_ if i + 1 < len(doc) else ""
        if doc[i].lower_ in PERSON_WORDS and following not in {"'s", "s", "'"}:
            return True
    return False


def picture_published(doc: Doc, start: int, end: int) -> bool:
    """'posted a pic of me in my bra', 'shared a photo of me in the group chat': a picture of the user
    published, which is about images; a picture sent *to* the user of where they are is presence."""
    span = doc[start:end]
    if not {t.lemma_ for t in span} & PICTURE_LEMMAS:
        return False
    before = {t.lemma_ for t in doc[max(0, start - 4) : start]} | {t.lemma_ for t in span}
    after = {t.lower_ for t in doc[end : end + 4]}
    if ({t.lower_ for t in span} | after) & PHYSICAL_PLACES:
        return False  # "posted a photo of me outside my house": he was there
    return bool(before & PUBLISHING) or bool(after & (ONLINE_WORDS | PUBLISHED_ON))


def _sentence_words(doc: Doc, start: int, following: int = 0) -> list[str]:
    """The lower-cased words of the sentence around a token, its end mark included, and of the
    `following` sentences after it."""
    first, last = sentence_bounds(doc, start)
    for _ in range(following):
        if last < len(doc):
            _, last = sentence_bounds(doc, last + 1)
    return [t.lower_ for t in doc[first : last + 1]]


def shared_openly(doc: Doc, start: int, end: int) -> bool:
    """'me and my bf share locations on find my, we both wanted to', 'Life360 on my 12-year-old's phone,
    she knows and we talked it through': location shared openly, by agreement or as a parent's open
    oversight of a young child, which the rubric does not call tracking. Read in the sentence and the
    next; anything hidden or unwanted there ("without telling me", "she doesn't know") keeps it."""
    if not {t.lower_ for t in doc[start:end]} & SHARING_TOOLS:
        return False  # ("he knows where I am" is no tool shared)
    said = _squashed(" " + " ".join(_sentence_words(doc, start, following=1)) + " ")
    if any(phrase in said for phrase in HIDDEN_SHARING_SQUASHED):
        return False
    return any(phrase in said for phrase in OPEN_SHARING_SQUASHED)


def own_location_sent(doc: Doc, start: int, end: int) -> bool:
    """'my sister just sent me her live location': someone sending the user their own location, not
    the user's location tracked (a parent's "tracking her live location" is still tracking)."""
    if doc[start].lower_ not in {"her", "his", "their"}:
        return False
    before = [t.lower_ for t in doc[max(0, start - 3) : start]]
    return bool(set(before) & {"me", "us"}) and any(lemma_of(w) in LOCATION_SENDING for w in before)


def _squashed(text: str) -> str:
    """Words with their negation joined and no apostrophes, as a phrase list writes them: the tokenizer's
    "do n't mind" and "does nt know" read as "dont mind" and "doesnt know"."""
    return NEGATION_SPLIT.sub("nt", text).replace("'", "")


NEGATION_SPLIT = re.compile(r" n'?t\b")
# The phrase lists as `_squashed` reads a sentence, each between spaces (squashed once, at import).
OPEN_SHARING_SQUASHED = tuple(f" {_squashed(phrase)} " for phrase in OPEN_SHARING)
HIDDEN_SHARING_SQUASHED = tuple(f" {_squashed(phrase)} " for phrase in HIDDEN_SHARING)


def oversight_kept_hidden(doc: Doc, start: int, end: int) -> bool:
    """'my dad put an app on my phone without telling me': a parent's monitoring hidden from the child
    is not the open oversight the rubric sets apart ("my mum makes me keep life360 on" still is)."""
    said = _squashed(" " + " ".join(_sentence_words(doc, start, following=1)) + " ")
    return any(f" {_squashed(phrase)} " in said for phrase in HIDDEN_FROM_CHILD)


def asked_how_to_check(doc: Doc, start: int, end: int) -> bool:
    """'how do i check if theres spyware on my android', 'turn off snapmap?', 'Should I put Life360 on
    it? He's 11.', 'how do i know if someone is tracking my phone', 'can someone see my location if we
    share a netflix account': a question about a tool, or whether anyone at all could be using one,
    with nobody in particular said to be doing it. Only in a sentence that asks (a question mark, or a
    question's first words), names no one but "someone" or "anyone", and is no plea ("can someone
    help, my ex is tracking my phone")."""
    said = _sentence_words(doc, start)
    if not said or not ("?" in said or said[0] in QUESTION_OPENERS or said[0] in {"how", "turn"}):
        return False
    return not set(said) & (TRACKING_ACTORS - ANYONE) and not set(said) & PLEA_WORDS


def weapon_in_everyday_use(doc: Doc, start: int, end: int) -> bool:
    """'My husband is in the kitchen with the big knife doing onions', 'my knife skills should be a
    crime lol': a knife in everyday use, not a weapon mentioned as a risk; not when the sentence tells
    fear, a threat or a plea."""
    said = set(_sentence_words(doc, start))
    return bool(said & EVERYDAY_WEAPON_USE) and not said & NOT_EVERYDAY


def shared_with_someone(doc: Doc, start: int, end: int) -> bool:
    """'made me share my location with him' is tracking, not publishing; 'posted our family photo'
    is a picture, not a personal detail."""
    after = [t.lower_ for t in doc[end : end + 2]]
    return bool(after) and (
        (after[0] == "with" and after[1:2] != [] and after[1] in WITH_SOMEONE)
        or (doc[end - 1].lower_ in {"family", "kid", "child", "house", "home"} and after[0] in PICTURE_LEMMAS)
    )


def called_a_scam(doc: Doc, start: int, end: int) -> bool:
    """'a sextortion scam email', 'blackmail spam': the user names it a mass scam."""
    around = {t.lemma_ for t in doc[max(0, start - 3) : end + 3]}
    return bool(around & SCAM_LEMMAS)


def everyday_picture(doc: Doc, start: int, end: int) -> bool:
    """'posted the vid of me falling over in PE': a picture of the user doing something everyday is
    not a private picture (hurtful to spread, and read as humiliation, but not intimate)."""
    after = [t.lower_ for t in doc[end : end + 3]]
    return (
        len(after) == 3
        and after[0] == "of"
        and after[1] in {"me", "us", "him", "her", "them", "my"}
        and after[2].endswith("ing")
        and after[2] not in INTIMATE_DOINGS
    )


def asked_about_the_word(doc: Doc, start: int, end: int) -> bool:
    """'Is that cyberbullying?', 'Would this count as harassment?': the user asks what to call it;
    the word is not evidence of abuse (a single word, in a yes/no question)."""
    if end - start != 1 or doc[start].lower_ not in NAMING_WORDS:
        return False
    before: list[str] = []
    for i in range(start - 1, max(-1, start - 8), -1):
        if doc[i].lower_ in {".", "!", "?"} or "\n" in doc[i].text:
            break
        before.append(doc[i].lower_)
    opener = before[-1] if before else doc[start].lower_
    # (a question mark soon after, or the opener right before the word: "is doxxing illegal here")
    question = any(t.lower_ == "?" for t in doc[end : end + 4]) or len(before) <= 2
    return question and opener in QUESTION_OPENERS


def supposed_in_a_question(doc: Doc, start: int, end: int) -> bool:
    """'If someone posts your address online is that illegal?', 'hypothetically if someone posted where i
    live would that be illegal?': a question about a case supposed by "if someone", not one that happened
    (the sentence must ask: "if someone posted my address, he did it again" is not read so)."""
    before = _clause_before(doc, start, 10)
    supposed = any(
        word == "if" and before[i + 1 : i + 2] and before[i + 1] in SOMEONE_ANY for i, word in enumerate(before)
    )
    return supposed and "?" in _sentence_words(doc, start)


SOMEONE_ANY = frozenset({"someone", "somebody", "anyone", "anybody", "people", "a", "one", "u", "you"})


def told_by_user(doc: Doc, start: int, end: int) -> bool:
    """'I haven't told my parents', 'we told her mum': the user telling their own people is not
    someone contacting the people around them."""
    before = [t.lower_ for t in doc[max(0, start - 3) : start]]
    return bool(set(before) & USER_TELLERS) or users_own_plan_to_tell(doc, start, end)


def users_own_plan_to_tell(doc: Doc, start: int, end: int) -> bool:
    """'im going to tell my mum', 'we'll show her dad': the user's own plan to tell their people, not
    someone threatening to expose them (unless reported: "he says I'll regret it" is his threat)."""
    if not {t.lower_ for t in doc[start:end]} & TELLING:
        return False
    at = start
    while at > 0 and doc[at - 1].lower_ in PLAN_WORDS:
        at -= 1
    planned = at < start or doc[start].lower_ in PLAN_WORDS
    if not planned or at == 0 or doc[at - 1].lower_ not in USER_TELLERS | {"im"}:
        return False
    return at < 2 or doc[at - 2].lower_ not in REPORTING


def feeling_told(doc: Doc, start: int, end: int) -> bool:
    """'I feel intimidated', 'I was threatened by it all': how the user feels (fear, read as fear), not a
    threat someone made."""
    if end - start != 1 or doc[start].lower_ not in {"intimidated", "threatened"}:
        return False
    before = [w for w in _lower_before(doc, start, 4) if w not in DEGREE_WORDS]
    return bool(before) and before[-1] in FEELING_VERBS


FEELING_VERBS = words("feeling_verbs")
DEGREE_WORDS = words("degree_words")


def users_own_care(doc: Doc, start: int, end: int) -> bool:
    """'just being careful', 'my friend says I should be careful': the user's own caution, not a veiled
    "be careful" sent to them."""
    if [t.lower_ for t in doc[end - 1 : end]] != ["careful"]:
        return False
    if doc[start].lower_ == "being":
        return True
    before = _clause_before(doc, start, 4)
    return bool(set(before) & {"i", "we", "im", "i'm", "ill", "i'll"})


def threat_to_someone_else(doc: Doc, start: int, end: int) -> bool:
    """'Since I reported a pupil's father for threatening a colleague': the word names a threat made to
    someone else, not to the user (nor their family: "threatening my family" stays)."""
    if end - start != 1 or doc[start].lemma_ not in {"threaten", "threat"}:
        return False
    after = [t.lower_ for t in doc[end : end + 1]]
    return after in (["a"], ["an"], ["another"], ["someone"], ["somebody"], ["others"], ["other"], ["people"])


def published_with_my_name(doc: Doc, start: int, end: int) -> bool:
    """'posted screenshots of our chat ... with my face', 'posted it on the confessions page with my name':
    something about the user published with their name or face on it, not someone posing as them (unless
    an account or profile is made: "a fake page with my photos")."""
    if doc[start].lower_ not in {"with", "in"}:
        return False
    first, _ = sentence_bounds(doc, start)
    clause = [t.lower_ for t in doc[max(first, start - 14) : start]]  # (across a comma: "pages, with my face")
    lemmas = {lemma_of(word) for word in clause}
    return bool(lemmas & (PUBLISHING | {"screenshot", "repost"})) and not set(clause) & (POSING_WORDS | {"as"})


POSING_WORDS = words("posing_words")
POSING_APPS = words("posing_apps")


def users_own_sharing(doc: Doc, start: int, end: int) -> bool:
    """'I shared my own live location with him', 'accidentally sharing my own live location': what the user
    shared of themselves, not their details spread by someone else."""
    return "own" in {t.lower_ for t in doc[start:end]}


def asked_if_a_threat(doc: Doc, start: int, end: int) -> bool:
    """'Is that a threat?', 'is that like a threat??': the user asks whether a message is one. What they quote
    is read as it stands; the question itself tells of a message that may threaten, not a threat to hurt
    (kept as a threat that is not specific: `signals.KEPT_ON_RECORD`)."""
    return doc[start].lower_ == "threat" and asked_about_the_word(doc, start, end)


def not_posing_as_the_user(doc: Doc, start: int, end: int) -> bool:
    """'got catfished on insta' (the user deceived, not someone posing as them); 'a deepfake video with my
    face', 'memes with my face photoshopped' (a picture of them, not a profile in their name). A catfish counts
    when the user's own photos or name are used ("catfishing guys with my photos"); a face, on a profile, an
    account or a page ("a new profile pops up with my face")."""
    words = {t.lower_ for t in doc[start:end]}
    if words & {"catfish", "catfished", "catfishing"}:
        return not {t.lower_ for t in doc[end : end + 5]} & {"my", "me"}
    if "face" in words:
        first, _ = sentence_bounds(doc, start)
        return not {t.lower_ for t in doc[max(first, start - 12) : start]} & (POSING_WORDS | POSING_APPS)
    return False


def a_spam_account(doc: Doc, start: int, end: int) -> bool:
    """'made a spam acc to watch my story': a second account (as teenagers call one), not spam."""
    return doc[start].lower_ == "spam" and end < len(doc) and doc[end].lower_ in {"acc", "account", "accounts", "page"}


def an_investment_property(doc: Doc, start: int, end: int) -> bool:
    """'the tenant in my investment unit': a property the user owns, not an investment pitch."""
    return end - start == 1 and doc[start].lower_ == "investment" and end < len(doc) and doc[end].lower_ in PROPERTIES


PROPERTIES = words("investment_properties")


def a_sentence_served(doc: Doc, start: int, end: int) -> bool:
    """'he's doing 6 years now', 'he got 18 months': a prison sentence, not contact going on that long."""
    span = [t.lower_ for t in doc[start:end]]
    return bool(set(span) & SENTENCE_LENGTHS) and _sentence_told(
        [t.lower_ for t in doc[max(0, start - 3) : start]] + span
    )


def a_thing_of_the_place(doc: Doc, start: int, end: int) -> bool:
    """'put my yr 7 school photo in the group chat': a picture of the user's (from school), not where they
    study made public."""
    return doc[end - 1].lower_ in THING_OWNING_PLACES and end < len(doc) and doc[end].lower_ in THINGS_OF_A_PLACE


THING_OWNING_PLACES = words("thing_owning_places")
THINGS_OF_A_PLACE = words("things_of_a_place")


RULES: dict[str, tuple[Rule, ...]] = {
    "showed_up": (
        no_one_arriving,
        online_not_in_person,
        user_going_there,
        danger_only_online,
        attention_to_online_things,
        feared_not_happened,
        picture_published,
    ),
    "tracking": (picture_published, shared_openly, asked_how_to_check, own_location_sent),
    "parental_oversight": (oversight_kept_hidden,),
    "monitoring": (users_own_look,),
    "weapon": (weapon_in_everyday_use, figure_of_speech),
    "found_user": (found_online, feared_not_happened),
    "doxxing": (
        shared_with_someone,
        asked_about_the_word,
        supposed_in_a_question,
        users_own_sharing,
        a_thing_of_the_place,
    ),
    "impersonation": (asked_about_the_word, supposed_in_a_question, published_with_my_name, not_posing_as_the_user),
    "benign": (someone_found_out,),
    "scam": (an_investment_property, a_spam_account),
    "intimate_images": (called_a_scam,),
    "private_images": (everyday_picture,),
    "extortion_demand": (called_a_scam,),
    "insults": (asked_about_the_word,),
    "account_compromise": (user_changed_own_details,),
    "danger_now": (
        users_own_watch,
        there_whenever,
        danger_only_online,
        attention_to_online_things,
        in_company,
        helper_on_the_way,
        memory_coming_back,
        user_on_own_way,
        in_prison,
        waiting_for_release,
        following_each_other,
        broke_up,
        nobody_there,
        in_a_cohort,
    ),
    "repeated_contact": (
        user_life_duration,
        time_a_thing_was_up,
        since_earlier_today,
        users_own_unrest,
        school_year,
        dated_ago,
        a_noun_not_a_habit,
        a_trait_not_a_habit,
        users_own_count,
        a_phone_prefix,
        a_sentence_served,
    ),
    "named_harassment": (wondered_about, asked_about_the_word),
    "cross_platform": (own_details_listed, a_place_not_a_platform, users_own_account),
    "new_accounts": (users_own_account,),
    "third_party_contact": (told_by_user, smear_not_pursuit, followed_in_person, a_question_whether),
    "threat_nonspecific": (users_own_plan_to_tell,),
    "fear": (weak_fear_alone,),
    "self_harm": (died_of_embarrassment,),
    "threat_violence": (narrated_violence, figure_of_speech, dead_to_me, users_own_anger),
    "threat_veiled": (feeling_told, users_own_care, threat_to_someone_else, asked_if_a_threat),
    "hate": (accused_of_it,),
    "blocked": (block_not_done, block_ended_it),
    "asked_to_stop": (asking_not_done, declined_with_thanks),
    "past_violence": (done_by_a_thing,),
    "danger_coming": (
        danger_only_online,
        helper_on_the_way,
        memory_coming_back,
        user_on_own_way,
        in_prison,
        waiting_for_release,
        seen_already,
        broke_up,
        nobody_there,
        figure_of_speech,
        distance_of_a_place,
    ),
}


def dropped_by(doc: Doc, signal: str, start: int, end: int) -> Rule | None:
    """The first context rule for `signal` that drops this match, or None when it counts."""
    return next((drop for drop in RULES.get(signal, ()) if drop(doc, start, end)), None)


def counts(doc: Doc, signal: str, start: int, end: int) -> bool:
    """Whether a match of `signal` survives every context rule for that signal."""
    return dropped_by(doc, signal, start, end) is None


def threat_to_release(doc: Doc, start: int, end: int) -> bool:
    """'threatened to post my pictures' is about images, not violence (read after negation)."""
    return end - start == 1 and bool({t.lemma_ for t in doc[end : end + 4]} & RELEASE_VERBS)
