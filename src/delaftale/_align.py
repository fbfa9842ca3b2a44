"""Aligning two sequences, in time bounded by the caller: the diff's and the Word marks' core.

``align(a, b)`` gives difflib-style opcodes (``"equal"``, ``"replace"``, ``"delete"``,
``"insert"``, with ranges of ``a`` and ``b``) along a longest common subsequence. The common
start and end are cut off first, in linear time; what is left is aligned by the classic
table, whose time and memory are the product of the two lengths. A middle larger than
``max_cells``, or than what is left of a shared ``budget``, is not aligned: it is reported
as replaced whole (or with the tag ``coarse`` given), which is still exact.

difflib's ``SequenceMatcher`` is not used: on text with a repeated word (every other token
is a space) its time grows with the cube of the length, and a paragraph of 1,000 words took
seconds, one of 10,000 more than ten minutes.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

Opcode = tuple[str, int, int, int, int]
"""(tag, a_start, a_end, b_start, b_end), as ``difflib.SequenceMatcher.get_opcodes``."""


def align(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    *,
    max_cells: int,
    budget: list[int] | None = None,
    coarse: str | None = None,
) -> list[Opcode]:
    """Opcodes aligning ``a`` with ``b``; see the module's documentation.

    ``budget`` is a one-item list of cells still to spend, shared by many calls and
    lowered by each; ``coarse`` is the tag of a middle too large to align (by default
    ``replace``, ``delete`` or ``insert``, as the middle is).
    """
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    ops: list[Opcode] = []
    if start:
        ops.append(("equal", 0, start, 0, start))
    n, m = end_a - start, end_b - start
    cells = (n + 1) * (m + 1)
    affordable = cells <= max_cells and (budget is None or cells <= budget[0])
    if n and m and affordable:
        if budget is not None:
            budget[0] -= cells
        ops.extend(_lcs_opcodes(a[start:end_a], b[start:end_b], start, start))
    elif n or m:
        tag = coarse or ("replace" if n and m else "delete" if n else "insert")
        ops.append((tag, start, end_a, start, end_b))
    if end_a < len(a):
        ops.append(("equal", end_a, len(a), end_b, len(b)))
    return ops


def _lcs_opcodes(a: Sequence[Hashable], b: Sequence[Hashable], da: int, db: int) -> list[Opcode]:
    n, m = len(a), len(b)
    # lengths[i][j]: the length of the longest common subsequence of a[i:] and b[j:].
    lengths = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below, x = lengths[i], lengths[i + 1], a[i]
        for j in range(m - 1, -1, -1):
            row[j] = below[j + 1] + 1 if x == b[j] else max(below[j], row[j + 1])
    ops: list[Opcode] = []
    i = j = i0 = j0 = 0

    def gap(i: int, j: int) -> None:
        if (i0, j0) != (i, j):
            tag = "replace" if i > i0 and j > j0 else "delete" if i > i0 else "insert"
            ops.append((tag, da + i0, da + i, db + j0, db + j))

    while i < n or j < m:
        if i < n and j < m and a[i] == b[j] and lengths[i][j] == lengths[i + 1][j + 1] + 1:
            gap(i, j)
            k = 0
            while (
                i + k < n
                and j + k < m
                and a[i + k] == b[j + k]
                and lengths[i + k][j + k] == lengths[i + k + 1][j + k + 1] + 1
            ):
                k += 1
            ops.append(("equal", da + i, da + i + k, db + j, db + j + k))
            i, j = i + k, j + k
            i0, j0 = i, j
        elif j < m and (i == n or lengths[i][j + 1] >= lengths[i + 1][j]):
            j += 1
        else:
            i += 1
    gap(n, m)
    return ops
