"""Canonical form of a ballot set: merging identical ballots, ordering them, and
rendering the canonical text whose SHA-256 is the ballot checksum.

A candidate's canonical position is its 1-based place among the candidate ids sorted
by code point (0 stands for padding). See docs/counting.md for the text format.
"""

from __future__ import annotations

import numpy as np

from participation.counting.errors import BallotError

RANKED = "ranked"
APPROVAL = "approval"

# Keys for ordering rows must fit in a signed 64-bit integer.
_MAX_KEY_BITS = 62


def group(candidates, array, weights, kind):
    """Merge identical ballots and sort them into canonical order.

    Returns ``(rows, counts, positions)``: rows as candidate indices (int32, -1
    padded), how many voters cast each, and the same rows as canonical positions.

    A candidate's canonical position is its 1-based place among the ids sorted by
    code point (0 stands for padding). Ranked ballots are ordered lexicographically
    on their positions, a ballot before its own extensions. An approval ballot is
    written with its positions in increasing order, and approval ballots are ordered
    by the number sum(2 ** (position - 1)).

    Two passes keep this fast for a million ballots: identical raw rows are merged
    first (each row packed into one 64-bit key, then one sort; an approval set
    becomes a bit mask), then only the far fewer distinct rows are put in order.
    """
    n = len(candidates)
    n_rows, width = array.shape
    empty = (np.zeros((0, 0), np.int32), np.zeros(0, np.int64), np.zeros((0, 0), np.int8))
    if n_rows == 0:
        return empty
    if width == 0:
        total = n_rows if weights is None else int(weights.sum())
        if total == 0:
            return empty
        return (
            np.full((1, 0), -1, np.int32),
            np.array([total], np.int64),
            np.zeros((1, 0), np.int8),
        )

    compact = _small_dtype(n)
    raw = np.ascontiguousarray(array, dtype=compact)
    order = sorted(range(n), key=candidates.__getitem__)
    position = np.zeros(n + 1, dtype=compact)  # index -1 -> 0
    position[np.asarray(order, dtype=np.int64)] = np.arange(1, n + 1)
    back = np.empty(n + 1, dtype=np.int32)  # position -> candidate index
    back[0] = -1
    back[1:] = np.asarray(order, dtype=np.int32)

    if kind == APPROVAL and n <= 63:
        # Masks sort in canonical order already, and a repeated candidate shows
        # up as a mask with fewer bits than the ballot has entries.
        columns, distinct_counts = _merge_approval_sets(raw, weights, position)
        if columns is None:
            _report_first_invalid(candidates, raw, position, back, kind)
    else:
        distinct_rows, distinct_counts = _merge_identical(raw, weights)
        # Column-major from here on: numpy is far faster on long contiguous
        # columns than on many short rows.
        columns = position[distinct_rows.T]
        if kind == APPROVAL:
            columns, distinct_counts = _order_approval_sets(columns, distinct_counts, n)
        else:
            columns, distinct_counts = _order_rankings(columns, distinct_counts, n)
        if _invalid_columns(columns, kind).any():
            _report_first_invalid(candidates, raw, position, back, kind)

    keep = distinct_counts > 0
    if not keep.all():
        columns = columns[:, keep]
        distinct_counts = distinct_counts[keep]
    used = 0
    for j in range(columns.shape[0]):  # the first all-blank row of entries ends them
        if not columns[j].any():
            break
        used = j + 1
    columns = columns[:used]
    rows = np.empty((columns.shape[1], used), dtype=np.int32)
    for j in range(used):
        rows[:, j] = back[columns[j]]
    positions = np.ascontiguousarray(columns.T)
    return rows, np.ascontiguousarray(distinct_counts, dtype=np.int64), positions


def _order_rankings(columns, counts, n):
    """Sort distinct rankings (columns of positions) lexicographically."""
    width = columns.shape[0]
    base = n + 1
    if width * np.log2(base) < _MAX_KEY_BITS:
        key = _column_keys(columns, base)
        key_bits = int(width * np.log2(base)) + 1
        index_bits = max(int(len(key) - 1).bit_length(), 1)
        if key_bits + index_bits < 63:
            # Sort (key, index) packed in one integer: much faster than argsort.
            packed = (key << index_bits) | np.arange(len(key), dtype=np.int64)
            packed.sort()
            permutation = packed & ((1 << index_bits) - 1)
        else:
            permutation = np.argsort(key)
    else:
        permutation = np.lexsort(columns[::-1])
    return columns[:, permutation], counts[permutation]


def _order_approval_sets(columns, counts, n):
    """Canonical order of approval sets for more than 63 candidates.

    Ordering by sum(2 ** (position - 1)) is ordering by the positions taken from
    the largest down, lexicographically, a set before its own extensions.
    """
    if columns.shape[1] == 0 or columns.shape[0] == 0:
        return columns, counts
    descending = -_sort_columns(-columns.astype(np.int64))  # largest first, 0 last
    permutation = np.lexsort(descending[::-1])
    descending = descending[:, permutation]
    counts = counts[permutation]
    if descending.shape[1] > 1:
        starts = _run_starts(np.any(descending[:, 1:] != descending[:, :-1], axis=0))
        if starts.size < descending.shape[1]:
            counts = np.add.reduceat(counts, starts)
            descending = descending[:, starts]
    big = np.iinfo(np.int64).max
    ascending = np.where(descending == 0, big, descending)
    ascending = _sort_columns(ascending)
    ascending[ascending == big] = 0
    return ascending.astype(columns.dtype), counts


def _small_dtype(n: int):
    return np.int8 if n < 127 else (np.int16 if n < 32767 else np.int32)


def _sort_columns(columns: np.ndarray) -> np.ndarray:
    """Sort each ballot's entries (down the columns) with a sorting network."""
    width = columns.shape[0]
    if width > 16:
        return np.sort(columns, axis=0)
    lanes = [columns[j].copy() for j in range(width)]
    for round_number in range(width):
        for j in range(round_number % 2, width - 1, 2):
            low = np.minimum(lanes[j], lanes[j + 1])
            lanes[j + 1] = np.maximum(lanes[j], lanes[j + 1])
            lanes[j] = low
    return np.stack(lanes) if lanes else columns.copy()


def _column_keys(columns: np.ndarray, base: int) -> np.ndarray:
    key = columns[0].astype(np.int64)
    for j in range(1, columns.shape[0]):
        key *= base
        key += columns[j]
    return key


def _merge_approval_sets(raw: np.ndarray, weights, position: np.ndarray):
    """Merge approval sets through a 64-bit mask per ballot (up to 63 candidates).

    Returns ``(columns, counts)`` with each distinct set as a column of canonical
    positions in increasing order, or ``(None, None)`` if a ballot names a
    candidate twice.
    """
    n_rows, width = raw.shape
    bit = np.zeros(len(position), dtype=np.uint64)  # index -1 (last) -> no bit
    bit[:-1] = np.left_shift(np.uint64(1), position[:-1].astype(np.uint64) - np.uint64(1))
    mask = np.zeros(n_rows, dtype=np.uint64)
    for j in range(width):
        mask |= bit[raw[:, j]]
    # A candidate named twice on a ballot leaves the mask one bit short.
    entries = int(np.count_nonzero(raw >= 0))
    if int(np.bitwise_count(mask).sum(dtype=np.int64)) != entries:
        return None, None
    unique_mask, counts = _unique_counts(mask, weights)
    longest = int(np.bitwise_count(unique_mask).max()) if unique_mask.size else 0
    columns = np.zeros((max(longest, 0), unique_mask.size), dtype=position.dtype)
    rest = unique_mask.copy()
    for j in range(longest):
        lowest = rest & (~rest + np.uint64(1))
        columns[j] = np.where(rest != 0, np.bitwise_count(lowest - np.uint64(1)) + 1, 0)
        rest ^= lowest
    return columns, counts


def _merge_identical(raw: np.ndarray, weights):
    """Merge byte-identical rows. Returns (rows, counts)."""
    n_rows, width = raw.shape
    row_bytes = width * raw.itemsize
    if row_bytes <= 8:
        packed = np.zeros((n_rows, 8), dtype=np.uint8)
        packed[:, :row_bytes] = raw.view(np.uint8).reshape(n_rows, row_bytes)
        key = packed.view(np.uint64).ravel()
        unique_key, counts = _unique_counts(key, weights)
        rows = (
            np.ascontiguousarray(unique_key)
            .view(np.uint8)
            .reshape(-1, 8)[:, :row_bytes]
            .copy()
            .view(raw.dtype)
            .reshape(-1, width)
        )
        return rows, counts
    permutation = np.lexsort(raw.T[::-1])
    sorted_rows = raw[permutation]
    starts = _run_starts(np.any(sorted_rows[1:] != sorted_rows[:-1], axis=1))
    return sorted_rows[starts], _run_counts(starts, n_rows, weights, permutation)


def _unique_counts(key: np.ndarray, weights):
    """The distinct values of ``key`` in increasing order, and how many rows hold each
    (or the sum of their ``weights``)."""
    if weights is None:
        permutation = None
        sorted_key = np.sort(key)
    else:
        permutation = np.argsort(key)
        sorted_key = key[permutation]
    starts = _run_starts(sorted_key[1:] != sorted_key[:-1])
    return sorted_key[starts], _run_counts(starts, len(key), weights, permutation)


def _run_starts(changes: np.ndarray) -> np.ndarray:
    starts = np.flatnonzero(changes) + 1
    return np.concatenate((np.zeros(1, dtype=starts.dtype), starts))


def _run_counts(starts: np.ndarray, n_rows: int, weights, permutation) -> np.ndarray:
    """Rows per run of sorted rows starting at ``starts``, or the sum of their
    ``weights`` (given in the unsorted order, sorted by ``permutation``)."""
    if weights is None:
        return np.diff(np.append(starts, n_rows)).astype(np.int64)
    return np.add.reduceat(weights[permutation], starts)


def _invalid_columns(columns: np.ndarray, kind: str) -> np.ndarray:
    """Ballots (columns) with a gap in a ranking or a candidate named twice."""
    width, n_rows = columns.shape
    bad = np.zeros(n_rows, dtype=bool)
    if width < 2:
        return bad
    if kind == RANKED:
        for j in range(width - 1):
            bad |= (columns[j] == 0) & (columns[j + 1] != 0)
        ordered = _sort_columns(columns)
    else:
        ordered = columns
    for j in range(width - 1):
        bad |= (ordered[j] == ordered[j + 1]) & (ordered[j] != 0)
    return bad


def _report_first_invalid(candidates, raw, position, back, kind) -> None:
    """Raise for the first invalid ballot in the caller's order (error path only)."""
    columns = position[raw.T]
    if kind == APPROVAL:
        big = np.iinfo(columns.dtype).max
        columns[columns == 0] = big
        columns = _sort_columns(columns)
        columns[columns == big] = 0
    number = int(np.flatnonzero(_invalid_columns(columns, kind))[0]) + 1
    row = position[raw[number - 1]].tolist()
    values = [v for v in row if v > 0]
    repeated = [v for v in values if values.count(v) > 1]
    if repeated:
        verb = "ranks" if kind == RANKED else "approves"
        name = candidates[int(back[repeated[0]])]
        raise BallotError(f"ballot {number} {verb} {name!r} twice")
    raise BallotError(f"ballot {number} has a gap: a blank preference followed by another")


def render_lines(counts: np.ndarray, digits: np.ndarray) -> bytes:
    """Render ``count pos pos ...\\n`` lines as ASCII, fully vectorised.

    Each line is laid out at a fixed width with a filler byte (0xFF) wherever a
    shorter number leaves room; the fillers are then dropped in one pass.
    """
    n_rows = counts.shape[0]
    if n_rows == 0:
        return b""
    filler = 0xFF
    width = digits.shape[1] if digits.ndim == 2 else 0
    count_width = len(str(int(counts.max())))
    top = int(digits.max()) if digits.size else 0
    entry = 4 if len(str(max(top, 1))) < 4 else 8
    laid_out = np.empty((n_rows, count_width + entry * width + 1), dtype=np.uint8)
    # Counts: one digit per pass over the (contiguous) counts, leading zeros blank.
    count_bytes = np.empty((count_width, n_rows), dtype=np.uint8)
    rest = counts.copy()
    started = np.zeros(n_rows, dtype=bool)
    for j in range(count_width):
        power = 10 ** (count_width - 1 - j)
        digit = rest // power
        rest -= digit * power
        started |= digit > 0
        if j == count_width - 1:
            started[:] = True  # a count is at least 1
        count_bytes[j] = np.where(started, digit + 48, filler)
    laid_out[:, :count_width] = count_bytes.T
    if width:
        # Positions: " 12" looked up as one 4- or 8-byte word per entry.
        table = np.full((top + 1, entry), filler, dtype=np.uint8)
        for value in range(1, top + 1):
            text = np.frombuffer((" " + str(value)).encode("ascii"), np.uint8)
            table[value, entry - len(text) :] = text
        packed = table.view(np.uint32 if entry == 4 else np.uint64).ravel()
        block = packed[digits].view(np.uint8).reshape(n_rows, entry * width)
        laid_out[:, count_width : count_width + entry * width] = block
    laid_out[:, -1] = 10
    return laid_out.tobytes().translate(None, b"\xff")
