"""Reading a statistics CSV: every row checked before anything is written.

The format (docs/evidence.md has the full description and an example):

    # Lines starting with # are comments.
    source,period,topic,channel,age_band,region,contacts
    helpline-crm,2026-03,anxiety,helpline,,,1234
    helpline-crm,2026-03,anxiety,helpline,16-18,,410

`read_statistics` returns the rows ready to write, or every problem found, each with
its line and column, in words a policy officer can act on. It never writes: the
service `statistics_import` does, all or nothing.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from evidence.models import AgeBand, Channel, Topic
from evidence.regions import Region

COLUMNS = ("source", "period", "topic", "channel", "age_band", "region", "contacts")
MAX_BYTES = 200 * 1024 * 1024
MAX_ERRORS = 200
MAX_CONTACTS = 2_000_000_000  # fits the column; no month has more contacts than people
SOURCE = re.compile(r"^(?=.{1,60}$)[a-z0-9]+(?:-[a-z0-9]+)*$")
PERIOD = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
OTHER_DELIMITERS = {";": "semicolons", "\t": "tabs", "|": "vertical bars"}
HEAD_BYTES = 4096
# Files that are not CSV, by their first bytes: a spreadsheet saved in its own format
# is the usual one, and deserves a message that says how to save it as CSV.
NOT_CSV = (
    (b"PK\x03\x04", "a spreadsheet workbook (or a zip file)"),
    (b"\xd0\xcf\x11\xe0", "an older Excel workbook"),
    (b"%PDF", "a PDF"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
)


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Line {self.line}" if self.line else "The file"
        if self.column:
            where += f", column “{self.column}”"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Row:
    source: str
    period: dt.date
    topic_id: int
    channel_id: int
    age_band: str
    region: str
    contacts: int

    @property
    def key(self) -> tuple:
        return (
            self.source,
            self.period,
            self.topic_id,
            self.channel_id,
            self.age_band,
            self.region,
        )

    @property
    def month(self) -> dt.date:
        return self.period.replace(day=1)


@dataclass
class ReadResult:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0  # past MAX_ERRORS, counted but not listed

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.more_problems

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_ERRORS:
            self.problems.append(problem)
        else:
            self.more_problems += 1

    def source_months(self) -> set[tuple[str, dt.date]]:
        return {(row.source, row.month) for row in self.rows}


def _lines(handle: io.BufferedIOBase, result: ReadResult) -> Iterator[tuple[int, str]]:
    """Decoded lines with their numbers; a byte-order mark is allowed (spreadsheets
    write one), any other bytes that aren't UTF-8 are reported by line."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    number = 0
    for raw in handle:
        number += 1
        try:
            text = decoder.decode(raw)
        except UnicodeDecodeError:
            decoder.reset()
            result.add(
                Problem(
                    number,
                    "",
                    "this line isn't UTF-8 text. Save the file as “CSV UTF-8” and try again.",
                )
            )
            continue
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        yield number, text


def _period(value: str, *, today: dt.date) -> tuple[dt.date | None, str]:
    match = PERIOD.match(value)
    if not match:
        return None, "write the month as YYYY-MM (like 2026-03), or a day as YYYY-MM-DD."
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        period = dt.date(year, month, day or 1)
    except ValueError:
        return None, f"“{value}” isn't a real date."
    if period.replace(day=1) > today.replace(day=1) or (day and period > today):
        return None, f"{value} is in the future."
    if period.year < 2000:
        return None, f"{value} is before 2000; check the year."
    return period, ""


def _contacts(value: str) -> tuple[int | None, str]:
    text = (
        value.strip().replace(",", "")
        if re.fullmatch(r"\d{1,3}(,\d{3})+", value.strip())
        else value.strip()
    )
    if not text:
        return None, "the number of contacts is missing."
    if text.startswith("-") and text[1:].isdigit():
        return None, "the number of contacts can't be negative."
    if len(text) > 12:
        return None, "that number of contacts is far too long; check the file."
    if not (text.isascii() and text.isdigit()):
        if re.fullmatch(r"-?\d*\.\d+", text):
            return None, "the number of contacts must be a whole number."
        return None, f"“{value}” isn't a number of contacts."
    number = int(text)
    if number > MAX_CONTACTS:
        return None, f"{value} is far too many contacts for one cell; check the file."
    return number, ""


def read_statistics(
    handle: io.BufferedIOBase,
    *,
    size: int | None = None,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> ReadResult:
    """Check every row of a statistics CSV (`handle` opened in binary).

    Nothing is written. Unknown topics and channels are looked up once each.
    `progress` is called with the number of lines read, every 10,000 lines.
    """
    result = ReadResult()
    if size is not None and size > MAX_BYTES:
        result.add(
            Problem(
                0,
                "",
                f"the file is {size / 1024 / 1024:.0f} MB; the most one import takes is 200 MB. Split it by period.",
            )
        )
        return result
    if size == 0:
        result.add(Problem(0, "", "the file is empty."))
        return result
    kind = not_csv(_peek(handle))
    if kind:
        result.add(
            Problem(
                0,
                "",
                f"this isn't a CSV file: it looks like {kind}. In your spreadsheet choose "
                "Save as, then “CSV UTF-8”, and upload that file.",
            )
        )
        return result
    today = today or dt.date.today()
    topics = dict(Topic.objects.values_list("slug", "pk"))
    channels = dict(Channel.objects.filter(is_active=True).values_list("slug", "pk"))
    inactive = set(Channel.objects.filter(is_active=False).values_list("slug", flat=True))
    age_bands = set(AgeBand.values)
    regions = set(Region.values)
    region_names = {label.casefold(): code for code, label in Region.choices}
    seen: dict[tuple, int] = {}
    granularity: dict[tuple, tuple[bool, int]] = {}  # (source, month) -> (daily, first line)

    header: list[str] | None = None
    for number, text in _lines(handle, result):
        if progress and number % 10_000 == 0:
            progress(number)
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        try:
            [values] = list(csv.reader([text.rstrip("\r\n")])) or [[]]
        except (csv.Error, ValueError):
            result.add(
                Problem(
                    number, "", "this line can't be read: check for stray quotes or line breaks."
                )
            )
            continue
        if header is None:
            header = [value.strip().lower() for value in values]
            if _header_problems(header, text, number, result):
                return result
            continue
        if len(values) != len(COLUMNS):
            result.add(
                Problem(number, "", f"expected {len(COLUMNS)} columns, found {len(values)}.")
            )
            continue
        cell = dict(zip(header, (value.strip() for value in values), strict=True))
        row = _row(
            cell,
            number,
            result,
            topics,
            channels,
            inactive,
            age_bands,
            regions,
            region_names,
            today,
        )
        if row is None:
            continue
        daily = row.period != row.month or len(cell["period"]) > 7
        first = granularity.setdefault((row.source, row.month), (daily, number))
        if first[0] != daily:
            result.add(
                Problem(
                    number,
                    "period",
                    f"line {first[1]} counts this source's {row.month:%B %Y} by "
                    f"{'day' if first[0] else 'month'}; use one or the other for a month.",
                )
            )
            continue
        if row.key in seen:
            result.add(
                Problem(
                    number, "", f"this is the same cell as line {seen[row.key]}; each cell once."
                )
            )
            continue
        seen[row.key] = number
        result.rows.append(row)
    if header is None and not result.problems:
        result.add(Problem(0, "", "the file is empty."))
    elif header is not None and not result.rows and not result.problems:
        result.add(Problem(0, "", "the file has a header but no rows."))
    return result


def _peek(handle: io.BufferedIOBase) -> bytes:
    """The first bytes, leaving the handle where it was (b"" if it can't go back)."""
    if not getattr(handle, "seekable", lambda: False)():
        return b""
    position = handle.tell()
    head = handle.read(HEAD_BYTES)
    handle.seek(position)
    return head


def not_csv(head: bytes) -> str | None:
    """What a file is instead of CSV, judged by its first bytes, or None."""
    for signature, kind in NOT_CSV:
        if head.startswith(signature):
            return kind
    if b"\x00" in head:
        return "a file that isn't text"
    return None


def _header_problems(header: list[str], text: str, number: int, result: ReadResult) -> bool:
    if len(header) == 1:
        for delimiter, name in OTHER_DELIMITERS.items():
            if delimiter in text:
                result.add(Problem(number, "", f"the columns are separated by {name}; use commas."))
                return True
    missing = [column for column in COLUMNS if column not in header]
    extra = [column for column in header if column not in COLUMNS]
    if missing or extra or len(header) != len(set(header)):
        parts = []
        if missing:
            parts.append("missing " + ", ".join(f"“{c}”" for c in missing))
        if extra:
            parts.append("not expected " + ", ".join(f"“{c}”" for c in extra))
        if len(header) != len(set(header)):
            parts.append("a column appears twice")
        result.add(
            Problem(
                number,
                "",
                "the header should be “" + ",".join(COLUMNS) + "”: " + "; ".join(parts) + ".",
            )
        )
        return True
    return False


def _row(cell, number, result, topics, channels, inactive, age_bands, regions, region_names, today):
    problems_before = result.problem_count

    def problem(column: str, message: str) -> None:
        result.add(Problem(number, column, message))

    source = cell["source"]
    if not SOURCE.match(source):
        problem(
            "source",
            "use up to 60 lower-case letters, digits and dashes (like helpline-crm).",
        )
    period, why = _period(cell["period"], today=today)
    if why:
        problem("period", why)
    topic_id = topics.get(cell["topic"])
    if topic_id is None:
        problem(
            "topic",
            f"there is no topic “{cell['topic']}”. Add it in the admin first, or check the spelling.",
        )
    channel_id = channels.get(cell["channel"])
    if channel_id is None:
        if cell["channel"] in inactive:
            problem("channel", f"the channel “{cell['channel']}” is switched off.")
        else:
            problem("channel", f"there is no channel “{cell['channel']}”.")
    age_band = cell["age_band"]
    if age_band and age_band not in age_bands:
        problem(
            "age_band",
            f"“{age_band}” isn't an age band; use one of {', '.join(sorted(age_bands))}, or leave it empty.",
        )
    region = cell["region"]
    if region and region not in regions:
        region = region_names.get(region.casefold(), region)
        if region not in regions:
            problem(
                "region",
                f"“{cell['region']}” isn't one of the 12 ONS areas; use its code (like E12000001) or leave it empty.",
            )
    if age_band and region and region in regions and age_band in age_bands:
        problem("region", "a row is by age band or by region, not both.")
    contacts, why = _contacts(cell["contacts"])
    if why:
        problem("contacts", why)
    if result.problem_count > problems_before:
        return None
    return Row(source, period, topic_id, channel_id, age_band, region, contacts)


def problems_as_text(result: ReadResult) -> Iterable[str]:
    for problem in result.problems:
        yield str(problem)
    if result.more_problems:
        yield f"… and {result.more_problems} more problems."
