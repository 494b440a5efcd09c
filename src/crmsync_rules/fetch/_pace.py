"""How often a fetch calls, and how it waits and retries.

One `Pacer` per system: at most ``rate`` requests a second (HubSpot's
private apps get 100 or 190 requests per 10 seconds, by tier), a 429's
``Retry-After`` honoured, a server error (5xx) or a dropped connection
retried ``retries`` times after a growing wait, then given up (the run
stops, and resumes from its manifests). The clock and the sleep are
parameters, so that tests wait for nothing and can see every wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import attrs

__all__ = ["Pacer", "retry_after"]

T = TypeVar("T")


def retry_after(value: object, default: float) -> float:
    """The seconds a ``Retry-After`` header says (HubSpot sends seconds; an
    HTTP date or nonsense falls back to *default*).

    >>> retry_after("2", 10.0), retry_after(None, 10.0), retry_after("soon", 1.0)
    (2.0, 10.0, 1.0)
    """
    try:
        seconds = float(str(value))
    except ValueError:
        return default
    return seconds if seconds >= 0 else default


@attrs.define(kw_only=True)
class Pacer:
    """Paces one system's calls and retries the ones worth retrying.

    ``rate``: requests a second at most (None: as fast as answered);
    ``retries``: how many times a retryable failure is tried again;
    ``backoff``: the first wait after a server error, doubled each time.
    ``calls`` counts the requests sent, retries included; ``waited`` the
    seconds slept for ``Retry-After`` and backoffs.
    """

    rate: float | None = None
    retries: int = 3
    backoff: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    calls: int = 0
    waited: float = 0.0
    _last: float | None = None

    def turn(self) -> None:
        """Wait until the next request keeps under ``rate``, and count it."""
        if self.rate and self._last is not None:
            gap = 1.0 / self.rate - (self.clock() - self._last)
            if gap > 0:
                self.sleep(gap)
        self._last = self.clock()
        self.calls += 1

    def call(
        self,
        request: Callable[[], T],
        wait_of: Callable[[BaseException, int], float | None],
    ) -> T:
        """*request*'s answer, sent in turn; a failure for which
        ``wait_of(error, attempt)`` gives a wait is tried again after it,
        up to ``retries`` times; any other failure is raised."""
        attempt = 0
        while True:
            self.turn()
            try:
                return request()
            except Exception as exc:
                wait = wait_of(exc, attempt)
                if wait is None or attempt >= self.retries:
                    raise
                attempt += 1
                self.waited += wait
                self.sleep(wait)

    def backoff_after(self, attempt: int) -> float:
        """The wait after the *attempt*-th failure (0-based): ``backoff``
        doubled each time."""
        return float(self.backoff * (2**attempt))
