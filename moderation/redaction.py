"""Redaction: marking spans of what someone wrote to be shown as "[removed]".

Moderators never rewrite a young person's words. They mark spans (usually the
personal details screening found) and the public rendering replaces each with
"[removed]"; the original stays in the item's snapshot for senior moderators.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

REMOVED = "[removed]"


@dataclass(frozen=True, order=True)
class Span:
    field: str
    start: int
    end: int

    def as_dict(self) -> dict:
        return {"field": self.field, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: Mapping) -> "Span":
        return cls(field=data["field"], start=int(data["start"]), end=int(data["end"]))


def span_problems(spans: Iterable[Span], text_fields: Mapping[str, str]) -> list[str]:
    problems = []
    for span in spans:
        text = text_fields.get(span.field)
        if text is None:
            problems.append(f"There is no part called “{span.field}” to remove words from.")
        elif not (0 <= span.start < span.end <= len(text)):
            problems.append("Choose words that are inside the text.")
    return problems


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sort, and join spans that overlap or touch within a field."""
    merged: list[Span] = []
    for span in sorted(spans):
        last = merged[-1] if merged else None
        if last and last.field == span.field and span.start <= last.end:
            merged[-1] = Span(last.field, last.start, max(last.end, span.end))
        else:
            merged.append(span)
    return merged


def apply_redactions(text_fields: Mapping[str, str], redactions: Iterable[Mapping]) -> dict:
    spans = merge_spans(Span.from_dict(data) for data in redactions)
    result = dict(text_fields)
    for span in reversed(spans):
        text = result.get(span.field)
        if text is not None:
            result[span.field] = text[: span.start] + REMOVED + text[span.end :]
    return result


def find_spans(text_fields: Mapping[str, str], phrase: str) -> list[Span]:
    """Every occurrence of `phrase` (ignoring case) in every field."""
    phrase = phrase.strip()
    spans = []
    if not phrase:
        return spans
    for field, text in text_fields.items():
        lowered, needle = text.lower(), phrase.lower()
        start = lowered.find(needle)
        while start != -1:
            spans.append(Span(field, start, start + len(needle)))
            start = lowered.find(needle, start + len(needle))
    return spans
