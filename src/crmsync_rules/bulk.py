"""The garbage-collector policy for bulk work: the caller's choice.

Planning a large export builds millions of long-lived, acyclic objects
(records, matches, reasons). Each generation-0 overflow meanwhile triggers a
collection that frees nothing but traverses everything built so far: 30-70%
of the time (issue 7). Once built, the planner's records live until its
last entry, and every collection of an older generation would traverse them
again. The library's functions never touch the collector, a process-wide
setting; the command line enters `bulk_collection`, and so can any caller
that plans millions of records:

>>> from crmsync_rules import sample_snapshot
>>> from crmsync_rules.bulk import bulk_collection
>>> from crmsync_rules.planner import plan_stream
>>> with bulk_collection() as built:
...     stream = plan_stream([sample_snapshot().settings,
...                           *sample_snapshot().records()])
...     built()  # the records are read and indexed: spare them
...     entries = sum(1 for _ in stream)
>>> entries
44
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator

__all__ = ["bulk_collection", "collector_paused", "spared_from_collection"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block, and
    restore the caller's setting after it. Reference counting still frees
    every acyclic object at once.

    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def spared_from_collection() -> Callable[[], None]:
    """Move every object alive now out of the collector's reach, and return
    the function that brings them back: call it when they are no longer
    needed all together (calling it again does nothing).

    The objects go to the permanent generation (`gc.freeze`) and come back
    to the oldest one (`gc.unfreeze`); reference counting still frees each
    as soon as it dies, but a cycle among them waits for the function. When
    the process already holds frozen objects (a pre-fork server's, say),
    nothing is moved and the function does nothing: thawing them would undo
    the caller's own `gc.freeze`.

    >>> import gc
    >>> thaw = spared_from_collection()
    >>> gc.get_freeze_count() > 0
    True
    >>> thaw()
    >>> thaw()  # once is enough
    >>> gc.get_freeze_count()
    0
    """
    if gc.get_freeze_count():
        return _nothing
    gc.freeze()
    thawed = False

    def thaw() -> None:
        nonlocal thawed
        if not thawed:
            thawed = True
            gc.unfreeze()

    return thaw


def _nothing() -> None:
    pass


@contextlib.contextmanager
def bulk_collection() -> Iterator[Callable[[], None]]:
    """For the ``with`` block, the command line's collector policy: paused
    while the records are built, then, once the block calls the function
    it was given (``built()``), every object alive is spared from
    collection (`spared_from_collection`) and the collector runs again for
    what is new. At the end of the block the caller's setting and frozen
    objects are as they were.

    >>> import gc
    >>> with bulk_collection() as built:
    ...     gc.isenabled()
    ...     built()
    ...     gc.isenabled(), gc.get_freeze_count() > 0
    False
    (True, True)
    >>> gc.isenabled(), gc.get_freeze_count()
    (True, 0)
    """
    enabled = gc.isenabled()
    gc.disable()
    thaw: Callable[[], None] = _nothing
    spared = False

    def built() -> None:
        nonlocal thaw, spared
        if not spared:
            spared = True
            thaw = spared_from_collection()
            if enabled:
                gc.enable()

    try:
        yield built
    finally:
        thaw()
        if enabled:
            gc.enable()
