"""``python -m crmsync_rules``: the command-line tool."""

from .cli._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
