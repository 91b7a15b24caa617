"""Terms (risk language and swearing) matched as whole words, through disguises.

Each term becomes a pattern that sees through leetspeak ("k1ll"), stretched letters
("suiiicide"), a symbol between letters ("sui-cide", "f*ck") and letters spelt out
one by one with the same separator ("s.u.i.c.i.d.e", "s u i c i d e").
"""

import re

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
APOSTROPHES = "'\u2019"  # straight and curly
_NOT_BEFORE = r"(?<![^\W_])"  # no letter or digit just before
_NOT_AFTER = r"(?![^\W_])"  # no letter or digit just after
_INNER_SEPARATOR = rf"[.\-_*{APOSTROPHES}]?"  # "sui-cide", "s.uicide"
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
            if char in APOSTROPHES:
                parts.append(f"[{APOSTROPHES}]?")
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


def whole_word(text: str, start: int, end: int) -> str:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end].lower()
