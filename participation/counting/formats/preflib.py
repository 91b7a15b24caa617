"""PrefLib files: .soc, .soi, .toc, .toi (rankings) and .cat (categories).

The current PrefLib format has ``# KEY: value`` header lines, then one line per
distinct ballot: ``count: 1,3,2`` (a ranking of alternatives by number), with
equally ranked alternatives in braces in .toc/.toi (``count: 1,{2,3}``) and
categories in .cat (``count: {1,3},{2}``). The older format (a first line with the
number of alternatives, ``number,name`` lines, a ``voters,sum,unique`` line and
``count,1,3,2`` lines) is read too.

Equally ranked alternatives are over-votes, and the ballot rules (``rules.py``) say
what they do: by default the ballot stops there. The last group of a complete order
(.soc/.toc) holding every candidate not ranked before it is not an over-vote: that
is the same as leaving them unranked. A .cat file is read as approval ballots: the
alternatives in the first category are approved, the rest are not.
"""

from __future__ import annotations

import re
from pathlib import Path

from participation.counting.ballots import APPROVAL, Ballots
from participation.counting.errors import FormatError
from participation.counting.formats.common import Election, built, read_text, ruled
from participation.counting.rules import DEFAULT_RULES, BallotRules

DATA_TYPES = ("soc", "soi", "toc", "toi", "cat")
_GROUP = re.compile(r"\{([^{}]*)\}|([^,{}]+)")


def read_preflib(path: str | Path, rules: BallotRules = DEFAULT_RULES) -> Election:
    suffix = Path(path).suffix.lower().lstrip(".")
    return parse_preflib(read_text(path), source=str(path), data_type=suffix or None, rules=rules)


def parse_preflib(
    text: str,
    source: str = "<preflib>",
    data_type: str | None = None,
    rules: BallotRules = DEFAULT_RULES,
) -> Election:
    lines = text.splitlines()
    first = next((line.strip() for line in lines if line.strip()), "")
    if not first:
        raise FormatError("the file is empty", source=source)
    if first.startswith("#"):
        return _parse_current(lines, source, data_type, rules)
    return _parse_legacy(lines, source, data_type, rules)


def _parse_current(lines, source, data_type, rules) -> Election:
    meta: dict[str, tuple[str, int]] = {}
    names: dict[int, str] = {}
    data_lines: list[tuple[int, str]] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if not sep:
                continue  # a free comment
            key = key.strip().upper()
            match = re.fullmatch(r"ALTERNATIVE NAME (\d+)", key)
            if match:
                names[int(match.group(1))] = value.strip()
            else:
                meta[key] = (value.strip(), number)
            continue
        data_lines.append((number, line))
    declared_type = meta.get("DATA TYPE", (None, 0))[0]
    kind_type = (declared_type or data_type or "").lower()
    if kind_type not in DATA_TYPES:
        raise FormatError(
            f"unknown PrefLib data type {kind_type or '(none)'!r}; expected one of"
            f" {', '.join(DATA_TYPES)}",
            source=source,
        )
    if "NUMBER ALTERNATIVES" not in meta:
        raise FormatError("the header does not give '# NUMBER ALTERNATIVES'", source=source)
    n = _header_int(meta, "NUMBER ALTERNATIVES", source)
    if n < 1:
        raise FormatError(
            "there must be at least one alternative",
            source=source,
            line=meta["NUMBER ALTERNATIVES"][1],
        )
    if names and sorted(names) != list(range(1, n + 1)):
        missing = [i for i in range(1, n + 1) if i not in names]
        extra = sorted(i for i in names if not 1 <= i <= n)
        problem = (
            f"alternative {missing[0]} has no '# ALTERNATIVE NAME {missing[0]}' line"
            if missing
            else f"alternative {extra[0]} is named but there are only {n}"
        )
        raise FormatError(
            f"the header says there are {n} alternatives, but {problem}",
            source=source,
            line=meta["NUMBER ALTERNATIVES"][1],
        )
    ballots = []
    for number, line in data_lines:
        count_text, sep, body = line.partition(":")
        if not sep:
            raise FormatError(
                f"expected 'count: ballot', found {line!r}", line=number, source=source
            )
        ballots.append((number, count_text.strip(), body.strip()))
    election = _build(ballots, n, names, kind_type, source, rules)
    if "NUMBER VOTERS" in meta:
        declared = _header_int(meta, "NUMBER VOTERS", source)
        if declared != election.ballots.total:
            raise FormatError(
                f"the header says {declared} voters but the ballots add up to"
                f" {election.ballots.total}",
                line=meta["NUMBER VOTERS"][1],
                source=source,
            )
    title = meta.get("TITLE", (None, 0))[0]
    return Election(ballots=election.ballots, title=title or None, names=election.names)


def _parse_legacy(lines, source, data_type, rules) -> Election:
    numbered = [(i + 1, line.strip()) for i, line in enumerate(lines) if line.strip()]
    line_number, first = numbered[0]
    if not first.isdigit():
        raise FormatError(
            f"expected the number of alternatives, found {first!r}", line=line_number, source=source
        )
    n = int(first)
    names: dict[int, str] = {}
    for i in range(1, n + 1):
        if i >= len(numbered):
            raise FormatError(f"expected {n} alternative names", source=source)
        line_number, line = numbered[i]
        number, sep, name = line.partition(",")
        if not sep or not number.strip().isdigit():
            raise FormatError(
                f"expected 'number,name', found {line!r}", line=line_number, source=source
            )
        names[int(number)] = name.strip()
    if n + 1 >= len(numbered):
        raise FormatError(
            "the line 'voters,sum of counts,unique ballots' is missing", source=source
        )
    line_number, totals = numbered[n + 1]
    parts = [p.strip() for p in totals.split(",")]
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise FormatError(
            f"expected 'voters,sum of counts,unique ballots', found {totals!r}",
            line=line_number,
            source=source,
        )
    ballots = []
    for number, line in numbered[n + 2 :]:
        count_text, sep, body = line.partition(",")
        if not sep:
            raise FormatError(
                f"expected 'count,ballot', found {line!r}", line=number, source=source
            )
        ballots.append((number, count_text.strip(), body.strip()))
    election = _build(ballots, n, names, (data_type or "soi").lower(), source, rules)
    if int(parts[1]) != election.ballots.total:
        raise FormatError(
            f"the header says the counts add up to {parts[1]} but they add up to"
            f" {election.ballots.total}",
            line=line_number,
            source=source,
        )
    return election


def _build(ballots, n, names, data_type, source, rules) -> Election:
    ids = [names.get(i, str(i)) or str(i) for i in range(1, n + 1)]
    seen: dict[str, int] = {}
    for i, name in enumerate(ids, start=1):
        if name in seen:
            raise FormatError(
                f"alternatives {seen[name]} and {i} have the same name {name!r}", source=source
            )
        seen[name] = i
    complete = data_type in ("soc", "toc")
    approvals: list[list[int]] = []
    ranked: list[tuple] = []
    counts: list[int] = []
    for number, count_text, body in ballots:
        if not count_text.isdigit():
            raise FormatError(
                f"the count {count_text!r} is not a whole number", line=number, source=source
            )
        groups = _groups(body, n, number, source, repeats=data_type != "cat")
        if data_type == "cat":
            approvals.append(groups[0] if groups else [])
            counts.append(int(count_text))
            continue
        ranks = _ranks(groups, n, complete, data_type, number, source)
        marked, end = ruled(ranks, rules, ids, number, source)
        ranked.append((marked, end, int(count_text)))
    if data_type == "cat":
        width = max((len(r) for r in approvals), default=0)
        padded = [r + [-1] * (width - len(r)) for r in approvals]
        result = built(
            Ballots.from_indices,
            ids,
            padded if approvals else [],
            kind=APPROVAL,
            counts=counts,
            source=source,
        )
    else:
        result = built(Ballots.from_groups, ids, ranked, rules=rules, source=source)
    return Election(ballots=result, names={name: name for name in ids})


def _groups(body: str, n: int, number: int, source: str, repeats: bool) -> list[list[int]]:
    """The ballot's groups of alternatives. ``repeats``: an alternative may appear
    again (a ranking, where the ballot rules decide); else it is refused."""
    groups: list[list[int]] = []
    seen: set[int] = set()
    position = 0
    text = body.replace(" ", "")
    while position < len(text):
        match = _GROUP.match(text, position)
        if not match:
            raise FormatError(f"cannot read the ballot {body!r}", line=number, source=source)
        inside = match.group(1) if match.group(1) is not None else match.group(2)
        members = []
        for token in filter(None, inside.split(",")):
            if not token.isdigit():
                raise FormatError(
                    f"{token!r} is not an alternative number", line=number, source=source
                )
            alternative = int(token)
            if not 1 <= alternative <= n:
                raise FormatError(
                    f"alternative {alternative} does not exist (there are {n})",
                    line=number,
                    source=source,
                )
            if alternative in seen and not repeats:
                raise FormatError(
                    f"alternative {alternative} appears twice", line=number, source=source
                )
            seen.add(alternative)
            members.append(alternative - 1)
        groups.append(members)
        position = match.end()
        if position < len(text):
            if text[position] != ",":
                raise FormatError(f"cannot read the ballot {body!r}", line=number, source=source)
            position += 1
    return groups


def _ranks(groups, n, complete, data_type, number, source) -> tuple:
    """The ballot's ranks: equally ranked alternatives are one rank (an over-vote),
    except the bottom group of a complete order, which is simply unranked."""
    if data_type in ("soc", "toc") and len({c for g in groups for c in g}) != n:
        raise FormatError(
            f"a .{data_type} ballot must order all {n} alternatives", line=number, source=source
        )
    ranks = []
    placed = 0
    for i, group in enumerate(groups):
        last = i == len(groups) - 1
        if complete and last and len(group) > 1 and placed + len(group) == n:
            break
        ranks.append(tuple(group))
        placed += len(group)
    return tuple(ranks)


def _header_int(meta, key, source) -> int:
    value, line = meta[key]
    if not value.isdigit():
        raise FormatError(
            f"'{key}' must be a whole number, not {value!r}", line=line, source=source
        )
    return int(value)


def write_preflib(ballots: Ballots, title: str = "", path: str | Path | None = None) -> str:
    """The ballots in the current PrefLib format: .soc/.soi for rankings, .cat for
    approvals. Returns the text; writes it to ``path`` if given."""
    n = len(ballots.candidates)
    if ballots.kind == APPROVAL:
        data_type = "cat"
    else:
        complete = (
            all(sum(1 for c in row if c >= 0) in (n, n - 1) for row in ballots.rows.tolist())
            and ballots.valid == ballots.total
        )
        data_type = "soc" if complete else "soi"
    lines = [
        f"# FILE NAME: {Path(path).name if path else 'ballots.' + data_type}",
        f"# TITLE: {title}",
        f"# DATA TYPE: {data_type}",
        f"# NUMBER ALTERNATIVES: {n}",
    ]
    lines.extend(f"# ALTERNATIVE NAME {i}: {name}" for i, name in enumerate(ballots.candidates, 1))
    if data_type == "cat":
        lines += [
            "# NUMBER CATEGORIES: 2",
            "# CATEGORY NAME 1: approved",
            "# CATEGORY NAME 2: not approved",
        ]
    lines += [f"# NUMBER VOTERS: {ballots.total}", f"# NUMBER UNIQUE ORDERS: {ballots.distinct}"]
    order = sorted(range(ballots.distinct), key=lambda i: -int(ballots.counts[i]))
    for i in order:
        chosen = [c + 1 for c in ballots.rows[i].tolist() if c >= 0]
        count = int(ballots.counts[i])
        if data_type == "cat":
            others = [c for c in range(1, n + 1) if c not in chosen]
            lines.append(f"{count}: {_braced(chosen)},{_braced(others)}")
        else:
            if data_type == "soc" and len(chosen) == n - 1:
                chosen += [c for c in range(1, n + 1) if c not in chosen]
            lines.append(f"{count}: {','.join(map(str, chosen))}")
    text = "\n".join(lines) + "\n"
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def _braced(members: list[int]) -> str:
    if len(members) == 1:
        return str(members[0])
    return "{" + ",".join(map(str, members)) + "}"
