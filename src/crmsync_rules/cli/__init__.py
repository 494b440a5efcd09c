"""The command-line layer: files, streams, exit statuses and progress."""
