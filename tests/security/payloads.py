"""The hostile-input corpus (data/xss_payloads.txt) and fair samples of it."""

import codecs
import functools
import random
from pathlib import Path

CORPUS = Path(__file__).parent / "data" / "xss_payloads.txt"
ESCAPED = "\\esc "
LETTERS = "abcdefghij"


def _decode(line: str) -> str:
    if line.startswith(ESCAPED):
        return codecs.decode(line[len(ESCAPED) :], "unicode_escape")
    return line


@functools.cache
def load() -> tuple[str, ...]:
    """Every payload once, in file order."""
    seen: dict[str, None] = {}
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            seen.setdefault(_decode(line), None)
    return tuple(seen)


def sample(count: int = 40, *, seed: int = 14) -> list[str]:
    """The same `count` payloads every run, spread over every family."""
    corpus = load()
    return random.Random(seed).sample(corpus, min(count, len(corpus)))


def chunks(size: int):
    corpus = load()
    for start in range(0, len(corpus), size):
        yield start, corpus[start : start + size]


def marked(number: int, payload: str, *, limit: int | None = None) -> tuple[str, str]:
    """A payload behind a marker that proves the field was shown; cut to `limit`."""
    # Letters only: some fields refuse digits (a snippet's words never hold a figure).
    marker = "Zq" + "".join(LETTERS[int(d)] for d in f"{number:03d}") + "q"
    value = f"{marker} {payload}"
    return marker, value[:limit] if limit else value
