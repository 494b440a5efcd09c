"""``python -m crmsync_rules``: the command-line tool."""

from .cli._main import main

if __name__ == "__main__":
    raise SystemExit(main())
