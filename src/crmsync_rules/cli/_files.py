"""Opening what the command line names: files, folders read every level
down, standard input and pipes, each read once (a FIFO cannot be read
twice)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO

from crmsync_rules.codec._exports import Document
from crmsync_rules.model._errors import CrmSyncRulesError

__all__ = [
    "STDIN",
    "STDIN_NAME",
    "UsageError",
    "close",
    "documents",
    "open_input",
    "read_all",
    "shown",
]

STDIN = "-"
STDIN_NAME = "<stdin>"


class UsageError(CrmSyncRulesError):
    """A command line that cannot run (exit status 2)."""


def shown(path: str) -> str:
    return STDIN_NAME if path == STDIN else path


def open_input(path: str) -> IO[bytes]:
    """*path* opened once for reading (``-``: standard input)."""
    if path == STDIN:
        return sys.stdin.buffer
    try:
        return Path(path).open("rb")
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None


def close(file: IO[bytes]) -> None:
    if file is not sys.stdin.buffer:
        file.close()


def read_all(path: str) -> bytes:
    """All of *path*, read once: a FIFO or a pipe cannot be read twice."""
    file = open_input(path)
    try:
        return file.read()
    except OSError as exc:
        raise UsageError(f"cannot read {shown(path)}: {exc.strerror}") from None
    finally:
        close(file)


def _opener(path: Path) -> Callable[[], IO[bytes]]:
    return lambda: path.open("rb")


def _folder(given: str, root: Path) -> list[Document]:
    """The files under *root*, every level down, in sorted name order;
    hidden files and folders (a name starting with a dot) are left out."""
    try:
        files = sorted(
            path
            for path in root.rglob("*")
            if not any(part.startswith(".") for part in path.relative_to(root).parts)
            and path.is_file()
        )
    except OSError as exc:
        raise UsageError(f"cannot read {given}: {exc.strerror}") from None
    if not files:
        raise UsageError(f"{given} is a folder with no files to read")
    return [Document(str(path), _opener(path)) for path in files]


def documents(inputs: Sequence[str]) -> list[Document]:
    """The files the command line names, a folder's one by one."""
    documents: list[Document] = []
    for given in inputs:
        if given == STDIN:
            documents.append(Document(STDIN_NAME, read_all(given)))
            continue
        path = Path(given)
        if path.is_dir():
            documents.extend(_folder(given, path))
        elif path.is_file():
            documents.append(Document(given, _opener(path)))
        else:  # a pipe (<(...)), or what cannot be read: `_read` says why
            documents.append(Document(given, read_all(given)))
    return documents
