"""The command-line layer, the tool ``crmsync-rules``. Everything that
touches files, streams and exit statuses lives here, outside the pure core;
the decisions come from the planner, and this layer only reads inputs and
formats what it returns.

Each input is read once (a FIFO or a pipe cannot be read twice; ``-`` is
standard input), and a record that cannot be read costs only itself: it
reaches the planner as an `UnreadableLine` and the plan rejects it (ERR-1),
whatever the input's format. A file of another shape than its option takes
(a HubSpot page given as the snapshot, a CSV export...) is refused with the
option that takes it; an export whose pages say more records follow is
refused unless ``--allow-partial`` accepts a plan labelled partial.

Exit statuses: 0 for a clean result; 1 when the plan holds rejected records
or an error-level finding (``plan``, ``lint``, ``explain`` of a rejected
record), or ``validate`` finds records ``plan`` would reject; 2 when the
input cannot be used at all (unreadable, not JSON, another shape than its
option takes, nested too deeply, settings invalid, an incomplete export
without ``--allow-partial``, a usage error such as an unknown record id for
``explain``).

Its modules: `_inputs` (reading files and standard input), `_stream` (the
plan the commands share), `_output` (text, JSON and NDJSON, explanations),
`_parser` (arguments, help, examples), `_main` (the commands and `main`).
"""
