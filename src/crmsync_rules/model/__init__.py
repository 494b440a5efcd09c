"""The model layer: records of both systems, the integration settings, the
email key, the rule catalogue and the errors. It imports nothing of the
library's other layers (only the `crmsync_rules.typing` Protocols)."""
