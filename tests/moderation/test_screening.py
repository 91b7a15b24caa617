"""Pre-screening tables: at least 40 positive and 40 negative examples for each kind of
flag (personal details, risk language, swearing), with the traps that catch naive
filters: place names containing rude words, years and prices that look like phone
numbers, and everyday phrases that share words with risk language."""

import pytest

from moderation.screening import (
    CATEGORY_KIND,
    Flag,
    FlagCategory,
    FlagKind,
    ScreeningConfig,
    highlight,
    is_uk_phone_number,
    personal_detail_warnings,
    screen,
    screen_text,
)

CONFIG = ScreeningConfig.defaults()


def categories(text: str) -> set[FlagCategory]:
    return {flag.category for flag in screen_text(text, CONFIG)}


def kinds(text: str) -> set[FlagKind]:
    return {flag.kind for flag in screen_text(text, CONFIG)}


# --- Personal details --------------------------------------------------------------

PHONE_NUMBERS = [
    ("call me on 07700 900123", "07700 900123"),
    ("07700900123", "07700900123"),
    ("my number 07700-900-123 ok", "07700-900-123"),
    ("07700 900 123", "07700 900 123"),
    ("0770 090 0123", "0770 090 0123"),
    ("+44 7700 900123", "+44 7700 900123"),
    ("+447700900123", "+447700900123"),
    ("+44 (0)7700 900123", "+44 (0)7700 900123"),
    ("0044 7700 900123", "0044 7700 900123"),
    ("(07700) 900123", "07700) 900123"),
    ("020 7946 0018", "020 7946 0018"),
    ("ring (020) 7946 0018", "020) 7946 0018"),
    ("0161 496 0000", "0161 496 0000"),
    ("0161-496-0000", "0161-496-0000"),
    ("0121 496 0000", "0121 496 0000"),
    ("01632 960123", "01632 960123"),
    ("01632960123", "01632960123"),
    ("0113 496 0000", "0113 496 0000"),
    ("freephone 0800 123 4567", "0800 123 4567"),
    ("0808 808 4994", "0808 808 4994"),
    ("03069 990000", "03069 990000"),
    ("029 2018 0000", "029 2018 0000"),
    ("0131 496 0000", "0131 496 0000"),
    ("028 9649 6000", "028 9649 6000"),
    ("07700.900.123", "07700.900.123"),
    ("0 7 7 0 0 9 0 0 1 2 3", "0 7 7 0 0 9 0 0 1 2 3"),
    ("+44 20 7946 0018", "+44 20 7946 0018"),
    ("+44 161 496 0000", "+44 161 496 0000"),
    ("tel:07700 900123", "07700 900123"),
    ("text 07911123456 after 6", "07911123456"),
    ("my num is 07911 123 456!", "07911 123 456"),
    ("ring 01234 567890.", "01234 567890"),
    ("(01234) 567 890", "01234) 567 890"),
    ("phone: 0207 946 0018", "0207 946 0018"),
    ("07700 900123, thanks", "07700 900123"),
    ("I'm 16 07700 900123", "07700 900123"),
    ("+44-7700-900-123", "+44-7700-900-123"),
    ("0044 (0)20 7946 0018", "0044 (0)20 7946 0018"),
    ("my mobile's 07700 900 123 x", "07700 900 123"),
    ("number 0300 123 4567", "0300 123 4567"),
    ("+1 415 555 2671", "+1 415 555 2671"),
    ("+353 1 234 5678", "+353 1 234 5678"),
]

NOT_PHONE_NUMBERS = [
    "between 2019-2024 things got worse",
    "it cost £1,234.56 in the end",
    "the bus at 07:30",
    "from 07:30 to 09:45",
    "born in 2007",
    "on 01/02/2024",
    "on 01.02.2024",
    "0.123456789 percent",
    "pi is 3.14159265358",
    "1,000,000 people",
    "a population of 67,000,000",
    "£20,000 a year",
    "in 1999 and 2000",
    "scores 10 9 8 7 6 5 4 3 2 1",
    "the years 2015 2016 2017",
    "room 0123",
    "code 0800",
    "ages 13-25",
    "grades 9-4",
    "1-2-3-4-5",
    "12:30pm",
    "v2.0.1",
    "ISBN 978-3-16-148410-0",
    "version 10.0.19045",
    "06/07/2008",
    "2024-01-15",
    "£5.99 or £10.50",
    "50% of 16-24 year olds",
    "0.5 0.25 0.125",
    "100 200 300 400 500",
    "I got 07 in maths",
    "Year 7 to Year 11",
    "temperature -10.5",
    "1 in 4 young people",
    "3 million a year",
    "$1,000",
    "at 18:45",
    "between 9-5 and 7-11",
    "1st, 2nd, 3rd",
    "the 2020/21 school year",
    "text SHOUT to 85258",
    "dial 116 123",
]

OTHER_PERSONAL_DETAILS = [
    ("email jo.smith@example.com please", FlagCategory.EMAIL, "jo.smith@example.com"),
    ("JO_99@school.sch.uk", FlagCategory.EMAIL, "JO_99@school.sch.uk"),
    ("email me: sam+hub@mail.co.uk", FlagCategory.EMAIL, "sam+hub@mail.co.uk"),
    ("jo dot smith at gmail dot com", FlagCategory.EMAIL, "jo dot smith at gmail dot com"),
    ("jo (at) gmail (dot) com", FlagCategory.EMAIL, "jo (at) gmail (dot) com"),
    ("jo[at]example[dot]org", FlagCategory.EMAIL, "jo[at]example[dot]org"),
    ("I'm in M1 1AE", FlagCategory.POSTCODE, "M1 1AE"),
    ("SW1A 1AA", FlagCategory.POSTCODE, "SW1A 1AA"),
    ("near b33 8th", FlagCategory.POSTCODE, "b33 8th"),
    ("CR2 6XH", FlagCategory.POSTCODE, "CR2 6XH"),
    ("DN55 1PT", FlagCategory.POSTCODE, "DN55 1PT"),
    ("EC1A1BB", FlagCategory.POSTCODE, "EC1A1BB"),
    ("W1A 0AX", FlagCategory.POSTCODE, "W1A 0AX"),
    ("my postcode is ls6 2ab", FlagCategory.POSTCODE, "ls6 2ab"),
    ("I live at 12 Acacia Avenue", FlagCategory.ADDRESS, "live at 12 Acacia Avenue"),
    ("it's 14 Church Road", FlagCategory.ADDRESS, "14 Church Road"),
    ("3b Mill Lane", FlagCategory.ADDRESS, "3b Mill Lane"),
    ("I live on Station Road", FlagCategory.ADDRESS, "live on Station Road"),
    ("27, Victoria Street", FlagCategory.ADDRESS, "27, Victoria Street"),
    ("we moved to 5 elm grove", FlagCategory.ADDRESS, "moved to 5 elm grove"),
    ("at 221B Baker Street", FlagCategory.ADDRESS, "221B Baker Street"),
    ("follow @coolkid22", FlagCategory.SOCIAL_HANDLE, "@coolkid22"),
    ("add me on snap jo_smith99", FlagCategory.SOCIAL_HANDLE, "add me on snap jo_smith99"),
    ("my insta is jo.smith_", FlagCategory.SOCIAL_HANDLE, "my insta is jo.smith_"),
    (
        "follow me on TikTok @dancer.jo",
        FlagCategory.SOCIAL_HANDLE,
        "follow me on TikTok @dancer.jo",
    ),
    ("message @dancer.jo", FlagCategory.SOCIAL_HANDLE, "@dancer.jo"),
    ("snapchat: jojo2009", FlagCategory.SOCIAL_HANDLE, "snapchat: jojo2009"),
    ("my discord is gamer_kid", FlagCategory.SOCIAL_HANDLE, "my discord is gamer_kid"),
    ("dm me on insta sam.k", FlagCategory.SOCIAL_HANDLE, "dm me on insta sam.k"),
    ("I go to Oakwood Academy", FlagCategory.SCHOOL, "Oakwood Academy"),
    ("at Riverside High School we", FlagCategory.SCHOOL, "Riverside High School"),
    ("kingsmead school is rubbish", FlagCategory.SCHOOL, "kingsmead school"),
    ("Northfield Grammar", FlagCategory.SCHOOL, "Northfield Grammar"),
    ("St Mary's Catholic High School", FlagCategory.SCHOOL, "St Mary's Catholic High School"),
    ("Hillside Primary School", FlagCategory.SCHOOL, "Hillside Primary School"),
    ("Bishop Vesey's Grammar School", FlagCategory.SCHOOL, "Bishop Vesey's Grammar School"),
    ("teachers at Parkview Academy are", FlagCategory.SCHOOL, "Parkview Academy"),
    ("I'm in year 9 at Greenfield High", FlagCategory.SCHOOL, "Greenfield High"),
    ("OAKWOOD ACADEMY", FlagCategory.SCHOOL, "OAKWOOD ACADEMY"),
    ("Oakwood   Academy", FlagCategory.SCHOOL, "Oakwood   Academy"),
    ("Meadowbank Sixth Form College", FlagCategory.SCHOOL, "Meadowbank Sixth Form College"),
]

NOT_PERSONAL_DETAILS = [
    "I went to school today",
    "high school is stressful",
    "Sunday School was fun",
    "my secondary school has no counsellor",
    "our local academy",
    "an art college",
    "the road to recovery",
    "a long road ahead",
    "I walked 3 miles down the road",
    "5 new street lamps were put up",
    "we were at home",
    "I'm good at maths",
    "email is hard",
    "the @ sign",
    "meet @ 5pm",
    "#mentalhealth",
    "I saw it on TikTok and it helped",
    "my insta is private",
    "TikTok: the app everyone uses",
    "the A1 road",
    "the M25 was busy",
    "the covid19 2nd wave",
    "GCSE results day",
    "Year 10 and Year 11",
    "PS5 games",
    "I live in Manchester",
    "I live on my own",
    "We live in a flat",
    "I live at home with my mum",
    "I live near a park",
    "Big Ben",
    "school trip to Oxford",
    "Street food is great",
    "Drive safely",
    "Main Street is closed",
    "The House of Commons",
    "I called the helpline",
    "call 999 in an emergency",
    "my email address is private",
    "I'm 15 and in Year 10",
    "Going to School Is Hard",
]


@pytest.mark.parametrize(("text", "number"), PHONE_NUMBERS)
def test_it_finds_uk_phone_numbers_in_all_common_formats(text, number):
    phones = [f for f in screen_text(text, CONFIG) if f.category == FlagCategory.PHONE]
    assert [f.text for f in phones] == [number]
    assert phones[0].kind == FlagKind.PERSONAL


@pytest.mark.parametrize("text", NOT_PHONE_NUMBERS)
def test_years_prices_times_and_dates_are_not_phone_numbers(text):
    assert FlagCategory.PHONE not in categories(text)


@pytest.mark.parametrize(("text", "category", "span"), OTHER_PERSONAL_DETAILS)
def test_it_finds_emails_postcodes_addresses_handles_and_schools(text, category, span):
    found = [f for f in screen_text(text, CONFIG) if f.category == category]
    assert span in [f.text for f in found], [f.text for f in found]
    assert found[0].kind == FlagKind.PERSONAL


@pytest.mark.parametrize("text", NOT_PERSONAL_DETAILS + NOT_PHONE_NUMBERS)
def test_everyday_words_are_not_personal_details(text):
    assert FlagKind.PERSONAL not in kinds(text)


def test_there_are_at_least_40_examples_each_way_for_personal_details():
    assert len(PHONE_NUMBERS) >= 40 and len(NOT_PHONE_NUMBERS) >= 40
    assert len(OTHER_PERSONAL_DETAILS) >= 40 and len(NOT_PERSONAL_DETAILS) >= 40


@pytest.mark.parametrize(
    ("candidate", "expected"),
    [
        ("07700 900123", True),
        ("+44 (0)20 7946 0018", True),
        ("0044 7700 900123", True),
        ("2019 2024", False),
        ("0.12345678901", False),
        ("0800 1111", False),
        ("06000 000000", False),  # no UK number starts 06
    ],
)
def test_phone_numbers_are_judged_by_their_digits(candidate, expected):
    assert is_uk_phone_number(candidate) is expected


# --- Risk language -----------------------------------------------------------------

RISK_LANGUAGE = [
    ("I want to kill myself", FlagCategory.SUICIDE),
    ("i wanna die", FlagCategory.SUICIDE),
    ("I've thought about suicide", FlagCategory.SUICIDE),
    ("feeling suicidal lately", FlagCategory.SUICIDE),
    ("su1c1de", FlagCategory.SUICIDE),
    ("s.u.i.c.i.d.e", FlagCategory.SUICIDE),
    ("s u i c i d e", FlagCategory.SUICIDE),
    ("s-u-i-c-i-d-e", FlagCategory.SUICIDE),
    ("suiiiicide", FlagCategory.SUICIDE),
    ("SUICIDE", FlagCategory.SUICIDE),
    ("I want to end my life", FlagCategory.SUICIDE),
    ("sometimes I want to end it all", FlagCategory.SUICIDE),
    ("thinking of taking my own life", FlagCategory.SUICIDE),
    ("I wish I was dead", FlagCategory.SUICIDE),
    ("everyone would be better off without me", FlagCategory.SUICIDE),
    ("I don't want to be here anymore", FlagCategory.SUICIDE),
    ("I dont want to be here anymore", FlagCategory.SUICIDE),
    ("i don\u2019t want to live", FlagCategory.SUICIDE),
    ("there's no reason to live", FlagCategory.SUICIDE),
    ("life is not worth living", FlagCategory.SUICIDE),
    ("I might unalive myself", FlagCategory.SUICIDE),
    ("thinking about sewer slide", FlagCategory.SUICIDE),
    ("k1ll mys3lf", FlagCategory.SUICIDE),
    ("#killmyself", FlagCategory.SUICIDE),
    ("thinking about killing myself", FlagCategory.SUICIDE),
    ("I self harm", FlagCategory.SELF_HARM),
    ("I've been self-harming", FlagCategory.SELF_HARM),
    ("selfharm", FlagCategory.SELF_HARM),
    ("I cut myself", FlagCategory.SELF_HARM),
    ("cutting myself again", FlagCategory.SELF_HARM),
    ("I hurt myself when I'm sad", FlagCategory.SELF_HARM),
    ("I burn myself", FlagCategory.SELF_HARM),
    ("I took an overdose", FlagCategory.SELF_HARM),
    ("I overdosed last year", FlagCategory.SELF_HARM),
    ("I starve myself", FlagCategory.SELF_HARM),
    ("I make myself sick after eating", FlagCategory.SELF_HARM),
    ("s3lf h4rm", FlagCategory.SELF_HARM),
    ("my dad hits me", FlagCategory.ABUSE),
    ("he beats me", FlagCategory.ABUSE),
    ("I was abused", FlagCategory.ABUSE),
    ("my stepdad is abusive", FlagCategory.ABUSE),
    ("I was raped", FlagCategory.ABUSE),
    ("he groomed me online", FlagCategory.ABUSE),
    ("someone touched me inappropriately", FlagCategory.ABUSE),
    ("I'm scared to go home", FlagCategory.ABUSE),
    ("I'm not safe at home", FlagCategory.ABUSE),
    ("there's domestic violence at home", FlagCategory.ABUSE),
    ("he forced me to send pictures", FlagCategory.ABUSE),
    ("an adult asked me for nudes", FlagCategory.ABUSE),
    ("he threatened to share my photos", FlagCategory.ABUSE),
    ("my mum locks me in my room", FlagCategory.ABUSE),
    ("it was sexual assault", FlagCategory.ABUSE),
    ("I was sexually assaulted", FlagCategory.ABUSE),
    ("she neglected me for years", FlagCategory.ABUSE),
    ("my brother molested me", FlagCategory.ABUSE),
    ("a.b.u.s.e", FlagCategory.ABUSE),
]

NOT_RISK_LANGUAGE = [
    "I killed it in my exam",
    "my phone died",
    "I'm dying to see that film",
    "I'm dyeing my hair",
    "it was a harmless joke",
    "self-help books helped",
    "I took a selfie",
    "my homework is overdue",
    "I cut my hair",
    "I cut the cake",
    "cutting the grass",
    "a bus, e.g. the 38",
    "a bus every day",
    "Abu Dhabi",
    "hit me up later",
    "grape juice",
    "my therapist is great",
    "rapeseed oil",
    "I want to diet",
    "I want to dye my hair",
    "at the end of the day",
    "a suite of tools",
    "I don't want to be late",
    "hang out with friends",
    "I'm so tired of exams",
    "killing time",
    "a killer whale",
    "deadline tomorrow",
    "dead tired",
    "living my best life",
    "I love my life",
    "the overdue library book",
    "beat the odds",
    "I want to end my lifeguard course",
    "hang my coat up",
    "a neglected garden",
    "grooming my dog",
    "I was amused",
    "the cutting edge",
    "don't overdo it",
    "end my shift early",
    "a drape",
]


@pytest.mark.parametrize(("text", "category"), RISK_LANGUAGE)
def test_it_finds_risk_language_through_disguises(text, category):
    found = screen_text(text, CONFIG)
    assert category in {f.category for f in found}
    assert all(f.kind == FlagKind.RISK for f in found if f.category == category)


@pytest.mark.parametrize("text", NOT_RISK_LANGUAGE)
def test_everyday_phrases_are_not_risk_language(text):
    assert FlagKind.RISK not in kinds(text)


def test_there_are_at_least_40_examples_each_way_for_risk_language():
    assert len(RISK_LANGUAGE) >= 40 and len(NOT_RISK_LANGUAGE) >= 40


# --- Swearing ----------------------------------------------------------------------

PROFANITY = [
    "fuck",
    "Fuck this",
    "FUCK",
    "fucking hell",
    "what the f*ck",
    "f**k",
    "fuuuuck",
    "f.u.c.k",
    "f u c k",
    "motherfucker",
    "clusterfuck",
    "shit",
    "sh1t",
    "sh*t",
    "shiiit",
    "shitty",
    "bullshit",
    "shite",
    "cunt",
    "c*nt",
    "bitch",
    "b1tch",
    "bitches",
    "bitchy",
    "bastard",
    "wank",
    "wanker",
    "w4nker",
    "twat",
    "arse",
    "arsehole",
    "kiss my ass",
    "asshole",
    "dickhead",
    "bollocks",
    "piss off",
    "pissed off",
    "slag",
    "slut",
    "whore",
    "$hit",
    "@rse",
    "fucks",
    "fucked",
]

NOT_PROFANITY = [
    "Scunthorpe",
    "Penistone",
    "Cockermouth",
    "Middlesex",
    "assess",
    "class",
    "Essex",
    "Sussex",
    "grass",
    "passage",
    "cocktail",
    "Dickens",
    "therapist",
    "shiitake",
    "Arsenal",
    "document",
    "Cumbria",
    "butterfly",
    "button",
    "title",
    "analysis",
    "Matlock",
    "Shitterton",
    "Twatt",
    "bass guitar",
    "Assam tea",
    "Massachusetts",
    "Mississippi",
    "pistachio",
    "Hancock",
    "peacock",
    "scrap",
    "glass",
    "harass",
    "embarrass",
    "compass",
    "shuttlecock",
    "Bitchfield",
    "the arsenal of",
    "piston",
    "Clitheroe",
    "basement",
    "Lightwater",
    "assassin",
]


@pytest.mark.parametrize("text", PROFANITY)
def test_it_finds_swearing_through_disguises(text):
    assert FlagCategory.PROFANITY in categories(text)


@pytest.mark.parametrize("text", NOT_PROFANITY)
def test_places_and_words_containing_rude_words_are_not_swearing(text):
    assert FlagKind.PROFANITY not in kinds(text)


def test_there_are_at_least_40_examples_each_way_for_swearing():
    assert len(PROFANITY) >= 40 and len(NOT_PROFANITY) >= 40


# --- Spans, configuration and highlighting -----------------------------------------


def test_flags_carry_the_field_and_the_exact_span():
    fields = {"title": "Help", "body": "Ring 07700 900123 or I will kill myself"}
    flags = screen(fields, CONFIG)
    phone = next(f for f in flags if f.category == FlagCategory.PHONE)
    risk = next(f for f in flags if f.kind == FlagKind.RISK)
    assert (phone.field, fields["body"][phone.start : phone.end]) == ("body", "07700 900123")
    assert fields["body"][risk.start : risk.end] == "kill myself"
    assert all(f.field == "body" for f in flags)


def test_flags_survive_a_round_trip_through_json():
    flag = screen_text("call 07700 900123", CONFIG)[0]
    assert Flag.from_dict(flag.as_dict()) == flag


def test_the_lists_are_configurable():
    config = ScreeningConfig.from_text(
        profanity_terms="blimey",
        school_names="Hogwarts",
        suicide_terms="# a comment line\nend things",
    )
    assert {f.category for f in screen_text("Blimey, Hogwarts!", config)} == {
        FlagCategory.PROFANITY,
        FlagCategory.SCHOOL,
    }
    assert FlagCategory.SUICIDE in {f.category for f in screen_text("I want to end things", config)}
    assert not screen_text("fuck", config)


def test_allowed_words_silence_a_whole_word_match():
    config = ScreeningConfig.from_text(profanity_terms="twat", profanity_allowed_words="")
    assert FlagKind.PROFANITY in {f.kind for f in screen_text("Twatt", config)}
    assert not screen_text("Twatt", CONFIG)


def test_overlapping_matches_of_one_kind_become_one_flag():
    flags = screen_text("I have been self harming", CONFIG)
    assert [f.text for f in flags] == ["self harming"]


def test_highlighting_splits_text_around_flags_and_labels_them_in_words():
    text = "call 07700 900123 now"
    segments = highlight(text, screen_text(text, CONFIG))
    assert "".join(s.text for s in segments) == text
    flagged = [s for s in segments if s.flagged]
    assert [(s.text, s.labels) for s in flagged] == [
        ("07700 900123", ("Personal details: phone number",))
    ]


# --- School names in Welsh and English -----------------------------------------------

WELSH_AND_ENGLISH_SCHOOLS = [
    # In the default list
    ("I go to Ysgol Gyfun Gymraeg Glantaf", "Ysgol Gyfun Gymraeg Glantaf"),
    ("ysgol gyfun gymraeg plasmawr", "ysgol gyfun gymraeg plasmawr"),
    ("pawb yn Ysgol Bro Morgannwg", "Ysgol Bro Morgannwg"),
    ("Ysgol Gyfun Gŵyr", "Ysgol Gyfun Gŵyr"),
    ("I'm in year 10 at Glantaf", "Glantaf"),
    ("coleg sir gâr", "coleg sir gâr"),
    ("Cardiff High School", "Cardiff High School"),
    (
        "bishop of llandaff church in wales high school",
        "bishop of llandaff church in wales high school",
    ),
    ("Gower College Swansea is", "Gower College Swansea"),
    # Not listed: found by the shape of a Welsh name
    ("Ysgol Gyfun Treorci", "Ysgol Gyfun Treorci"),
    ("at Ysgol Uwchradd Aberteifi we", "Ysgol Uwchradd Aberteifi"),
    ("Ysgol Gynradd Gymraeg Treganna.", "Ysgol Gynradd Gymraeg Treganna"),
    ("Ysgol Gynradd Pen-y-Bryn", "Ysgol Gynradd Pen-y-Bryn"),
    ("Ysgol y Graig, Llangefni", "Ysgol y Graig"),
    ("Ysgol Yr Hendre", "Ysgol Yr Hendre"),
    ("Ysgol Maes y Gwendraeth", "Ysgol Maes y Gwendraeth"),
    ("Ysgol Santes Tudful", "Ysgol Santes Tudful"),
    ("Ysgol Glan Taf Is Brilliant", "Ysgol Glan Taf"),
    ("Coleg Ceredigion", "Coleg Ceredigion"),
    ("Ysgol Gyfun Ŵyr", "Ysgol Gyfun Ŵyr"),
]

NOT_WELSH_SCHOOLS = [
    "I go to an Ysgol Gymraeg",
    "every Ysgol Gyfun should teach this",
    "yn yr ysgol Gynradd leol",
    "mae'r ysgol yn wych",
    "Ysgolion Cymru need more money",
    "Free Music Lessons In Every Ysgol Gymraeg Should Stay",
    "Ysgol Gymraeg, Cardiff",
    "a Welsh-medium school",
    "Colegau Cymru",
]


@pytest.mark.parametrize(("text", "span"), WELSH_AND_ENGLISH_SCHOOLS)
def test_it_finds_school_names_in_welsh_and_english(text, span):
    found = [f.text for f in screen_text(text, CONFIG) if f.category == FlagCategory.SCHOOL]
    assert span in found, found


@pytest.mark.parametrize("text", NOT_WELSH_SCHOOLS)
def test_the_welsh_for_a_kind_of_school_is_not_a_school_name(text):
    assert FlagCategory.SCHOOL not in categories(text)


# --- What the author is told before sending ------------------------------------------


def warnings_for(**fields: str) -> list[str]:
    return personal_detail_warnings(screen(fields, CONFIG))


def test_a_phone_number_gets_one_kind_plain_sentence():
    assert warnings_for(text="ring 07700 900123 after school") == [
        "This looks like a phone number (“07700 900123”) — for your safety, take it out."
    ]


def test_each_kind_of_detail_gets_one_sentence_in_a_fixed_order():
    warnings = warnings_for(
        title="Ysgol Bro Morgannwg needs a counsellor",
        description=(
            "My insta is jo.smith_ and I live at 12 Acacia Avenue, CF62 8ZJ. Email "
            "jo@example.com or ring 07700 900123 or 07700 900456."
        ),
    )
    assert [w.split(" (")[0] for w in warnings] == [
        "This looks like a phone number",
        "This looks like an email address",
        "This looks like a home address or postcode",
        "This looks like a social media name",
        "This looks like the name of a school",
    ]
    assert warnings[0] == (
        "This looks like a phone number (“07700 900123”, “07700 900456”) — "
        "for your safety, take it out."
    )
    assert "(“live at 12 Acacia Avenue”, “CF62 8ZJ”)" in warnings[2]
    assert all(w.endswith("— for your safety, take it out.") for w in warnings)


def test_warnings_quote_only_the_matched_words_once_each():
    (warning,) = warnings_for(a="I'm at Oakwood Academy", b="OAKWOOD   ACADEMY is fine")
    assert warning == (
        "This looks like the name of a school (“Oakwood Academy”) — for your safety, take it out."
    )


def test_risk_language_and_swearing_are_not_warnings():
    assert warnings_for(text="I want to kill myself, this is shit") == []
    assert warnings_for(text="Free bus travel for under-18s") == []


def test_every_kind_of_personal_detail_has_its_own_sentence():
    for category, kind in CATEGORY_KIND.items():
        if kind is FlagKind.PERSONAL:
            flag = Flag(category, "text", 0, 3, "abc")
            (warning,) = personal_detail_warnings([flag])
            assert warning.startswith("This looks like "), category
