"""Sphinx configuration: MyST Markdown pages, warnings are errors (make docs)."""

from __future__ import annotations

project = "crmsync-rules"
author = "crmsync-rules developers"
copyright = "2026, crmsync-rules developers"
extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_heading_anchors = 3
html_theme = "alabaster"
suppress_warnings = ["myst.xref_missing"]
