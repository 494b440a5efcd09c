"""Bulk steps: keeping the cyclic garbage collector off what they build.

The planner and `resolve_duplicate` build millions of long-lived, acyclic
objects (records, matches, reasons). Each generation-0 overflow meanwhile
triggers a collection that frees nothing but traverses everything built so
far: 30-70% of the time (issue 7). Once built, the planner's records live
until its last entry, and every collection of an older generation would
traverse them again. Both remedies touch a global setting from pure code,
so each is bounded, and the caller's state is restored after it, whatever
happens.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator

__all__ = ["collector_paused", "spared_from_collection"]


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
