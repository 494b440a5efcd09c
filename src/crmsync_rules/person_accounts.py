"""Person accounts (PA): how a contact syncs with an org that uses person
accounts (`sync_person_account`), lead conversion, and which Salesforce
record a new contact becomes.
"""

from .rules._pa import (
    AccountKind,
    LeadConversion,
    NewSalesforceRecord,
    PersonAccountSync,
    convert_lead,
    salesforce_record_for,
    sync_person_account,
)

__all__ = [
    "AccountKind",
    "LeadConversion",
    "NewSalesforceRecord",
    "PersonAccountSync",
    "convert_lead",
    "salesforce_record_for",
    "sync_person_account",
]
