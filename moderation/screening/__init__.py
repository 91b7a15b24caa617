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
- Phone numbers are found by the `phonenumbers` matcher (as UK numbers by default)
  and then checked against UK numbering (a leading 0 or +44, ten or eleven digits),
  so years ("2019-2024"), prices ("£1,234.56"), times ("07:30") and dates are not
  phone numbers; numbers with another country code need only be possible there.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from moderation.screening.flags import (
    CATEGORY_KIND,
    CATEGORY_LABELS,
    KIND_LABELS,
    Flag,
    FlagCategory,
    FlagKind,
    ScreeningConfig,
    parse_lines,
)
from moderation.screening.highlight import Segment, highlight
from moderation.screening.personal import is_uk_phone_number, personal_flags
from moderation.screening.terms import compile_term, whole_word
from moderation.screening.warnings import personal_detail_warnings

__all__ = [
    "CATEGORY_KIND",
    "CATEGORY_LABELS",
    "KIND_LABELS",
    "Flag",
    "FlagCategory",
    "FlagKind",
    "ScreeningConfig",
    "Segment",
    "compile_term",
    "highlight",
    "is_uk_phone_number",
    "kinds",
    "parse_lines",
    "personal_detail_warnings",
    "screen",
    "screen_text",
]


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
    flags = list(personal_flags(text, field, rules.schools))
    for category, pattern in rules.terms:
        for match in pattern.finditer(text):
            start, end = match.span()
            if (
                category is FlagCategory.PROFANITY
                and whole_word(text, start, end) in rules.profanity_allowed
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
