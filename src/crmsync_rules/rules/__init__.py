"""The rules layer: one module per rule family, named after the family's ID
in ../shared/RULES.md (``_sync`` SYNC, ``_dup`` DUP, ``_co`` CO, ``_err``
ERR, ``_fm_types`` and ``_fm_values`` FM...). Each holds every sentence of
its rules. It imports only the model."""
