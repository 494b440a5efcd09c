"""The files of an export as a fetch writes them: each page as it arrives,
and the manifests the readers check it by, which are also what a resumed
run continues from.

A page is written to a temporary name and renamed, then the manifest is
rewritten the same way: a run stopped at any moment leaves whole pages and
a manifest that lists only whole pages. A page on disk that its manifest
does not list is written again by the resumed run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["load_json", "write_atomically", "write_json"]


def write_atomically(path: Path, data: bytes) -> None:
    """Write *data* to *path* whole or not at all (a temporary file beside
    it, flushed, then renamed over it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    with open(temporary, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def write_json(path: Path, value: Mapping[str, Any]) -> None:
    """*value* as indented JSON at *path*, atomically."""
    write_atomically(path, (json.dumps(value, indent=1) + "\n").encode())


def load_json(path: Path) -> dict[str, Any] | None:
    """The JSON object at *path*, or None when there is no such file."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return None
    value = json.loads(text)
    return value if isinstance(value, dict) else None
