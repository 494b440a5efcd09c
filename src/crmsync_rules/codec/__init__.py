"""The codec layer: strict JSON, the project's own snapshot and NDJSON
formats, and the real APIs' payloads. The only layer that knows JSON."""
