"""The connected components of the records that share a key, by
union-find in Python over the pairs DuckDB returns (`GROUPS`), stored in
DuckDB as each joined record's component (docs/performance.md, "The bulk
engine").

The forest is one array of line numbers (8 bytes a line) and one byte a
line flags the records joined under another, so that the memory grows with
the file's lines, not with millions of Python ints: at 10M + 10M records a
set or a sorted list of the joined records' numbers would cost hundreds of
megabytes more."""

from __future__ import annotations

import array
from typing import Final

import duckdb

from ._keys import GROUPS

__all__ = ["components"]

_FETCH: Final = 100_000
_STORE: Final = 1_000_000
_JOINED: Final = b"\x01"


def components(con: duckdb.DuckDBPyConnection, lines: int) -> None:
    """Join the records that share a key into components, and store each
    record's component, as its least line number, in the table ``comp``
    (``n``, ``l``) for every record whose component is not its own line
    (a record alone, or the first of its component, has no row)."""
    # Each root is its component's least line number: a root is only ever
    # linked under a smaller one, so a record's parent is below it.
    parent = array.array("q", range(lines + 1))
    joined = bytearray(lines + 1)
    cursor = con.execute(GROUPS)
    while rows := cursor.fetchmany(_FETCH):
        for record, first in rows:
            # The two roots, with path halving (inline: this loop runs once
            # for each record that shares a key).
            a = record
            while (up := parent[a]) != a:
                parent[a] = parent[up]
                a = parent[a]
            b = first
            while (up := parent[b]) != b:
                parent[b] = parent[up]
                b = parent[b]
            if a != b:
                if a < b:
                    a, b = b, a
                parent[a] = b
                joined[a] = 1
    con.execute("CREATE TEMP TABLE comp (n BIGINT, l BIGINT)")
    # In increasing line order a joined record's parent (below it) already
    # points at its root: one step each makes every path a single step.
    members: list[int] = []
    roots: list[int] = []
    at = joined.find(_JOINED)
    while at >= 0:
        root = parent[parent[at]]
        parent[at] = root
        members.append(at)
        roots.append(root)
        if len(members) == _STORE:
            _store(con, members, roots)
            members, roots = [], []
        at = joined.find(_JOINED, at + 1)
    if members:
        _store(con, members, roots)


def _store(
    con: duckdb.DuckDBPyConnection, members: list[int], roots: list[int]
) -> None:
    con.execute(
        "INSERT INTO comp SELECT unnest($n), unnest($l)", {"n": members, "l": roots}
    )
