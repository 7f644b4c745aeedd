"""Where the user lives: names from data, ambiguity settled by a qualifier or not at all, no false places."""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

import pytest

from bot.conversation import answers
from bot.place_names import Reading, get_vocabulary, settle_code, sources
from bot.places import get_places
from bot.triage.entities import find_entities
from bot.triage.extract import extract_facts


def where(text: str) -> str | None:
    return extract_facts(text).jurisdiction


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Read as no place at all before place names came from data (issue 9).
        ("I live in New York", "US-NY"),
        ("New York City", "US-NY"),
        ("I moved to New York City last year", "US-NY"),
        ("Portland Maine", "US-ME"),
        ("I live in Portland, ME", "US-ME"),
        ("I'm in Portland, Ore.", "US-OR"),
        ("Birmingham Alabama", "US-AL"),
        ("Birmingham, AL", "US-AL"),
        ("I live in Birmingham, England", "GB-ENG"),
        ("Manchester New Hampshire", "US-NH"),
        ("Manchester, UK", "GB-ENG"),
        ("Kansas City, Kansas", "US-KS"),
        ("Kansas City, MO", "US-MO"),
        ("London Ontario", "CA-ON"),
        ("I'm in London, ON, Canada", "CA-ON"),
        ("Newcastle NSW", "AU-NSW"),
        ("Newcastle, England", "GB-ENG"),
        ("Hamilton NZ", "NZ"),
        ("Hamilton, Ontario", "CA-ON"),
        ("Hamilton, Waikato", "NZ"),
        ("Bangor Wales", "GB-WLS"),
        ("Bangor, Northern Ireland", "GB-NIR"),
        ("Bangor, Maine", "US-ME"),
        ("I live in Perth, WA", "AU-WA"),
        ("Perth, Scotland", "GB-SCT"),
        ("I live in Victoria BC", "CA-BC"),
        ("Springfield, IL", "US-IL"),
        ("Mumbai, Maharashtra", "IN"),
        ("I'm in Baton Rouge, LA", "US-LA"),
        ("Washington, DC", "US-DC"),
        ("Dallas, TX", "US-TX"),
        # Lower case: postal abbreviations that are not everyday words still qualify.
        ("austin tx", "US-TX"),
        ("vancouver bc", "CA-BC"),
    ],
)
def test_qualifier_settles_the_place(text: str, code: str) -> None:
    assert where(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # One reading dwarfs the others (five times, or three times a town under 100,000).
        ("I'm in London", "GB-ENG"),
        ("I'm in Dublin", "IE"),
        ("I'm in Manchester", "GB-ENG"),
        ("I live in Oxford", "GB-ENG"),
        ("I live in Reading", "GB-ENG"),
        ("I live in Hyderabad", "IN"),
        ("I'm in Hull with my kids", "GB-ENG"),
        # A state, province or nation wins over a city of its name.
        ("I live in Victoria", "AU-VIC"),
        ("I live in Washington", "US-WA"),
        ("I live in Georgia", "US-GA"),
        ("I'm in the state of washington", "US-WA"),
        # Counties and regions.
        ("I live in Essex", "GB-ENG"),
        ("I'm in Fife", "GB-SCT"),
        ("we moved to County Cork", "IE"),
        ("Someone posted my address. County Clare.", "IE"),
        ("I live in County Durham", "GB-ENG"),
        ("I live in Cheshire", "GB-ENG"),  # a county ISO 3166-2 lacks, kept by hand
        ("we're in West Yorkshire", "GB-ENG"),
        # Nicknames and short names kept by hand.
        ("I'm in LA", "US-CA"),
        ("In LA right now", "US-CA"),
        ("we're in Philly", "US-PA"),
        ("I live in NYC", "US-NY"),
        ("I live in Aotearoa", "NZ"),
        ("I'm in the UK", "GB"),
        ("I'm in the US", "US"),
        # A place word or a qualifier makes a first name, an everyday word or a small town a place.
        ("I live in Austin", "US-TX"),
        ("I'm from Austin", "US-TX"),
        ("I live in Mobile", "US-AL"),
        ("I moved to Bath last year", "GB-ENG"),
        ("I live in Sale", "GB-ENG"),
        ("I live in Omagh", "GB-NIR"),
        ("i live in leeds", "GB-ENG"),
        # Another place in the account, not someone else's, settles an ambiguous name.
        ("I live in Birmingham. My family is here in Alabama too.", "US-AL"),
        ("I live in Newcastle and the police here in Australia did nothing", "AU-NSW"),
        # Two open names with one reading in common settle each other.
        ("He's booked a flight to Perth, lands tonight. I moved over to WA to get away from him.", "AU-WA"),
        # An account signed off with the place.
        ("He keeps texting me. I only just realised how he knows. Denver.", "US-CO"),
        ("My son didn't, and blocked him. Baltimore.", "US-MD"),
        ("I don't know who. Auckland.", "NZ"),
        # ... which is a place word too, for a small town, a first name or an everyday word.
        ("He's put my house number in one of the posts. Ballymena.", "GB-NIR"),
        ("hes at the door again. drogheda. what do i do", "IE"),
        ("It's hit my bookings. Stirling.", "GB-SCT"),
        ("Spam or stalker? Derby", "GB-ENG"),
        # Where they come from is not where they live.
        ("I'm originally from Nigeria, working in Houston.", "US-TX"),
        # A helpline's notes: the caller is the person the account is about.
        ("Caller is a nan in Dundee, her grandson's ex keeps ringing the house.", "GB-SCT"),
        ("Father calling from Limerick about his son's Snapchat.", "IE"),
        ("Caller (40s, M) phoning from his car in Calgary, says a man is following him.", "CA-AB"),
        # "living in" with no one else before it is the writer's home, over where they come from.
        ("Hi, I am from Kenya, living in Leicester three years. A man keeps messaging me.", "GB-ENG"),
        ("I'm from Chile, now living in Auckland, and my ex writes every day.", "NZ"),
        ("hello, I am from Brazil living in Toronto. My old boss he send me messages every night", "CA-ON"),
        ("I am from South Korea living in Leeds and a man keeps messaging me", "GB-ENG"),
        # Texting and local nicknames.
        ("some lad keeps dming me threats. im from brum", "GB-ENG"),
        ("my ex keeps making new accounts. melb", "AU-VIC"),
        ("she keeps turning up at my work. we're in qld", "AU-QLD"),
        ("deepfake of me going round. im in syd", "AU-NSW"),
        ("hes outside rn. htx", "US-TX"),
        ("Tassie. He keeps texting my mum.", "AU-TAS"),
    ],
)
def test_place_from_data(text: str, code: str) -> None:
    assert where(text) == code


@pytest.mark.parametrize(
    "text",
    [
        # Shared names with no qualifier and no reading that dwarfs the others: ask.
        "I live in Newcastle",
        "I live in Hamilton",
        "I live in Bangor",
        "I live in Vancouver",
        "I live in Kansas City",  # Missouri or Kansas: the law needs the state, so ask
        "I live in Springfield",
        # Names two well-known cities share, whatever their sizes (`ambiguous_alone`).
        "I live in Perth",
        "I live in Portland",
        "I'm in Birmingham",
        "I live in Birmingham and he's from Alabama",  # someone else's state settles nothing
        "I live in WA",  # Washington or Western Australia
        # Someone else's place, a trip, a place abroad, a place the user is not in.
        "he moved to Texas",
        "my ex lives in Portland, Maine",
        "I'm travelling in Ireland for a month",
        "I'm not even in the US",
        "I live in Paris",
        "I'm from Kerala but I live in Dubai now",
        "He lives in Leeds but I live in Madrid",
        # A place in the past.
        "Back in 2019 in my first job in Hyderabad, my manager messaged me at night.",
        "When I was at high school in Gisborne, kids posted racist stuff about me.",
        "I was born in Leeds",
        # Someone else's home or call, and nicknames that are names here.
        "my ex, living in Leeds now, still texts me",  # someone else's home
        "my ex is calling from Texas every night",  # the caller is not the writer
        "Syd keeps texting me about the party",  # a name, not Sydney
        "Vic said she would stop posting about me",
        "my mate Welly shared the video",
    ],
)
def test_no_guess(text: str) -> None:
    assert where(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # Short forms that are everyday words, in lower case or in shouted text.
        "la verdad es que me acosa",
        "LA VERDAD ES QUE ME SIGUE",
        "he keeps messaging me, OK? I blocked him",
        "OK so he texts me IN the morning",
        "HE FOLLOWED ME IN OR NEAR THE PARK",
        "oh hi, can you help me or not",
        "me and my ex, al and co, the id of his pa and ma",
        "portland me",  # "me" is not Maine in lower case, and Portland alone is left open
        # Everyday words that are also towns.
        "Reading his texts made me sick",
        "I was reading in the bath",
        "my mobile keeps ringing",
        "an orange car followed me",
        "is that normal?",
        "it felt like independence",
        "the sale was on",
        "it went to hull and back",
        "how do i make friends in a new city",
        "he sent a photo of the wells",
        # First names that are also towns.
        "my ex Austin keeps texting me",
        "a message from Austin",
        "Georgia keeps texting me",
        "Charlotte said she would stop",
        "who is taylor swift",
        "Victoria and Florence both got the messages",
        "my friend Jordan showed me the posts",
        # Months, school subjects and generic words.
        "I left my husband in March",
        "someone posted the vid of me falling over in PE",
        "I'm in PE all afternoon",
        "in ME",
    ],
)
def test_not_a_place(text: str) -> None:
    facts = extract_facts(text)
    assert facts.jurisdiction is None, facts.jurisdiction_quote
    assert [e for e in find_entities(text) if e.entity == "jurisdiction" and e.value != facts.jurisdiction] == []


def test_a_qualified_place_is_one_entity() -> None:
    found = [e for e in find_entities("I live in Portland, ME now") if e.entity == "jurisdiction"]
    assert [(e.value, "I live in Portland, ME now"[e.start : e.end]) for e in found] == [("US-ME", "Portland, ME")]


def test_an_ambiguous_place_is_no_entity() -> None:
    assert [e for e in find_entities("I live in Newcastle") if e.entity == "jurisdiction"] == []


@pytest.mark.parametrize(
    ("reply", "country", "code"),
    [
        ("Texas", None, "US-TX"),
        ("tx", None, "US-TX"),
        ("OK", None, "US-OK"),
        ("ok", None, None),
        ("me", None, None),
        ("Washington, D.C.", None, "US-DC"),
        ("Reading", None, "GB-ENG"),
        ("Reading", "US", "US-PA"),
        ("Hamilton", "NZ", "NZ"),
        ("ontario", "US", "CA-ON"),  # a province as named, even with another country known
        ("Cork", None, "IE"),
        ("Georgia", None, "US-GA"),
    ],
)
def test_place_replies(reply: str, country: str | None, code: str | None) -> None:
    assert answers.place(reply, country) == code


def test_every_jurisdiction_reads_as_itself() -> None:
    for code, place in get_places().places.items():
        assert answers.place(place.name) == code, place.name
        assert where(f"I live in {place.name}") == code, place.name


def test_every_code_read_is_covered() -> None:
    """Every name settles on a place cyberguide covers (or its country), or on nothing."""
    vocabulary = get_vocabulary()
    registry = vocabulary.registry
    for table in (vocabulary.any_case, vocabulary.exact):
        for key, name in table.items():
            code = vocabulary.settle(name.readings)
            assert code is None or registry.known(code), (key, code)
            for reading in name.readings:
                covered = vocabulary.covered(reading.code)
                assert covered is None or registry.known(covered), (key, reading)


@pytest.mark.parametrize(
    ("readings", "code"),
    [
        # Five times the next wins; less does not.
        ([Reading("GB-ENG", "city", 1_000_000), Reading("US-AL", "city", 200_000)], "GB-ENG"),
        ([Reading("GB-ENG", "city", 400_000), Reading("US-NH", "city", 100_000)], None),
        # Three times a town under 100,000 wins.
        ([Reading("GB-ENG", "city", 300_000), Reading("US-PA", "city", 90_000)], "GB-ENG"),
        ([Reading("GB-NIR", "city", 60_000), Reading("US-ME", "city", 30_000)], None),
        # Every reading in one country is still no state: nothing.
        ([Reading("US-MO", "city", 470_000), Reading("US-KS", "city", 150_000)], None),
        # A state wins over a city; a covered region over a foreign one.
        ([Reading("AU-VIC", "state"), Reading("CA-BC", "city", 300_000)], "AU-VIC"),
        ([Reading("GE", "country"), Reading("US-GA", "state")], "US-GA"),
        # A hand-kept nickname wins over an abbreviation.
        ([Reading("US-LA", "abbr"), Reading("US-CA", "nickname")], "US-CA"),
        # A city abroad is a rival only when it dwarfs the covered ones.
        ([Reading("US-TX", "city", 25_000), Reading("FR", "city", 2_000_000)], None),
        ([Reading("IN", "city", 7_000_000), Reading("PK", "city", 1_500_000)], "IN"),
    ],
)
def test_settle_rule(readings: list[Reading], code: str | None) -> None:
    assert get_vocabulary().settle(readings) == code


def test_settle_code_abroad_gives_the_country() -> None:
    assert settle_code([Reading("FR", "city", 2_000_000)], lambda c: None) == "FR"


def test_place_names_file_matches_the_installed_packages() -> None:
    """place_names.tsv is generated; regenerate it (python -m bot.devtools.place_names) after an upgrade."""
    assert sources() == {name: version(name) for name in sources()}, json.dumps(sources())


def test_place_names_come_from_data_not_the_hand_kept_file() -> None:
    vocabulary = get_vocabulary()
    # Cities, counties and abbreviations the hand-kept file does not list.
    for name in ("Leeds", "Tampa", "Kelowna", "Omagh", "Fife", "Toowoomba", "Tauranga", "Ludhiana"):
        assert name.lower() in vocabulary.any_case, name
    assert "QLD" in vocabulary.exact and "Ore." in vocabulary.exact


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # An ambiguous name settled by how the account is written: its money, police, words.
        ("He wants £1000 by Friday or he sends the video. I'm in Surrey.", "GB-ENG"),
        ("Someone keeps posting about me, the lads from work have seen it. Portsmouth.", "GB-ENG"),
        ("A lad I matched with keeps ringing my work. Waterford.", "IE"),
        ("he keeps turning up, the cops did nothing, I'm in Portland Maine", "US-ME"),
        # Cues that name a jurisdiction on their own, when no place is named.
        ("my ex put a tracker on my car, the Garda said to ring them back", "IE"),
        ("my in-laws keep messaging my parents demanding 5 lakhs more", "IN"),
    ],
)
def test_how_the_account_is_written_settles_an_ambiguous_place(text: str, code: str) -> None:
    assert where(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "he keeps texting me. Portsmouth.",  # England or four American towns: ask
        "I rang 911. I live in Portsmouth.",  # the US, but four of its Portsmouths: still ask
        "he keeps texting me, Vancouver, my mum says block him",  # "mum" is no Canadian or American word
    ],
)
def test_cues_never_guess_between_places_they_do_not_single_out(text: str) -> None:
    assert where(text) is None


def test_a_named_place_outweighs_any_cue() -> None:
    assert where("the Garda said it's not their area, I live in Ohio now") == "US-OH"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # An English shire counts as a million people: Kent, not Kent, Washington (127,000) or Ohio.
        ("My daughter is at home, I'm driving back now. We're in Kent.", "GB-ENG"),
        ("Someone sent a video of my kids in our front garden with 'see you soon'. Kent.", "GB-ENG"),
        # Towns of 5,000 to 15,000, read right after a place word.
        ("He knows I'm 71 and on my own out here near Mudgee.", "AU-NSW"),
        ("G'day, I'm in Katherine. A woman I used to work with keeps making accounts in my name.", "AU-NT"),
        ("I teach in Iqaluit. A student's dad has been messaging me every day.", "CA-NU"),
    ],
)
def test_counties_and_small_towns(text: str, code: str) -> None:
    assert where(text) == code


def test_an_english_shire_outweighs_a_city_under_200000() -> None:
    assert settle_code([Reading("GB-ENG", "county"), Reading("US-WA", "city", 126_952)], get_vocabulary().covered) == (
        "GB-ENG"
    )


@pytest.mark.parametrize(
    "text",
    [
        "he keeps messaging me, I have had enough of it. Katherine.",  # a town signed off may be a name
        "I left my phone in Bradley's car and he read everything",  # someone's, not a place
        "we broke up in august and i dont feel safe",  # a month, not August, California
        "my ex said we split in August",
    ],
)
def test_small_towns_need_a_place_word(text: str) -> None:
    assert where(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Commonwealth usage settles Vancouver (British Columbia or Washington): not the US.
        ("A woman keeps DMing me that she'll 'put me in hospital'. Vancouver.", "CA-BC"),
        ("I'm a councillor in Vancouver and people email me angry complaints.", "CA-BC"),
        # Ringing "the guards" is ringing the Garda: Ireland, when no place is named.
        ("There's a man standing at my gate. I'm ringing the guards now but what else can I do", "IE"),
    ],
)
def test_commonwealth_usage_and_the_guards(text: str, code: str) -> None:
    assert where(text) == code


def test_a_guard_at_the_gate_is_no_place() -> None:
    assert where("the guards at the gate let him in again") is None


def test_a_writer_without_capitals_names_a_place_after_a_place_word() -> None:
    # "cork" is an everyday word; from someone who capitalises nothing, "in cork" is the city.
    assert where("my ex says hell be at my work in cork at 5 to finish what he started. its 4.20") == "IE"
    assert where("My ex says he'll be at my work in cork at 5.") is None  # capitals written, none here


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # A place in a past sentence is still theirs when the story goes on ("again", "still").
        (
            "In 2020 my family's deli in Montreal got flooded with reviews and DMs. It died down after a few "
            "months. Now since October it has started again, same kind of stuff.",
            "CA-QC",
        ),
        # The user's own family's place is where they are ("my parents' place"), not someone else's.
        ("Last week after one more fight I came to my parents' place in Indore with only one bag.", "IN"),
    ],
)
def test_past_and_family_places_that_are_still_theirs(text: str, code: str) -> None:
    assert where(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "Back in 2019 in my first job in Hyderabad, my manager messaged me at night. Now nothing is happening.",
        "My ex's flat in Leeds is where he keeps the photos.",  # an ex's place stays someone else's
        "my mum lives in Kent and she saw the posts",  # someone else's home
    ],
)
def test_past_and_other_peoples_places_stay_unread(text: str) -> None:
    assert where(text) is None


@pytest.mark.parametrize(
    "text, code",
    [
        # A slip of the fingers in a covered region or big city, when no place is named otherwise.
        ("keep getting texts from an energy company even after STOP. manchster", "GB-ENG"),
        ("my ex made another account. im in belfst still", "GB-NIR"),
        ("Bloke here, 24, adelade. My ex girlfriend reads my snapchat", "AU-SA"),
        ("he keeps msging me after i blocked him. melborne, vic", "AU-VIC"),
        ("Hello, I am writing from Banglore. My ex boyfriend makes new ids", "IN"),
        # Northern Ireland's counties, and local names.
        ("hes at my door wi a bat. ballymoney co antrim", "GB-NIR"),
        ("I'm in Bangor, Co. Down.", "GB-NIR"),
        ("random guy sent me a pic. norn iron. worth reporting?", "GB-NIR"),
        ("found an airtag under my seat. im in embra", "GB-SCT"),
        ("my gf logs into my snap. caerdydd", "GB-WLS"),
        ("ex keeps making accounts. brissy", "AU-QLD"),
        ("hyd. my ex has been stalking me for 8 months", "IN"),
        ("I am an advocate practising in NCR. The opposing party messages me daily.", "IN"),
    ],
)
def test_misspelt_and_local_place_names(text: str, code: str) -> None:
    assert where(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "just back from a week in Kerry and someone liked 40 of my old pics",
        "spent a weekend in Galway and now a stranger keeps messaging me",
        "my sister lives in Manchster and she keeps texting me",
        "Down the road from me a guy keeps shouting",
    ],
)
def test_a_stay_or_someone_elses_misspelt_place_is_no_guess(text: str) -> None:
    assert where(text) is None


@pytest.mark.parametrize(
    "text, code",
    [
        ("I moved from Atlanta to Tampa in May and I'm making a safety sheet for my building", "US-FL"),
        ("ex keeps making new insta accounts to msg me. im in bmore", "US-MD"),
        ("someone DM'd me a photo of my front door. we're in a suburb of salt lake", "US-UT"),
        ("she asked my roommate where i work now. we're in the twin cities", "US-MN"),
        ("He left one voicemail saying he'll put me in the ground. DFW area", "US-TX"),
    ],
)
def test_a_move_and_us_metro_nicknames(text: str, code: str) -> None:
    assert where(text) == code


def test_the_bay_of_the_east_bay_is_no_town_in_india() -> None:
    assert where("He used my dog's name in one. I live in the East Bay.") != "IN"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # A street named after a place is no place; the town after it is (a fresh set of 2 December).
        ("I live on Victoria Street in Leeds and someone posted my address", "GB-ENG"),
        ("someone keeps leaving notes at my flat on Melbourne Road, Bristol", "GB-ENG"),
        # A place that opens the message as where the writer is.
        ("Galway here - my ex keeps making new accounts", "IE"),
        ("Tulsa resident, someone is posting my number everywhere", "US-OK"),
        ("Omagh - a girl from school keeps posting about me", "GB-NIR"),
        # A state in capitals after a town it has none of: the writer named their state.
        ("living in springfeld IL and my ex wont stop texting", "US-IL"),
        # Where they live now, after where they used to.
        ("i used to live in bristol, now in swansea. he still messages me", "GB-WLS"),
        # Nicknames of a country or a region.
        ("here in oz, my ex keeps logging into my accounts", "AU"),
        ("down under, a bloke from work keeps messaging", "AU"),
        ("NoVA resident and a former friend is impersonating me", "US-VA"),
    ],
)
def test_streets_openings_and_former_homes(text: str, code: str) -> None:
    assert where(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "Charlotte, can you help me? someone made a fake account of me",
        "i used to live in glasgow but moved away years ago, he still emails",
        "im in cardiff, on my own with the baby".replace("cardiff", "my flat"),
        "HE FOLLOWED ME IN OR NEAR THE PARK",
        "on holiday in the sun and my ex keeps messaging",
    ],
)
def test_no_place_from_a_greeting_a_former_home_or_someone_elses(text: str) -> None:
    assert where(text) is None


def test_a_helper_writers_place_accounts() -> None:
    """150 short accounts by a helper writer (2 December), every way people say where they live, with
    streets, trips, former homes and other people's places. Read once as new: 127 right (84.7%), 3 wrong
    places, 12 missed, 8 guessed where there was nothing to read; the rules were then tuned on it, so this
    keeps what was reached (139), it does not measure it afresh."""
    path = Path(__file__).resolve().parents[1] / "data" / "place-accounts" / "places-wzy.jsonl"
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    read = [(case["jurisdiction"], extract_facts(case["text"], learned=False).jurisdiction) for case in cases]
    assert len(cases) == 150
    assert sum(expected == got for expected, got in read) >= 139
    assert not [1 for expected, got in read if expected and got and expected != got]  # never the wrong place


def test_a_bare_ex_is_a_relationship_entity_only_where_it_opens_a_sentence() -> None:
    assert [e.value for e in find_entities("Ex from years ago has found my new job")] == ["ex_partner"]
    assert not [e for e in find_entities("hola, necesito ayuda, mi ex me sigue") if e.entity == "relationship"]


def test_a_friends_place_the_user_is_at_is_where_they_are() -> None:
    assert extract_facts("I'm at my friend's in Ponsonby, Auckland.", learned=False).jurisdiction == "NZ"
    assert extract_facts("my ex's flat in Leeds", learned=False).jurisdiction is None
