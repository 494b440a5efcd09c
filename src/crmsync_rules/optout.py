"""Email opt-out (OPT): how an opt-out travels between the systems
(`apply_optout`), per address, and the locked opt-out mappings.
"""

from .model._settings import OPT_OUT_MAPPINGS
from .rules._opt import (
    AddressOptOut,
    OptOutDecision,
    OptOutEvent,
    OptOutMappingCheck,
    OptOutState,
    address_optout,
    apply_optout,
    check_optout_mapping,
)

__all__ = [
    "OPT_OUT_MAPPINGS",
    "AddressOptOut",
    "OptOutDecision",
    "OptOutEvent",
    "OptOutMappingCheck",
    "OptOutState",
    "address_optout",
    "apply_optout",
    "check_optout_mapping",
]
