"""Personal details: phone numbers, emails, postcodes, addresses, handles, schools (English and Welsh)."""

import re
from collections.abc import Iterable

from moderation.screening.flags import Flag, FlagCategory
from moderation.screening.terms import APOSTROPHES

_PHONE_CANDIDATE = re.compile(
    r"(?<![\w£$€.,/+])"  # not in a word, a price, a decimal or a date
    r"(\+?\(?\d(?:[\d()]|[ .\-]{1,3}(?=[\d(+])){6,30})"
    r"(?![\w]|[.,]\d)"
)
_DIGIT_GROUP = re.compile(r"\+?\d+")
_DECIMAL = re.compile(r"^\d+\.\d+$")


def is_uk_phone_number(candidate: str) -> bool:
    """A UK (or other international) number, judged by its digits, not its layout."""
    candidate = candidate.strip()
    if _DECIMAL.match(candidate):
        return False
    digits = re.sub(r"\D", "", candidate)
    if digits.startswith("0044"):
        national = digits[4:]
    elif candidate.startswith("+44"):
        national = digits[2:]
    elif candidate.startswith("+"):
        return 9 <= len(digits) <= 15
    else:
        return len(digits) in (10, 11) and digits[0] == "0" and digits[1] in "1235789"
    national = national.removeprefix("0")  # "+44 (0)7700 ..."
    return len(national) in (9, 10) and national[0] in "1235789"


def _phone_spans(text: str) -> Iterable[tuple[int, int]]:
    for match in _PHONE_CANDIDATE.finditer(text):
        candidate, offset = match.group(1), match.start(1)
        groups = [(g.start(), g.end()) for g in _DIGIT_GROUP.finditer(candidate)]
        first = 0
        while first < len(groups):
            # The longest run of digit groups that is a phone number, so "I'm 16 07700
            # 900123" finds the number after the age.
            for last in range(len(groups), first, -1):
                start, end = groups[first][0], groups[last - 1][1]
                if is_uk_phone_number(candidate[start:end]):
                    yield offset + start, offset + end
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
