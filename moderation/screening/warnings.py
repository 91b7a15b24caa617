"""What the author is told about personal details in their words, before anything is saved.

A warning, never a block: the author may send it anyway, and the moderator still sees
the flag because the words are screened again when they are sent. One gentle, plain
sentence per kind of detail, quoting only the words that matched, so the author can
find them without the page repeating anything else they wrote.
"""

from collections.abc import Iterable

from moderation.screening.flags import Flag, FlagCategory, FlagKind

_TAKE_IT_OUT = "for your safety, take it out."

# In the order the sentences are shown; every personal category needs a row (a test
# checks). A postcode and a street address get one sentence: to a young person both
# are "where I live".
_SENTENCES: tuple[tuple[frozenset[FlagCategory], str], ...] = (
    (frozenset({FlagCategory.PHONE}), "This looks like a phone number"),
    (frozenset({FlagCategory.EMAIL}), "This looks like an email address"),
    (
        frozenset({FlagCategory.ADDRESS, FlagCategory.POSTCODE}),
        "This looks like a home address or postcode",
    ),
    (frozenset({FlagCategory.SOCIAL_HANDLE}), "This looks like a social media name"),
    (frozenset({FlagCategory.SCHOOL}), "This looks like the name of a school"),
)


def _quoted(flags: list[Flag]) -> str:
    seen: dict[str, str] = {}
    for flag in flags:
        words = " ".join(flag.text.split())
        seen.setdefault(words.casefold(), words)
    return ", ".join(f"“{words}”" for words in seen.values())


def personal_detail_warnings(flags: Iterable[Flag]) -> list[str]:
    """One sentence per kind of personal detail found, in a fixed order.

    For example: 'This looks like a phone number (“07700 900123”) — for your safety,
    take it out.' Risk language and swearing are not mentioned here: they are for the
    moderator, and risk language already brings the author support when it is sent.
    """
    personal = [flag for flag in flags if flag.kind is FlagKind.PERSONAL]
    warnings = []
    for categories, sentence in _SENTENCES:
        found = [flag for flag in personal if flag.category in categories]
        if found:
            warnings.append(f"{sentence} ({_quoted(found)}) — {_TAKE_IT_OUT}")
    return warnings
