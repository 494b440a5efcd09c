"""The errors of a fetch, each with the exit status the command line gives
it (docs/fetch.md lists them).

Every message is built from the fetch's own words and the APIs' answers
with every credential taken out (`Secrets.scrub`): a message may be pasted
into a ticket.
"""

from __future__ import annotations

from typing import ClassVar

from crmsync_rules.model._errors import CrmSyncRulesError

__all__ = [
    "AllocationReached",
    "CredentialsError",
    "FetchError",
    "FetchInterrupted",
    "IncompleteFetch",
    "MissingExtra",
]


class FetchError(CrmSyncRulesError):
    """Root of the fetch's errors; ``status`` is the command line's exit
    status for it."""

    status: ClassVar[int] = 2


class MissingExtra(FetchError):
    """The optional clients (``crmsync-rules[fetch]``) are not installed."""


class CredentialsError(FetchError):
    """Credentials missing, unreadable, or refused (401): nothing to
    resume, the user must act."""


class FetchInterrupted(FetchError):
    """The run stopped part-way (a server error after its retries, a
    network failure); what was fetched is kept and the same command
    resumes it."""

    status: ClassVar[int] = 3


class AllocationReached(FetchError):
    """The Salesforce calls used reached the settable share of the daily
    allocation (ERR-2's 75% by default): stopped before the next call, the
    export kept for a resume once the usage has dropped."""

    status: ClassVar[int] = 4


class IncompleteFetch(FetchError):
    """The finished export fails the readers' completeness checks (a
    ``totalSize`` the pages do not add up to, a broken chain): refused, as
    ``crmsync-rules plan`` would refuse it."""
