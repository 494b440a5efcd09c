"""Installation (INST): whether the integration can be installed on a
Salesforce org (`check_installation`).
"""

from .rules._inst import (
    MULTI_PORTAL_CONNECTOR_VERSION,
    InstallationCheck,
    check_installation,
)

__all__ = [
    "MULTI_PORTAL_CONNECTOR_VERSION",
    "InstallationCheck",
    "check_installation",
]
