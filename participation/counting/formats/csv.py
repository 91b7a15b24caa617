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
cells hold candidate ids from a separate ``id,name`` candidates file, ``U`` or
nothing (no choice at that rank: a skipped rank), ``O`` (an over-vote: several
candidates marked at that rank, not saying which) or ids joined by ``=`` (an
over-vote that says which, such as ``3=7``). The ballot rules (``rules.py``) decide
what over-votes, skipped ranks and repeated candidates do; by default an over-vote
exhausts the ballot, any number of ranks may be skipped and a candidate marked again
at a later rank is passed over there, as the Minneapolis rules say.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from participation.counting.ballots import RANKED, Ballots
from participation.counting.errors import FormatError
from participation.counting.formats.common import Election, built, read_text, ruled
from participation.counting.rules import DEFAULT_RULES, BallotRules

COUNT_COLUMN = "count"


def read_csv(
    path: str | Path, candidates: list[str] | None = None, rules: BallotRules = DEFAULT_RULES
) -> Election:
    return parse_csv(read_text(path), source=str(path), candidates=candidates, rules=rules)


def parse_csv(
    text: str,
    source: str = "<csv>",
    candidates: list[str] | None = None,
    rules: BallotRules = DEFAULT_RULES,
) -> Election:
    rows = _strict_rows(text, source)
    first = next(rows, None)
    if not first or not any(cell.strip() for cell in first):
        raise FormatError("the file is empty: expected a header row", source=source, line=1)
    header = [cell.strip() for cell in first]
    lowered = [cell.lower() for cell in header]
    count_at = lowered.index(COUNT_COLUMN) if COUNT_COLUMN in lowered else None
    others = [i for i in range(len(header)) if i != count_at]
    if all(lowered[i].startswith("rank") for i in others) and others:
        return _ranked(rows, header, others, count_at, source, candidates, rules)
    return _approval(rows, header, others, count_at, source, candidates)


def _strict_rows(text: str, source: str):
    """CSV rows, refusing a quote left open (a file cut short) with its line."""
    reader = csv.reader(io.StringIO(text), strict=True)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FormatError(
                f"the CSV cannot be read ({error}); is the file cut short?",
                line=reader.line_num,
                source=source,
            ) from None
        yield row


def _count(row, count_at, line, source) -> int:
    if count_at is None:
        return 1
    cell = row[count_at].strip() if count_at < len(row) else ""
    if not cell.isdigit():
        raise FormatError(f"the count {cell!r} is not a whole number", line=line, source=source)
    return int(cell)


def _check_width(row, header, line, source) -> None:
    """Refuse a row with more cells than the header has columns."""
    if len(row) > len(header):
        raise FormatError(
            f"the row has {len(row)} cells but the header has {len(header)}",
            line=line,
            source=source,
        )


def _ranked(rows, header, columns, count_at, source, candidates, rules) -> Election:
    """Ranked rows; a blank cell before a later choice is a skipped rank, a candidate
    named twice is a repeat, and a cell ``A=D`` naming two candidates is an over-vote
    (unless ``A=D`` is itself a candidate), all handled by the ballot rules."""
    # Identical rows are merged as they are read: {choices: [first line, total count]}.
    read: dict[tuple[str, ...], list[int]] = {}
    known = None if candidates is None else set(candidates)
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        _check_width(row, header, line, source)
        choices = [row[i].strip() if i < len(row) else "" for i in columns]
        while choices and not choices[-1]:
            choices.pop()
        key = tuple(choices)
        entry = read.get(key)
        if entry is not None:
            entry[1] += _count(row, count_at, line, source)
            continue
        for choice in choices:
            if (
                choice
                and known is not None
                and choice not in known
                and _parts(choice, known) is None
            ):
                raise FormatError(f"unknown candidate {choice!r}", line=line, source=source)
        read[key] = [line, _count(row, count_at, line, source)]
    if candidates is None:
        cells = list(dict.fromkeys(c for choices in read for c in choices if c))
        alone = {c for c in cells if "=" not in c}
        # "A=D" is an over-vote when A and D are candidates in their own right.
        candidates = [c for c in cells if c in alone or _parts(c, alone) is None]
        if not candidates:
            raise FormatError(
                "no ballot names any candidate, and no candidate list was given", source=source
            )
    index = {candidate: i for i, candidate in enumerate(candidates)}
    ballots = []
    for choices, (line, count) in read.items():
        ranks = tuple(
            ()
            if not c
            else (index[c],)
            if c in index
            else tuple(index[p] for p in _parts(c, index))
            for c in choices
        )
        groups, end = ruled(ranks, rules, candidates, line, source)
        ballots.append((groups, end, count))
    return Election(
        ballots=built(Ballots.from_groups, candidates, ballots, rules=rules, source=source)
    )


def _parts(cell: str, candidates) -> list[str] | None:
    """The candidates an over-vote cell ``A=D`` marks, or None if it is not one."""
    parts = [part.strip() for part in cell.split("=")]
    if len(parts) > 1 and all(part in candidates for part in parts):
        return parts
    return None


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
    for line, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        _check_width(row, header, line, source)
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
        ballots=built(Ballots.approval, candidates or names, approvals, counts, source=source)
    )


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
    rules: BallotRules = DEFAULT_RULES,
) -> Election:
    """Read a cast-vote record CSV (see the module docstring) with the ballot rules.

    ``candidates_file`` is an ``id,name`` CSV; by default ``candidates.csv`` next to
    the records. Candidate ids in the result are the names from that file.
    """
    path = Path(path)
    candidates_path = Path(candidates_file) if candidates_file else path.with_name("candidates.csv")
    names = _read_candidate_file(candidates_path)
    return parse_cvr(read_text(path), names, source=str(path), rules=rules)


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
    text: str,
    names: dict[str, str],
    source: str = "<cvr>",
    rules: BallotRules = DEFAULT_RULES,
) -> Election:
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if not header:
        raise FormatError("the file is empty: expected a header row", source=source, line=1)
    header = [cell.strip().lower() for cell in header]
    if not all(cell.startswith("rank") for cell in header):
        raise FormatError(
            "expected a header of rank columns: rank1,rank2,...", line=1, source=source
        )
    index = {key: i for i, key in enumerate(names)}
    display = list(names.values())
    merged: dict[tuple, int] = {}
    done: dict[tuple[str, ...], tuple] = {}  # each distinct row, read once
    for line, row in enumerate(rows, start=2):
        if not row:
            continue
        if len(row) != len(header):
            raise FormatError(
                f"the row has {len(row)} {'cell' if len(row) == 1 else 'cells'} but the"
                f" header has {len(header)}",
                line=line,
                source=source,
            )
        raw = tuple(row)
        key = done.get(raw)
        if key is None:
            ranks = tuple(_cvr_rank(cell.strip(), index, line, source) for cell in row)
            key = done[raw] = ruled(ranks, rules, display, line, source)
        merged[key] = merged.get(key, 0) + 1
    ballots = built(
        Ballots.from_groups,
        display,
        ((groups, end, n) for (groups, end), n in merged.items()),
        rules=rules,
        source=source,
    )
    return Election(ballots=ballots, seats=1, names={name: name for name in display})


def _cvr_rank(cell: str, index: dict[str, int], line: int, source: str):
    """One cell as a rank: () skipped, None an unnamed over-vote, or candidate indices."""
    if cell in (BLANK, ""):
        return ()
    if cell == OVERVOTE:
        return None
    marked = []
    for key in cell.split("="):
        key = key.strip()
        if key not in index:
            raise FormatError(f"unknown candidate id {key!r}", line=line, source=source)
        marked.append(index[key])
    return tuple(marked)


# ------------------------------------------------------ one line per ballot, streamed


def write_csv_rows(out, candidates, rows, kind: str = RANKED, *, chunk: int = 50_000) -> int:
    """Write ballots to the text stream ``out`` as plain CSV, one line per ballot, in
    the order given: what ``read_csv`` reads back without a ``count`` column.

    ``rows`` is a 2-D array of candidate indices padded with -1 (as for
    ``Ballots.from_indices``). Ranked: a header ``rank1..rankN`` (N the widest ballot,
    at least 1) and each ballot's candidates, blank cells after its last choice.
    Approval: a header naming every candidate and 1 or 0 under each. Written in
    chunks, so a million ballots never sit in memory as one string. Returns the
    number of ballots written.
    """
    import numpy as np

    candidates = list(candidates)
    rows = np.asarray(rows)
    if rows.ndim != 2:
        rows = rows.reshape(0, 0)
    quote = _csv_cells(candidates)
    if kind == RANKED:
        width = max(rows.shape[1], 1)
        out.write(",".join(f"rank{i}" for i in range(1, width + 1)) + "\n")
        # One piece of text per choice, joined once per chunk: a choice followed by
        # another is "name,"; a ballot's last choice also closes the line, with a blank
        # cell for each rank it left empty.
        following = np.array([cell + "," for cell in quote], dtype=object)
        closing = np.array(["," * (width - n) + "\n" for n in range(width + 1)], dtype=object)
        closing[0] = "," * (width - 1) + "\n"  # a blank ballot: blank cells only
        names = np.array(quote, dtype=object)
        for start in range(0, rows.shape[0], chunk):
            part = rows[start : start + chunk]
            marked = part >= 0
            lengths = marked.sum(axis=1)
            choices = part[marked]  # row by row, in rank order
            pieces = following[choices]
            ends = np.cumsum(lengths) - 1
            chosen = lengths > 0
            last = ends[chosen]
            pieces[last] = names[choices[last]] + closing[lengths[chosen]]
            if not chosen.all():  # blank ballots: put their lines in at their places
                blanks = np.flatnonzero(~chosen)
                pieces = np.insert(pieces, (ends + 1)[blanks], closing[0])
            out.write("".join(pieces.tolist()))
        return rows.shape[0]
    out.write(",".join(quote) + "\n")
    n = len(candidates)
    if n == 0:
        return 0
    for start in range(0, rows.shape[0], chunk):
        part = rows[start : start + chunk]
        ticked = np.zeros((part.shape[0], n), dtype=bool)
        which, column = np.nonzero(part >= 0)
        ticked[which, part[which, column]] = True
        text = np.full((part.shape[0], 2 * n), ord(","), dtype=np.uint8)
        text[:, 0::2] = np.where(ticked, ord("1"), ord("0"))
        text[:, -1] = ord("\n")
        out.write(text.tobytes().decode("ascii"))
    return rows.shape[0]


def _csv_cells(values) -> list[str]:
    """Each value as one CSV cell, quoted where CSV needs it."""
    cells = []
    for value in values:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow([value])
        cells.append(buffer.getvalue()[:-1])
    return cells
