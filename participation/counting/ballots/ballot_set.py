"""`Ballots`: the immutable ballot set, how it is built, and its checksum.

Part of `participation.counting.ballots`; see the package docstring.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from participation.counting.ballots.inputs import KINDS, _rows_from_ids, check_candidates
from participation.counting.ballots.marked import Marked, _marked_line
from participation.counting.canonical import APPROVAL, RANKED, group, render_lines
from participation.counting.errors import BallotError, CandidateError, SetupError
from participation.counting.rules import REASONS, BallotRules, Groups

CANONICAL_HEADER = "listening-hub-ballots 1"
MARKED_HEADER = "marked"


class Ballots:
    """An immutable set of ballots of one kind over a fixed list of candidates.

    Build one with :meth:`ranked`, :meth:`approval` or (fastest) :meth:`from_indices`.

    Attributes:
        candidates: the candidate ids, in the order given.
        kind: ``"ranked"`` or ``"approval"``.
        rows: ``int32`` array, one row per distinct ballot, candidate indices padded
            with -1 (rankings in preference order; approval sets in canonical order).
        counts: ``int64`` array, how many voters cast each row.
    """

    __slots__ = (
        "_checksum",
        "_index",
        "_positions",
        "candidates",
        "counts",
        "kind",
        "marked",
        "rows",
        "rules",
    )

    def __init__(
        self,
        candidates,
        rows,
        counts,
        kind,
        *,
        _trusted: bool = False,
        _positions=None,
        marked: tuple[Marked, ...] = (),
        rules: BallotRules | None = None,
    ):
        if not _trusted:
            raise TypeError("build ballots with Ballots.ranked, .approval or .from_indices")
        self.candidates: tuple[str, ...] = candidates
        self.kind: str = kind
        self.rows: np.ndarray = rows
        self.counts: np.ndarray = counts
        # Ballots a rule changed (over-votes, skipped ranks, repeats), in canonical
        # order; see Marked. Empty for ballots cast on this site.
        self.marked: tuple[Marked, ...] = marked
        # The rules the ballots were read with, or None when there were none to apply.
        self.rules: BallotRules | None = rules
        self.rows.setflags(write=False)
        self.counts.setflags(write=False)
        self._index = {candidate: i for i, candidate in enumerate(candidates)}
        self._checksum: str | None = None
        # The rows as canonical positions (see _group), kept for the checksum.
        self._positions = _positions

    # ----------------------------------------------------------------- building

    @classmethod
    def ranked(
        cls,
        candidates: Iterable[str],
        rankings: Iterable[Sequence[str]],
        counts: Iterable[int] | None = None,
    ) -> Ballots:
        """Ranked ballots from lists of candidate ids, most preferred first."""
        candidates = check_candidates(candidates)
        rows = _rows_from_ids(candidates, rankings, RANKED)
        return cls._build(candidates, rows, counts, RANKED)

    @classmethod
    def approval(
        cls,
        candidates: Iterable[str],
        approvals: Iterable[Iterable[str]],
        counts: Iterable[int] | None = None,
    ) -> Ballots:
        """Approval ballots from collections of approved candidate ids."""
        candidates = check_candidates(candidates)
        rows = _rows_from_ids(candidates, approvals, APPROVAL)
        return cls._build(candidates, rows, counts, APPROVAL)

    @classmethod
    def from_indices(
        cls,
        candidates: Iterable[str],
        rows,
        *,
        kind: str = RANKED,
        counts=None,
    ) -> Ballots:
        """Ballots from a 2-D array of candidate indices padded with -1.

        This is the fast path: a million ballots take a few tens of milliseconds.
        Ranked rows must not have gaps (-1 followed by a candidate).
        """
        candidates = check_candidates(candidates)
        array = np.asarray(rows)
        if array.ndim == 1 and array.size == 0:
            array = array.reshape(0, 0)
        if array.ndim != 2:
            raise BallotError("ballot rows must be a 2-D array of candidate indices")
        if array.size and not np.issubdtype(array.dtype, np.integer):
            raise BallotError("ballot rows must hold integer candidate indices")
        return cls._build(candidates, array, counts, kind)

    @classmethod
    def from_groups(
        cls,
        candidates: Iterable[str],
        ballots: Iterable[tuple[Groups, str | None, int]],
        *,
        rules: BallotRules,
    ) -> Ballots:
        """Ranked ballots as the ballot rules left them (see ``rules.apply_rules``):
        ``(groups, end, count)`` for each. Plain rankings are stored as usual; the
        ones a rule changed are kept as ``marked`` so the count can say why they stop.
        """
        candidates = check_candidates(candidates)
        n = len(candidates)
        plain: list[tuple[int, ...]] = []
        plain_counts: list[int] = []
        merged: dict[tuple[Groups, str | None], int] = {}
        for groups, end, count in ballots:
            if count < 0:
                raise BallotError("a ballot has a negative count")
            if any(not 0 <= c < n for group in groups for c in group):
                raise BallotError("a ballot refers to a candidate that does not exist")
            if end is None and all(len(group) == 1 for group in groups):
                plain.append(tuple(group[0] for group in groups))
                plain_counts.append(count)
                continue
            if end is not None and end not in REASONS:
                raise BallotError(f"unknown reason {end!r} for a ballot to stop")
            key = (tuple(tuple(sorted(group)) for group in groups), end)
            merged[key] = merged.get(key, 0) + count
        width = max((len(row) for row in plain), default=0)
        array = np.full((len(plain), width), -1, dtype=np.int32)
        for i, row in enumerate(plain):
            array[i, : len(row)] = row
        built = cls._build(candidates, array, plain_counts, RANKED)
        marked = tuple(
            Marked(groups, end, count) for (groups, end), count in merged.items() if count
        )
        order = sorted(range(n), key=candidates.__getitem__)
        position = {c: p for p, c in enumerate(order, start=1)}
        lines = {m: _marked_line(m, position) for m in marked}
        built.marked = tuple(sorted(marked, key=lines.__getitem__))
        built.rules = rules
        return built

    def strict(self) -> Ballots:
        """The same ballots with every candidate still in the count: a ranking
        stops at its first over-vote. For methods that never eliminate anyone."""
        if not self.marked:
            return self
        width = max([self.rows.shape[1]] + [len(m.strict) for m in self.marked])
        extra = np.full((len(self.marked), width), -1, dtype=np.int32)
        for i, m in enumerate(self.marked):
            extra[i, : len(m.strict)] = m.strict
        rows = np.full((self.rows.shape[0], width), -1, dtype=np.int32)
        rows[:, : self.rows.shape[1]] = self.rows
        counts = np.concatenate([self.counts, [m.count for m in self.marked]]).astype(np.int64)
        built = Ballots._build(self.candidates, np.vstack([rows, extra]), counts, self.kind)
        built.rules = self.rules
        return built

    @classmethod
    def _build(cls, candidates, array, counts, kind) -> Ballots:
        if kind not in KINDS:
            raise SetupError(f"unknown ballot kind {kind!r}; use 'ranked' or 'approval'")
        n = len(candidates)
        n_rows = array.shape[0]
        weights = None
        if counts is not None:
            weights = np.asarray(list(counts) if not hasattr(counts, "__len__") else counts)
            if weights.ndim != 1 or weights.shape[0] != n_rows:
                raise BallotError(
                    f"there are {n_rows} ballots but {weights.shape[0] if weights.ndim else 0}"
                    " counts"
                )
            if weights.size and not np.issubdtype(weights.dtype, np.integer):
                raise BallotError("ballot counts must be whole numbers")
            weights = weights.astype(np.int64)
            if weights.size and weights.min() < 0:
                bad = int(np.flatnonzero(weights < 0)[0])
                raise BallotError(f"ballot {bad + 1} has a negative count")
        if array.size:
            low, high = int(array.min()), int(array.max())
            if low < -1 or high >= n:
                bad_mask = (array < -1) | (array >= n)
                bad = int(np.flatnonzero(bad_mask.any(axis=1))[0])
                value = int(array[bad][bad_mask[bad]][0])
                raise BallotError(
                    f"ballot {bad + 1} refers to candidate number {value}, but the candidates"
                    f" are numbered 0 to {n - 1}"
                )
        rows, group_counts, positions = group(candidates, array, weights, kind)
        return cls(candidates, rows, group_counts, kind, _trusted=True, _positions=positions)

    # -------------------------------------------------------------- properties

    @property
    def total(self) -> int:
        """Number of ballots, including empty ones."""
        return int(self.counts.sum()) + sum(m.count for m in self.marked)

    @property
    def empty(self) -> int:
        """Number of ballots that rank or approve nobody (blank, or emptied by a rule)."""
        emptied = sum(m.count for m in self.marked if not m.groups)
        if self.rows.shape[0] == 0 or self.rows.shape[1] == 0:
            return int(self.counts.sum()) + emptied
        mask = self.rows[:, 0] < 0
        return int(self.counts[mask].sum()) + emptied

    @property
    def valid(self) -> int:
        """Number of ballots that rank or approve at least one candidate."""
        return self.total - self.empty

    @property
    def distinct(self) -> int:
        """Number of distinct ballots."""
        return int(self.rows.shape[0]) + len(self.marked)

    def index(self, candidate: str) -> int:
        try:
            return self._index[candidate]
        except KeyError:
            raise CandidateError(f"unknown candidate {candidate!r}") from None

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[tuple[tuple[str, ...], int]]:
        """Yield ``(choices, count)`` for each distinct ballot, in canonical order."""
        names = self.candidates
        for row, count in zip(self.rows.tolist(), self.counts.tolist(), strict=True):
            yield tuple(names[i] for i in row if i >= 0), count
        for m in self.marked:
            yield tuple(names[i] for i in m.choices), m.count

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ballots):
            return NotImplemented
        return (
            self.kind == other.kind
            and self.candidates == other.candidates
            and self.rows.shape == other.rows.shape
            and bool(np.array_equal(self.rows, other.rows))
            and bool(np.array_equal(self.counts, other.counts))
            and self.marked == other.marked
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<Ballots {self.kind}: {self.total} ballots ({self.distinct} distinct)"
            f" over {len(self.candidates)} candidates>"
        )

    # --------------------------------------------------------------- checksum

    def canonical_bytes(self) -> bytes:
        """The canonical text form (UTF-8) whose SHA-256 is :meth:`checksum`."""
        header, body = self._canonical_parts()
        return header + body

    def canonical_text(self) -> str:
        return self.canonical_bytes().decode("utf-8")

    def checksum(self) -> str:
        """SHA-256 (hex) of the canonical text form; independent of ballot order."""
        if self._checksum is None:
            header, body = self._canonical_parts()
            digest = hashlib.sha256(header)
            digest.update(body)
            self._checksum = digest.hexdigest()
        return self._checksum

    def _canonical_parts(self) -> tuple[bytes, bytes]:
        order = sorted(range(len(self.candidates)), key=self.candidates.__getitem__)
        lines = [CANONICAL_HEADER, f"kind {self.kind}"]
        lines.extend(f"candidate {self.candidates[i]}" for i in order)
        header = ("\n".join(lines) + "\n").encode("utf-8")
        positions = self._positions
        if positions is None:
            position = np.zeros(len(self.candidates) + 1, dtype=np.int64)
            position[np.asarray(order, dtype=np.int64)] = np.arange(1, len(order) + 1)
            positions = position[self.rows]
        body = render_lines(self.counts, positions)
        if self.marked:
            # Ballots a rule changed, one line each after the plain ones: the count,
            # the ranks ("3=5" for candidates marked at one rank) and "!reason" where
            # the ballot stops early. Absent when no rule changed any ballot, so plain
            # ballot sets keep the checksum they always had.
            position = {c: p for p, c in enumerate(order, start=1)}
            lines = [MARKED_HEADER] + [_marked_line(m, position) for m in self.marked]
            body += ("\n".join(lines) + "\n").encode("utf-8")
        return header, body
