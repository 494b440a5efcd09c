"""Email opt-out (OPT): how an opt-out travels between the systems
(`apply_optout`), per address (`address_optout`), when a contact's address
changes (`address_change`), and the locked opt-out mappings (in one
call, what a change to them does: `optout_mapping_change`).
"""

from .model._settings import OPT_OUT_MAPPINGS
from .rules._opt import (
    AddressOptOut,
    OptOutDecision,
    OptOutEvent,
    OptOutMappingChange,
    OptOutMappingCheck,
    OptOutState,
    address_optout,
    apply_optout,
    check_optout_mapping,
    optout_mapping_change,
)
from .rules._opt_address import AddressChange, address_change

__all__ = [
    "OPT_OUT_MAPPINGS",
    "AddressChange",
    "AddressOptOut",
    "OptOutDecision",
    "OptOutEvent",
    "OptOutMappingChange",
    "OptOutMappingCheck",
    "OptOutState",
    "address_change",
    "address_optout",
    "apply_optout",
    "check_optout_mapping",
    "optout_mapping_change",
]
