"""The ``$ crmsync-rules ...`` examples of the docs' console blocks: each
command is run from the repository's root and must print what the page
shows (standard error, then standard output, as on a terminal)."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).with_name("crmsync-rules")


def console_examples(page: Path) -> list[tuple[str, str]]:
    """(command, expected output) pairs of *page*, in page order."""
    pairs: list[tuple[str, str]] = []
    blocks = re.findall(r"```console\n(.*?)```", page.read_text("utf-8"), re.S)
    for block in blocks:
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            pairs.append((command, output))
    return pairs


def run_console(command: str) -> tuple[int, str]:
    """Run a page's *command*; its exit status and what it printed."""
    program, *args = shlex.split(command)
    assert program == "crmsync-rules"
    result = subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, check=False, cwd=ROOT
    )
    # What standard error says of the files read comes first, as on a terminal.
    return result.returncode, result.stderr + result.stdout


def rewrite_console_outputs(page: Path) -> None:
    """Write what each command of *page* prints now into its console block
    (``python tests/console_docs.py docs/PAGE.md``, after a change that is
    meant to change the outputs; the tests then hold them)."""

    def block(match: re.Match[str]) -> str:
        if not re.search(r"^\$ ", match.group(1), flags=re.M):
            return match.group(0)  # commands to type, no output shown
        out = []
        for chunk in re.split(r"^\$ ", match.group(1), flags=re.M)[1:]:
            command, _, _ = chunk.partition("\n")
            out.append(f"$ {command}\n{run_console(command)[1]}")
        return "```console\n" + "".join(out) + "```"

    text = page.read_text("utf-8")
    page.write_text(re.sub(r"```console\n(.*?)```", block, text, flags=re.S), "utf-8")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        rewrite_console_outputs(Path(name))
