"""The BLT ballot format used for STV counts (Scottish council data, OpenSTV, eSTV).

::

    8 3                 number of candidates, number of seats
    -4                  optional: withdrawn candidates, as negative numbers
    35 1 0              a ballot: how many voters cast it, preferences, then 0
    11 1 2 0
    0                   end of ballots
    "Malcolm BANGOR-JONES (Ind)"     one name per candidate, in number order
    ...
    "Ward 1 - North, West and Central Sutherland"   title

Names may be quoted (a doubled quote inside stands for one quote) or bare. A ballot
may start with an identifier in parentheses, which is ignored. Equal rankings
(``2=3``) are over-votes and a candidate ranked twice is a repeat: the ballot rules
(``rules.py``) say what each does.
"""

from __future__ import annotations

from pathlib import Path

from participation.counting.ballots import RANKED, Ballots
from participation.counting.errors import CountingError, FormatError
from participation.counting.formats.common import Election, built, read_text, ruled
from participation.counting.rules import DEFAULT_RULES, BallotRules


def read_blt(path: str | Path, rules: BallotRules = DEFAULT_RULES) -> Election:
    return parse_blt(read_text(path), source=str(path), rules=rules)


def parse_blt(text: str, source: str = "<blt>", rules: BallotRules = DEFAULT_RULES) -> Election:
    lines = text.splitlines()
    # Line numbers are 1-based; blank lines are skipped but still counted.
    numbered = [(i + 1, line.strip()) for i, line in enumerate(lines) if line.strip()]
    if not numbered:
        raise FormatError("the file is empty", source=source)
    cursor = 0

    def fail(problem: str, line: int) -> FormatError:
        return FormatError(problem, line=line, source=source)

    line_number, header = numbered[cursor]
    parts = header.split()
    if len(parts) != 2 or not all(_is_int(p) for p in parts):
        raise fail(
            f"expected the number of candidates and of seats, such as '8 3', not {header!r}",
            line_number,
        )
    n, seats = int(parts[0]), int(parts[1])
    if n < 1:
        raise fail("the number of candidates must be at least 1", line_number)
    if seats < 1:
        raise fail("the number of seats must be at least 1", line_number)
    cursor += 1

    withdrawn: set[int] = set()
    while cursor < len(numbered) and numbered[cursor][1].startswith("-"):
        line_number, text_line = numbered[cursor]
        for token in text_line.split():
            if not _is_int(token) or int(token) >= 0:
                raise fail(f"a withdrawn candidate must be written -N, not {token!r}", line_number)
            number = -int(token)
            if number > n:
                raise fail(
                    f"withdrawn candidate {number} does not exist (there are {n})", line_number
                )
            withdrawn.add(number)
        cursor += 1

    # Identical ballots are merged as they are read: {ranks: [first line, total weight]}.
    ballots: dict[tuple, list[int]] = {}
    parsed: dict[str, tuple] = {}  # the preferences text of a line -> its ranks
    while True:
        if cursor >= len(numbered):
            raise FormatError(
                "the ballots never end: expected a line holding only 0 after the last"
                " ballot (is the file cut short?)",
                source=source,
                line=len(lines) + 1,
            )
        line_number, ballot_line = numbered[cursor]
        cursor += 1
        tokens = ballot_line.split()
        if tokens[0].startswith("("):
            closing = next((i for i, t in enumerate(tokens) if t.endswith(")")), None)
            if closing is None:
                raise fail("a ballot identifier in parentheses is not closed", line_number)
            tokens = tokens[closing + 1 :]
            if not tokens:
                raise fail("a ballot identifier is followed by no ballot", line_number)
        if tokens == ["0"]:
            break
        if not _is_int(tokens[0]):
            raise fail(
                f"expected a ballot (a count, preferences and 0), found {ballot_line!r}",
                line_number,
            )
        weight = int(tokens[0])
        if weight < 0:
            raise fail(f"a ballot cannot be cast {weight} times", line_number)
        if tokens[-1] != "0":
            raise fail("a ballot must end with 0", line_number)
        key = " ".join(tokens[1:-1])
        ranks = parsed.get(key)
        if ranks is None:
            ranks = parsed[key] = _ranks(tokens[1:-1], n, withdrawn, line_number, fail)
        entry = ballots.get(ranks)
        if entry is None:
            ballots[ranks] = [line_number, weight]
        else:
            entry[1] += weight

    names: list[str] = []
    for number in range(1, n + 1):
        if cursor >= len(numbered):
            raise FormatError(
                f"expected {n} candidate names after the ballots, found {number - 1}"
                " (is the file cut short, or is the number of candidates wrong?)",
                source=source,
                line=len(lines) + 1,
            )
        line_number, name_line = numbered[cursor]
        cursor += 1
        name = _unquote(name_line, line_number, source)
        if not name:
            raise fail(f"the name of candidate {number} is empty", line_number)
        if name in names:
            raise fail(f"candidate name {name!r} appears twice", line_number)
        names.append(name)
    title = None
    if cursor < len(numbered):
        line_number, title_line = numbered[cursor]
        title = _unquote(title_line, line_number, source)
        cursor += 1
    if cursor < len(numbered):
        line_number, extra = numbered[cursor]
        raise fail(f"unexpected text after the title: {extra!r}", line_number)

    keep = [i for i in range(n) if i + 1 not in withdrawn]
    renumber = {old: new for new, old in enumerate(keep)}
    candidates = [names[i] for i in keep]
    counted = []
    for ranks, (line_number, weight) in ballots.items():
        ranks = tuple(tuple(renumber[c] for c in rank) for rank in ranks)
        groups, end = ruled(ranks, rules, candidates, line_number, source)
        counted.append((groups, end, weight))
    return Election(
        ballots=built(Ballots.from_groups, candidates, counted, rules=rules, source=source),
        seats=seats,
        title=title,
        withdrawn=tuple(names[number - 1] for number in sorted(withdrawn)),
    )


def _ranks(tokens, n, withdrawn, line_number, fail) -> tuple:
    """A ballot's preferences as ranks (candidates marked equally, ``2=3``, share one)."""
    ranks = []
    for token in tokens:
        rank = []
        for part in token.split("="):
            if not _is_int(part):
                raise fail(f"{part!r} is not a candidate number", line_number)
            number = int(part)
            if number == 0:
                raise fail("0 ends a ballot, so it cannot appear inside one", line_number)
            if number < 0 or number > n:
                raise fail(f"candidate {number} does not exist (there are {n})", line_number)
            if number not in withdrawn:
                rank.append(number - 1)
        if rank:  # a mark for a withdrawn candidate only is passed over
            ranks.append(tuple(rank))
    return tuple(ranks)


def write_blt(ballots: Ballots, seats: int, title: str = "", path: str | Path | None = None) -> str:
    """The ballots in BLT form (ranked ballots only); written to ``path`` if given."""
    if ballots.kind != RANKED:
        raise CountingError("BLT holds ranked ballots; these are approval ballots")
    lines = [f"{len(ballots.candidates)} {seats}"]
    for row, count in zip(ballots.rows.tolist(), ballots.counts.tolist(), strict=True):
        preferences = " ".join(str(c + 1) for c in row if c >= 0)
        lines.append(f"{count} {preferences} 0" if preferences else f"{count} 0")
    lines.append("0")
    lines.extend(_quote(name) for name in ballots.candidates)
    lines.append(_quote(title))
    text = "\n".join(lines) + "\n"
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def _is_int(token: str) -> bool:
    return token.lstrip("+-").isdigit() and token.isascii()


def _unquote(line: str, line_number: int, source: str) -> str:
    if not line.startswith('"'):
        return line
    if len(line) < 2 or not line.endswith('"'):
        raise FormatError("a quoted name is not closed", line=line_number, source=source)
    inner = line[1:-1]
    if '"' in inner.replace('""', ""):
        raise FormatError(
            "a quote inside a quoted name must be doubled", line=line_number, source=source
        )
    return inner.replace('""', '"')


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'
