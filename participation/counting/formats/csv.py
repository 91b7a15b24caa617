"""Plain CSV ballots, and cast-vote records with over-vote marks.

Ranked CSV: a header ``rank1,rank2,...`` (and optionally ``count``), then one row
per ballot holding candidate ids, most preferred first; blank cells after the last
choice are fine::

    rank1,rank2,rank3
    Ana,Ben,
    Ben,,

Approval CSV: a header naming the candidates (and optionally ``count``), then one
row per ballot with 1 for approved and 0 or blank for not::

    Ana,Ben,Cat
    1,0,1

Cast-vote records (``read_cvr``), as published for Minneapolis: a ranked CSV whose
cells may also hold ``U`` (no choice at that rank, skipped), ``O`` (an over-vote:
several candidates marked at that rank; the ballot is exhausted from there on) and
candidate ids from a separate ``id,name`` candidates file. A candidate marked again
at a later rank is ignored there, as the Minneapolis rules say.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from participation.counting.ballots import RANKED, Ballots
from participation.counting.errors import CountingError, FormatError
from participation.counting.formats import Election, read_text

COUNT_COLUMN = "count"


def read_csv(path: str | Path, candidates: list[str] | None = None) -> Election:
    return parse_csv(read_text(path), source=str(path), candidates=candidates)


def parse_csv(text: str, source: str = "<csv>", candidates: list[str] | None = None) -> Election:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise FormatError("the file is empty: expected a header row", source=source, line=1)
    header = [cell.strip() for cell in rows[0]]
    lowered = [cell.lower() for cell in header]
    count_at = lowered.index(COUNT_COLUMN) if COUNT_COLUMN in lowered else None
    others = [i for i in range(len(header)) if i != count_at]
    if all(lowered[i].startswith("rank") for i in others) and others:
        return _ranked(rows, header, others, count_at, source, candidates)
    return _approval(rows, header, others, count_at, source, candidates)


def _count(row, count_at, line, source) -> int:
    if count_at is None:
        return 1
    cell = row[count_at].strip() if count_at < len(row) else ""
    if not cell.isdigit():
        raise FormatError(f"the count {cell!r} is not a whole number", line=line, source=source)
    return int(cell)


def _ranked(rows, header, columns, count_at, source, candidates) -> Election:
    rankings: list[list[str]] = []
    counts: list[int] = []
    known = None if candidates is None else set(candidates)
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise FormatError(
                f"the row has {len(row)} cells but the header has {len(header)}",
                line=line,
                source=source,
            )
        choices = [row[i].strip() if i < len(row) else "" for i in columns]
        while choices and not choices[-1]:
            choices.pop()
        if "" in choices:
            raise FormatError(
                "a blank rank is followed by another choice", line=line, source=source
            )
        for choice in choices:
            if known is not None and choice not in known:
                raise FormatError(f"unknown candidate {choice!r}", line=line, source=source)
        if len(set(choices)) != len(choices):
            twice = next(c for c in choices if choices.count(c) > 1)
            raise FormatError(f"candidate {twice!r} is ranked twice", line=line, source=source)
        rankings.append(choices)
        counts.append(_count(row, count_at, line, source))
    if candidates is None:
        candidates = list(dict.fromkeys(c for ranking in rankings for c in ranking))
        if not candidates:
            raise FormatError(
                "no ballot names any candidate, and no candidate list was given", source=source
            )
    return Election(ballots=_ballots(Ballots.ranked, candidates, rankings, counts, source))


def _approval(rows, header, columns, count_at, source, candidates) -> Election:
    names = [header[i] for i in columns]
    if not names or any(not name for name in names):
        raise FormatError("the header must name every candidate", line=1, source=source)
    if len(set(names)) != len(names):
        twice = next(name for name in names if names.count(name) > 1)
        raise FormatError(f"candidate {twice!r} appears twice in the header", line=1, source=source)
    if candidates is not None and set(candidates) != set(names):
        raise FormatError(
            "the header's candidates differ from the candidate list given", line=1, source=source
        )
    approvals: list[list[str]] = []
    counts: list[int] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise FormatError(
                f"the row has {len(row)} cells but the header has {len(header)}",
                line=line,
                source=source,
            )
        approved = []
        for i, name in zip(columns, names, strict=True):
            cell = row[i].strip() if i < len(row) else ""
            if cell == "1":
                approved.append(name)
            elif cell not in ("", "0"):
                raise FormatError(
                    f"the cell for {name!r} must be 1, 0 or blank, not {cell!r}",
                    line=line,
                    source=source,
                )
        approvals.append(approved)
        counts.append(_count(row, count_at, line, source))
    return Election(
        ballots=_ballots(Ballots.approval, candidates or names, approvals, counts, source)
    )


def _ballots(build, candidates, ballots, counts, source) -> Ballots:
    try:
        return build(candidates, ballots, counts)
    except CountingError as error:
        raise FormatError(str(error), source=source) from None


def write_csv(ballots: Ballots, path: str | Path | None = None) -> str:
    """The ballots as CSV with a ``count`` column; written to ``path`` if given."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if ballots.kind == RANKED:
        width = max(ballots.rows.shape[1], 1)
        writer.writerow([COUNT_COLUMN] + [f"rank{i}" for i in range(1, width + 1)])
        for choices, count in ballots:
            writer.writerow([count, *choices] + [""] * (width - len(choices)))
    else:
        writer.writerow([COUNT_COLUMN, *ballots.candidates])
        for choices, count in ballots:
            chosen = set(choices)
            writer.writerow([count] + ["1" if c in chosen else "0" for c in ballots.candidates])
    text = out.getvalue()
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


# ------------------------------------------------------------ cast-vote records

BLANK = "U"
OVERVOTE = "O"


def read_cvr(
    path: str | Path,
    candidates_file: str | Path | None = None,
    max_skipped: int | None = None,
) -> Election:
    """Read a cast-vote record CSV (see the module docstring).

    ``candidates_file`` is an ``id,name`` CSV; by default ``candidates.csv`` next to
    the records. Candidate ids in the result are the names from that file.
    ``max_skipped``: if given, a ballot is exhausted when a choice follows more than
    this many consecutive skipped ranks (Minneapolis allowed one).
    """
    path = Path(path)
    candidates_path = Path(candidates_file) if candidates_file else path.with_name("candidates.csv")
    names = _read_candidate_file(candidates_path)
    return parse_cvr(read_text(path), names, source=str(path), max_skipped=max_skipped)


def _read_candidate_file(path: Path) -> dict[str, str]:
    rows = list(csv.reader(io.StringIO(read_text(path))))
    if not rows or [cell.strip().lower() for cell in rows[0][:2]] != ["id", "name"]:
        raise FormatError("expected a header 'id,name'", line=1, source=str(path))
    names: dict[str, str] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise FormatError("expected 'id,name'", line=line, source=str(path))
        key, name = row[0].strip(), row[1].strip()
        if key in (BLANK, OVERVOTE):
            raise FormatError(
                f"{key!r} is reserved for blank and over-voted ranks", line=line, source=str(path)
            )
        if key in names or name in names.values():
            raise FormatError(
                f"candidate {key!r} ({name}) appears twice", line=line, source=str(path)
            )
        names[key] = name
    return names


def parse_cvr(
    text: str, names: dict[str, str], source: str = "<cvr>", max_skipped: int | None = None
) -> Election:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise FormatError("the file is empty: expected a header row", source=source, line=1)
    header = [cell.strip().lower() for cell in rows[0]]
    if not header or not all(cell.startswith("rank") for cell in header):
        raise FormatError(
            "expected a header of rank columns: rank1,rank2,...", line=1, source=source
        )
    rankings: list[list[str]] = []
    for line, row in enumerate(rows[1:], start=2):
        if not row:
            continue
        if len(row) != len(header):
            raise FormatError(
                f"the row has {len(row)} cells but the header has {len(header)}",
                line=line,
                source=source,
            )
        ranking: list[str] = []
        skipped = 0
        for cell in (c.strip() for c in row):
            if cell == OVERVOTE:
                break  # the ballot is exhausted at an over-voted rank
            if cell in (BLANK, ""):
                skipped += 1  # a skipped rank: go on to the next
                continue
            if cell not in names:
                raise FormatError(f"unknown candidate id {cell!r}", line=line, source=source)
            if max_skipped is not None and skipped > max_skipped:
                break  # too many ranks skipped in a row: exhausted here
            skipped = 0
            if names[cell] not in ranking:
                ranking.append(names[cell])
        rankings.append(ranking)
    return Election(
        ballots=_ballots(Ballots.ranked, list(names.values()), rankings, None, source),
        seats=1,
        names={name: name for name in names.values()},
    )
