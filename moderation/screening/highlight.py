"""Splitting text into plain and flagged pieces, for display with labels in words."""

from collections.abc import Iterable
from dataclasses import dataclass

from moderation.screening.flags import Flag, FlagKind


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
