"""Personal details: phone numbers, emails, postcodes, addresses, handles, schools (English and Welsh)."""

import re
from collections.abc import Iterable

import phonenumbers
from phonenumbers import CountryCodeSource, Leniency, PhoneNumberMatcher

from moderation.screening.flags import Flag, FlagCategory
from moderation.screening.terms import APOSTROPHES

_DECIMAL = re.compile(r"^\d+\.\d+$")
# What may stand between the pieces of one number the matcher reads apart.
_PHONE_GAP = re.compile(r"[ .\-]{1,3}")
# After the leading 0, every UK number starts with one of these (none starts 04 or 06).
_UK = 44
_UK_FIRST_DIGITS = "1235789"


def is_uk_phone_number(candidate: str) -> bool:
    """A UK (or other international) number, judged by its digits, not its layout."""
    candidate = candidate.strip()
    if _DECIMAL.match(candidate):
        return False
    try:
        number = phonenumbers.parse(candidate, "GB", keep_raw_input=True)
    except phonenumbers.NumberParseException:
        return False
    if number.country_code != _UK:
        return phonenumbers.is_possible_number(number)
    if number.country_code_source == CountryCodeSource.FROM_DEFAULT_COUNTRY and not (
        phonenumbers.normalize_digits_only(candidate).startswith("0")
    ):
        return False  # written without +44, a UK number starts with 0
    # Ten or eleven digits with the 0: shorter numbers (Childline's 0800 1111) are
    # public helplines, not anyone's own.
    national = str(number.national_number)
    return len(national) in (9, 10) and national[0] in _UK_FIRST_DIGITS


def _phone_pieces(text: str) -> list[tuple[int, int]]:
    """What the matcher reads as phone-like, each span starting at its first digit or +.

    POSSIBLE, not VALID: validity would miss the ranges Ofcom keeps for drama and
    examples (07700 900xxx) and numbers not yet allocated, which still reach someone
    when mistyped by one digit; `is_uk_phone_number` then judges each by its digits.
    """
    pieces = []
    for match in PhoneNumberMatcher(text, "GB", leniency=Leniency.POSSIBLE):
        raw = match.raw_string
        pieces.append((match.start + len(raw) - len(raw.lstrip("(")), match.end))
    return pieces


def _phone_spans(text: str) -> Iterable[tuple[int, int]]:
    if not any(char.isdigit() for char in text):
        return
    pieces = _phone_pieces(text)
    first = 0
    while first < len(pieces):
        # Pieces apart only by a space or a dash belong together: the matcher reads
        # "I'm 16 07700 900123" as "07700" and "900123". Take the longest run that is
        # a phone number, so the age before it is left out.
        joined = first + 1
        while joined < len(pieces) and _PHONE_GAP.fullmatch(
            text, pieces[joined - 1][1], pieces[joined][0]
        ):
            joined += 1
        for last in range(joined, first, -1):
            start, end = pieces[first][0], pieces[last - 1][1]
            if is_uk_phone_number(text[start:end]):
                yield start, end
                first = last
                break
        else:
            first += 1


_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+", re.I)
_AT = r"(?:\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s+at\s+)"
_DOT = r"(?:\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+|\.)"
_EMAIL_DISGUISED = re.compile(
    rf"(?<![\w.+\-])[a-z0-9][\w.+\-]*(?:\s+dot\s+[\w+\-]+)*{_AT}[a-z0-9\-]+(?:{_DOT}[a-z0-9\-]+)*?"
    rf"{_DOT}(?:com|org|net|uk|io|me|edu|co{_DOT}uk|ac{_DOT}uk)\b",
    re.I,
)
_POSTCODE = re.compile(r"\b(?:[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?|GIR)\s?\d[ABD-HJLNP-UW-Z]{2}\b", re.I)
_STREET_TYPES = (
    r"road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|crescent|cres|way|gardens|gdns|"
    r"grove|place|pl|terrace|court|ct|square|sq|mews|row|walk|rise|hill|park|parade|green|"
    r"view|vale|gate|wharf|yard|estate|boulevard|chase|croft|fields|meadow|meadows|street"
)
_ADDRESS_NUMBERED = re.compile(
    rf"(?<![\w£$.,/])\d{{1,3}}[A-Za-z]?,?\s+(?:[A-Z][a-z{APOSTROPHES}\-]+\s+){{1,3}}"
    rf"(?i:{_STREET_TYPES})\b"
)
_ADDRESS_LIVE = re.compile(
    r"\b(?:live|living|lives|stay|staying|moved|my address is|address:)\s+(?:at|on|in|to)?\s*"
    r"(?:number\s+|no\.?\s*)?(?:\d{1,3}[a-z]?,?\s+)?"
    rf"((?:[a-z{APOSTROPHES}\-]+\s+){{1,3}})(?:{_STREET_TYPES})\b",
    re.I,
)
_ADDRESS_STOPWORDS = frozenset(
    (
        "the",
        "a",
        "an",
        "my",
        "our",
        "this",
        "that",
        "same",
        "next",
        "main",
        "big",
        "busy",
        "long",
        "new",
        "old",
        "quiet",
        "other",
        "near",
        "by",
        "to",
        "opposite",
        "behind",
        "beside",
        "off",
        "round",
        "around",
        "along",
        "down",
        "up",
    )
)

_PLATFORMS = (
    r"insta(?:gram)?|ig|snap(?:chat)?|sc|tik\s?tok|twitter|discord|kik|telegram|whatsapp|"
    r"facebook|fb|threads|bereal|youtube|yt|twitch|roblox|steam|xbox|psn|reddit"
)
_AT_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z_][A-Za-z0-9_.]{1,29}")
_PLATFORM_HANDLE = re.compile(
    rf"\b(?:my|add me on|follow me on|message me on|dm me on|find me on|i'?m on|me on)\s+"
    rf"(?:{_PLATFORMS})\s*(?:is|:|-|=|name is|username is|handle is|it'?s|@)?\s*@?"
    r"(?P<handle>[A-Za-z0-9_.]{3,30})",
    re.I,
)
_PLATFORM_COLON = re.compile(
    rf"\b(?:{_PLATFORMS})\s*[:=]\s*@?(?P<handle>[A-Za-z0-9_.]{{3,30}})", re.I
)
_HANDLE_STOPWORDS = frozenset(
    [
        "is",
        "the",
        "and",
        "but",
        "for",
        "too",
        "its",
        "it's",
        "just",
        "account",
        "private",
        "public",
        "down",
        "broken",
        "banned",
        "gone",
        "later",
        "tonight",
        "please",
        "pls",
        "now",
        "though",
        "lol",
        "haha",
        "dead",
        "boring",
        "rubbish",
        "toxic",
        "full",
        "not",
    ]
)

_SCHOOL_SUFFIX = (
    r"Academy|High School|Primary School|Grammar School|Secondary School|"
    r"Sixth Form College|Sixth Form|College|School|High|Grammar"
)
_SCHOOL_GENERIC = re.compile(
    rf"\b((?:(?:St\.?|[A-Z][a-z{APOSTROPHES}\-]+)\s+){{1,3}})(?:{_SCHOOL_SUFFIX})\b"
)
_SCHOOL_STOPWORDS = frozenset(
    [
        "my",
        "our",
        "the",
        "a",
        "an",
        "at",
        "in",
        "to",
        "this",
        "that",
        "your",
        "his",
        "her",
        "their",
        "i",
        "love",
        "hate",
        "back",
        "go",
        "going",
        "after",
        "before",
        "leaving",
        "primary",
        "secondary",
        "high",
        "grammar",
        "sixth",
        "form",
        "boarding",
        "summer",
        "sunday",
        "art",
        "drama",
        "driving",
        "film",
        "music",
        "dance",
        "night",
        "old",
        "new",
        "local",
        "private",
        "state",
        "public",
        "catholic",
        "church",
        "faith",
        "special",
        "free",
        "independent",
        "community",
        "senior",
        "junior",
        "infant",
        "nursery",
    ]
)

# Welsh names put the kind of school first ("Ysgol Gyfun Gymraeg Glantaf", "Ysgol y
# Strade", "Coleg Gwent"), so the name is what follows "Ysgol" or "Coleg". The kind
# words alone ("an Ysgol Gymraeg", "yr ysgol Gynradd") are not a name, just as "high
# school" is not. Welsh capitals include Ŵ and Ŷ, and names may be hyphenated.
_WELSH_CAPITALS = "A-ZÂÊÎÔÛŴŶ"
_WELSH_LETTERS = "a-zâêîôûŵŷäëïöüÿáéíóúàèìòù"
_WELSH_NAME_WORD = (
    rf"[{_WELSH_CAPITALS}][{_WELSH_LETTERS}{APOSTROPHES}]+"
    rf"(?:-[{_WELSH_CAPITALS}{_WELSH_LETTERS}{APOSTROPHES}]+)*"  # "Pen-y-Bryn"
)
_WELSH_SCHOOL = re.compile(
    r"\b(?:Ysgol|Coleg)"
    rf"((?:\s+(?:(?i:yr?)|[{APOSTROPHES}]r|{_WELSH_NAME_WORD})\b)+)"
)
_WELSH_SCHOOL_KINDS = frozenset(
    [
        "gyfun",  # comprehensive
        "uwchradd",  # secondary
        "gynradd",  # primary
        "gymraeg",  # Welsh-medium
        "ddwyieithog",  # bilingual
        "gymunedol",  # community
        "eglwys",  # church
        "gatholig",  # Catholic
        "sant",  # saint
        "santes",
        "ganol",  # middle
        "feithrin",  # nursery
        "fabanod",  # infants
        "babanod",
        "iau",  # junior
        "arbennig",  # special
        "chweched",  # sixth (form)
        "dosbarth",
    ]
)
_WELSH_CONNECTORS = frozenset(["y", "yr", "'r", "’r"])
# A capitalised English word ends the name: titles are often in title case
# ("Free Music Lessons In Every Ysgol Gymraeg Should Stay").
_WELSH_SCHOOL_STOPWORDS = _SCHOOL_STOPWORDS | frozenset(
    [
        "and",
        "or",
        "but",
        "for",
        "of",
        "on",
        "with",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "should",
        "must",
        "can",
        "could",
        "will",
        "would",
        "need",
        "needs",
        "every",
        "all",
        "more",
        "less",
        "no",
        "not",
        "pupils",
        "students",
        "teachers",
        "lessons",
    ]
)


def _welsh_school_spans(text: str) -> Iterable[tuple[int, int]]:
    for match in _WELSH_SCHOOL.finditer(text):
        end, named = None, False
        for word in re.finditer(r"\S+", match.group(1)):
            key = word.group().lower()
            if key in _WELSH_CONNECTORS:
                continue  # inside a name ("Maes y Gwendraeth"), never the end of one
            if key in _WELSH_SCHOOL_STOPWORDS:
                break
            named = named or key not in _WELSH_SCHOOL_KINDS
            end = match.start(1) + word.end()
        if named and end is not None:
            yield match.start(), end


def personal_flags(text: str, field: str, schools: re.Pattern | None) -> Iterable[Flag]:
    def flag(category: FlagCategory, start: int, end: int) -> Flag:
        return Flag(category, field, start, end, text[start:end])

    for start, end in _phone_spans(text):
        yield flag(FlagCategory.PHONE, start, end)
    for pattern in (_EMAIL, _EMAIL_DISGUISED):
        for match in pattern.finditer(text):
            yield flag(FlagCategory.EMAIL, *match.span())
    for match in _POSTCODE.finditer(text):
        yield flag(FlagCategory.POSTCODE, *match.span())
    for match in _ADDRESS_NUMBERED.finditer(text):
        yield flag(FlagCategory.ADDRESS, *match.span())
    for match in _ADDRESS_LIVE.finditer(text):
        if set(match.group(1).lower().split()) - _ADDRESS_STOPWORDS:
            yield flag(FlagCategory.ADDRESS, *match.span())
    for match in _AT_HANDLE.finditer(text):
        yield flag(FlagCategory.SOCIAL_HANDLE, *match.span())
    for pattern in (_PLATFORM_HANDLE, _PLATFORM_COLON):
        for match in pattern.finditer(text):
            if match.group("handle").lower() not in _HANDLE_STOPWORDS:
                yield flag(FlagCategory.SOCIAL_HANDLE, *match.span())
    if schools is not None:
        for match in schools.finditer(text):
            yield flag(FlagCategory.SCHOOL, *match.span())
    for match in _SCHOOL_GENERIC.finditer(text):
        words = [w.lower().rstrip(".") for w in match.group(1).split()]
        if any(w not in _SCHOOL_STOPWORDS for w in words):
            # Start the flag at the first word that is part of the name.
            skip = 0
            for word in match.group(1).split():
                if word.lower().rstrip(".") not in _SCHOOL_STOPWORDS:
                    break
                skip += len(word) + 1
            yield flag(FlagCategory.SCHOOL, match.start() + skip, match.end())
    for start, end in _welsh_school_spans(text):
        yield flag(FlagCategory.SCHOOL, start, end)
