"""Companies and accounts: the company name a contact syncs (CN,
`company_name_sync`) and when a Salesforce account is created (CO,
`account_creation`).
"""

from .rules._cn import CompanyNameSync, company_name_sync
from .rules._co import AccountCreation, account_creation

__all__ = [
    "AccountCreation",
    "CompanyNameSync",
    "account_creation",
    "company_name_sync",
]
