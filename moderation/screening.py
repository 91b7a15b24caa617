"""Pre-screening: find personal details, risk language and swearing in what someone wrote.

Plain Python, text in and flags out, so it is quick to test with long tables of
examples. A flag never blocks anything by itself: it tells the moderator where to
look (the matching span is highlighted) and, for risk language, puts the item first,
shows the moderator the safeguarding guidance and the author support at once.

Matching rules, each chosen to keep false alarms rare without missing disguises:

- Terms match whole words only, so "Scunthorpe", "Middlesex" and "assess" are safe.
- Terms see through leetspeak ("k1ll"), stretched letters ("suiiicide"), a symbol
  between letters ("sui-cide", "f*ck") and letters spelt out one by one with the
  same separator ("s.u.i.c.i.d.e", "s u i c i d e").
- Phone numbers are found as digit groups and then checked against UK numbering
  (a leading 0 or +44, ten or eleven digits), so years ("2019-2024"), prices
  ("£1,234.56"), times ("07:30") and dates are not phone numbers.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class FlagKind(StrEnum):
    PERSONAL = "personal"
    RISK = "risk"
    PROFANITY = "profanity"


class FlagCategory(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    POSTCODE = "postcode"
    ADDRESS = "address"
    SOCIAL_HANDLE = "social_handle"
    SCHOOL = "school"
    SELF_HARM = "self_harm"
    SUICIDE = "suicide"
    ABUSE = "abuse"
    PROFANITY = "profanity"


CATEGORY_KIND = {
    FlagCategory.PHONE: FlagKind.PERSONAL,
    FlagCategory.EMAIL: FlagKind.PERSONAL,
    FlagCategory.POSTCODE: FlagKind.PERSONAL,
    FlagCategory.ADDRESS: FlagKind.PERSONAL,
    FlagCategory.SOCIAL_HANDLE: FlagKind.PERSONAL,
    FlagCategory.SCHOOL: FlagKind.PERSONAL,
    FlagCategory.SELF_HARM: FlagKind.RISK,
    FlagCategory.SUICIDE: FlagKind.RISK,
    FlagCategory.ABUSE: FlagKind.RISK,
    FlagCategory.PROFANITY: FlagKind.PROFANITY,
}

KIND_LABELS = {
    FlagKind.PERSONAL: "Personal details",
    FlagKind.RISK: "Possible safeguarding risk",
    FlagKind.PROFANITY: "Swearing",
}

CATEGORY_LABELS = {
    FlagCategory.PHONE: "phone number",
    FlagCategory.EMAIL: "email address",
    FlagCategory.POSTCODE: "postcode",
    FlagCategory.ADDRESS: "street address",
    FlagCategory.SOCIAL_HANDLE: "social media name",
    FlagCategory.SCHOOL: "school name",
    FlagCategory.SELF_HARM: "self-harm",
    FlagCategory.SUICIDE: "suicide",
    FlagCategory.ABUSE: "abuse",
    FlagCategory.PROFANITY: "swearing",
}


@dataclass(frozen=True)
class Flag:
    """One match: which field, where (character offsets), and what kind."""

    category: FlagCategory
    field: str
    start: int
    end: int
    text: str

    @property
    def kind(self) -> FlagKind:
        return CATEGORY_KIND[self.category]

    @property
    def label(self) -> str:
        return f"{KIND_LABELS[self.kind]}: {CATEGORY_LABELS[self.category]}"

    def as_dict(self) -> dict:
        return {
            "kind": str(self.kind),
            "category": str(self.category),
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: Mapping) -> "Flag":
        return cls(
            category=FlagCategory(data["category"]),
            field=data["field"],
            start=int(data["start"]),
            end=int(data["end"]),
            text=data.get("text", ""),
        )


def parse_lines(text: str) -> tuple[str, ...]:
    """One term per line; blank lines and lines starting with # are ignored."""
    lines = (line.strip() for line in (text or "").splitlines())
    return tuple(dict.fromkeys(line for line in lines if line and not line.startswith("#")))


@dataclass(frozen=True)
class ScreeningConfig:
    """The editable lists, as tuples so a config can key a cache of compiled patterns."""

    self_harm_terms: tuple[str, ...] = ()
    suicide_terms: tuple[str, ...] = ()
    abuse_terms: tuple[str, ...] = ()
    profanity_terms: tuple[str, ...] = ()
    profanity_allowed_words: tuple[str, ...] = ()
    school_names: tuple[str, ...] = ()

    @classmethod
    def from_text(cls, **texts: str) -> "ScreeningConfig":
        return cls(**{name: parse_lines(value) for name, value in texts.items()})

    @classmethod
    def defaults(cls) -> "ScreeningConfig":
        from moderation import screening_defaults as d

        return cls.from_text(
            self_harm_terms=d.SELF_HARM_TERMS,
            suicide_terms=d.SUICIDE_TERMS,
            abuse_terms=d.ABUSE_TERMS,
            profanity_terms=d.PROFANITY_TERMS,
            profanity_allowed_words=d.PROFANITY_ALLOWED_WORDS,
            school_names=d.SCHOOL_NAMES,
        )


# --- Terms (risk language and profanity) -------------------------------------------

_LEET = {
    "a": "a@4",
    "b": "b8",
    "e": "e3",
    "g": "g9",
    "i": "i1!|",
    "l": "l1|",
    "o": "o0",
    "s": "s5$",
    "t": "t7+",
}
_APOSTROPHES = "'\u2019"  # straight and curly
_NOT_BEFORE = r"(?<![^\W_])"  # no letter or digit just before
_NOT_AFTER = r"(?![^\W_])"  # no letter or digit just after
_INNER_SEPARATOR = rf"[.\-_*{_APOSTROPHES}]?"  # "sui-cide", "s.uicide"
_WORD_SEPARATOR = r"[\W_]{0,3}"  # "self harm", "self-harm", "selfharm", "kill... myself"
_SUFFIX = r"(?:s|es|ed|d|er|ers|ing|in|y)?"
_SPELT_OUT_SEPARATOR = r"[ .\-_*,|/+~]"


def _letter_class(letter: str, *, masked: bool) -> str:
    chars = _LEET.get(letter, letter)
    if masked:
        chars += "*"  # "f*ck", "sh*t": a star standing for a letter
    return "[" + re.escape(chars) + "]"


def _contiguous(term: str) -> str:
    words = []
    for word in term.split():
        parts = []
        for position, char in enumerate(word):
            if char in _APOSTROPHES:
                parts.append(f"[{_APOSTROPHES}]?")
            elif char.isalpha():
                parts.append(_letter_class(char, masked=position > 0) + "+")
            else:
                parts.append(re.escape(char))
        words.append(_INNER_SEPARATOR.join(parts))
    return _WORD_SEPARATOR.join(words)


def _spelt_out(term: str) -> str | None:
    """s.u.i.c.i.d.e: every letter apart, the same separator each time."""
    letters = [char for char in term if char.isalpha()]
    if " " in term or len(letters) < 4:
        return None
    # The first separator is captured; every later gap must repeat it, once or twice.
    tail = "".join("(?P=sep){1,2}" + _letter_class(letter, masked=False) for letter in letters[2:])
    return (
        _letter_class(letters[0], masked=False)
        + f"(?P<sep>{_SPELT_OUT_SEPARATOR})(?P=sep)?"
        + _letter_class(letters[1], masked=False)
        + tail
    )


def compile_term(term: str) -> re.Pattern:
    term = term.lower().strip()
    alternatives = [_contiguous(term) + _SUFFIX]
    if spelt := _spelt_out(term):
        alternatives.append(spelt)
    return re.compile(_NOT_BEFORE + "(?:" + "|".join(alternatives) + ")" + _NOT_AFTER, re.I)


def _whole_word(text: str, start: int, end: int) -> str:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end].lower()


# --- Personal details --------------------------------------------------------------

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
    rf"(?<![\w£$.,/])\d{{1,3}}[A-Za-z]?,?\s+(?:[A-Z][a-z{_APOSTROPHES}\-]+\s+){{1,3}}"
    rf"(?i:{_STREET_TYPES})\b"
)
_ADDRESS_LIVE = re.compile(
    r"\b(?:live|living|lives|stay|staying|moved|my address is|address:)\s+(?:at|on|in|to)?\s*"
    r"(?:number\s+|no\.?\s*)?(?:\d{1,3}[a-z]?,?\s+)?"
    rf"((?:[a-z{_APOSTROPHES}\-]+\s+){{1,3}})(?:{_STREET_TYPES})\b",
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
    rf"\b((?:(?:St\.?|[A-Z][a-z{_APOSTROPHES}\-]+)\s+){{1,3}})(?:{_SCHOOL_SUFFIX})\b"
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


def _personal_flags(text: str, field: str, schools: re.Pattern | None) -> Iterable[Flag]:
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


# --- Compiled rules and the entry point --------------------------------------------


@dataclass(frozen=True)
class _CompiledRules:
    terms: tuple[tuple[FlagCategory, re.Pattern], ...]
    profanity_allowed: frozenset[str]
    schools: re.Pattern | None


@lru_cache(maxsize=8)
def _compile(config: ScreeningConfig) -> _CompiledRules:
    terms = []
    for category, words in (
        (FlagCategory.SUICIDE, config.suicide_terms),
        (FlagCategory.SELF_HARM, config.self_harm_terms),
        (FlagCategory.ABUSE, config.abuse_terms),
        (FlagCategory.PROFANITY, config.profanity_terms),
    ):
        terms.extend((category, compile_term(word)) for word in words)
    schools = None
    if config.school_names:
        names = sorted(config.school_names, key=len, reverse=True)
        schools = re.compile(
            r"\b(?:" + "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in names) + r")\b",
            re.I,
        )
    return _CompiledRules(
        terms=tuple(terms),
        profanity_allowed=frozenset(word.lower() for word in config.profanity_allowed_words),
        schools=schools,
    )


def _without_overlaps(flags: list[Flag]) -> list[Flag]:
    """Keep the longest of overlapping flags of one category ("self harm" in "self harming")."""
    kept: list[Flag] = []
    for flag in sorted(flags, key=lambda f: (f.field, f.start, -(f.end - f.start))):
        if any(
            k.category == flag.category
            and k.field == flag.field
            and k.start <= flag.start
            and flag.end <= k.end
            for k in kept
        ):
            continue
        kept.append(flag)
    return kept


def screen_text(text: str, config: ScreeningConfig, *, field: str = "text") -> list[Flag]:
    rules = _compile(config)
    flags = list(_personal_flags(text, field, rules.schools))
    for category, pattern in rules.terms:
        for match in pattern.finditer(text):
            start, end = match.span()
            if (
                category is FlagCategory.PROFANITY
                and _whole_word(text, start, end) in rules.profanity_allowed
            ):
                continue
            flags.append(Flag(category, field, start, end, text[start:end]))
    return _without_overlaps(flags)


def screen(fields: Mapping[str, str], config: ScreeningConfig) -> list[Flag]:
    """Every flag in every field, in field order then reading order."""
    flags: list[Flag] = []
    for name, text in fields.items():
        flags.extend(screen_text(text or "", config, field=name))
    return flags


def kinds(flags: Iterable[Flag]) -> set[FlagKind]:
    return {flag.kind for flag in flags}


@dataclass(frozen=True)
class Segment:
    """A piece of text for display: plain, or highlighted with the flags that cover it."""

    text: str
    labels: tuple[str, ...] = ()
    kind: str = ""

    @property
    def flagged(self) -> bool:
        return bool(self.labels)


def highlight(text: str, flags: Iterable[Flag]) -> list[Segment]:
    """Split `text` into plain and flagged segments (risk wins where flags overlap)."""
    rank = {FlagKind.RISK: 0, FlagKind.PERSONAL: 1, FlagKind.PROFANITY: 2}
    covering: list[list[Flag]] = [[] for _ in text]
    for flag in flags:
        for position in range(max(flag.start, 0), min(flag.end, len(text))):
            covering[position].append(flag)
    segments: list[Segment] = []
    position = 0
    while position < len(text):
        current = covering[position]
        end = position
        while end < len(text) and covering[end] == current:
            end += 1
        if current:
            top = min(current, key=lambda f: rank[f.kind])
            labels = tuple(dict.fromkeys(f.label for f in current))
            segments.append(Segment(text[position:end], labels, str(top.kind)))
        else:
            segments.append(Segment(text[position:end]))
        position = end
    return segments
