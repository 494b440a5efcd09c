"""Write a synthetic NDJSON export for the planner: N HubSpot records and N
Salesforce records (a stand-in until the project's generator lands).

    python benchmarks/generate_plan_input.py 1000000 > /tmp/plan-1m.ndjson

The mix: HubSpot contacts (every tenth linked to a Salesforce contact, a
third sharing an address with a Salesforce lead), companies and owners;
Salesforce leads, contacts on accounts, opportunities (a quarter Closed/Won
with a contact role) and users. Deterministic for a given N.
"""

from __future__ import annotations

import json
import random
import sys


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rnd = random.Random(20240108)
    out = sys.stdout
    write = out.write

    def line(**fields: object) -> None:
        write(json.dumps(fields, separators=(",", ":")) + "\n")

    line(
        type="settings",
        integrated_on="2016-05-10",
        contact_creation="create",
        new_records_as="Contact",
        account_sync=True,
        automatic_lifecycle_transitions=True,
        lifecycle_stage_sync=True,
        deal_sync=True,
        synced_pipelines=["default"],
        mappings=[
            {
                "hubspot_object": "contacts",
                "hubspot_property": "lifecyclestage",
                "hubspot_type": "select",
                "salesforce_object": "Contact",
                "salesforce_field": "HubSpot_Lifecycle_Stage__c",
                "salesforce_type": "picklist",
                "rule": "two_way",
            }
        ],
    )
    owners = 100
    companies = n // 20
    hubspot_contacts = n - owners - companies
    users = 100
    accounts = n // 20
    opportunities = n // 20
    sf_contacts = n // 4
    leads = n - users - accounts - opportunities - sf_contacts
    stages = ["subscriber", "lead", "marketingqualifiedlead", "opportunity", "customer"]
    for i in range(owners):
        line(type="hubspot_owner", id=f"{i + 1}", email=f"owner{i}@acme-corp.com",
             first_name="Owner", last_name=f"N{i}")
    for i in range(companies):
        company = {"type": "hubspot_company", "id": f"c{i}", "name": f"Company {i}"}
        if i % 2 == 0 and i // 2 < accounts:
            company["salesforce_account_id"] = f"001{i // 2:012d}"
        line(**company)
    for i in range(hubspot_contacts):
        contact: dict[str, object] = {
            "type": "hubspot_contact",
            "id": f"{1000 + i}",
            "email": f"person{i}@example{i % 97}.com",
            "first_name": "First",
            "last_name": f"Last{i}",
            "lifecycle_stage": stages[i % len(stages)],
            "owner_id": f"{i % owners + 1}",
            "company_ids": [f"c{i % companies}"],
            "unsubscribed": i % 50 == 0,
        }
        if i % 10 == 0 and i // 10 < sf_contacts:
            contact["salesforce_contact_id"] = f"003{i // 10:012d}"
        line(**contact)
    for i in range(users):
        line(type="salesforce_user", id=f"005{i:012d}", email=f"owner{i}@acme-corp.com",
             first_name="Owner", last_name=f"N{i}")
    for i in range(accounts):
        line(type="salesforce_account", id=f"001{i:012d}", name=f"Account {i}",
             owner_id=f"005{i % users:012d}")
    for i in range(sf_contacts):
        line(type="salesforce_contact", id=f"003{i:012d}",
             email=f"person{i * 10}@example{i * 10 % 97}.com",
             last_name=f"Last{i * 10}", account_id=f"001{i % accounts:012d}",
             owner_id=f"005{i % users:012d}")
    for i in range(leads):
        shared = i % 3 == 0
        email = (
            f"person{i + 1}@example{(i + 1) % 97}.com"
            if shared
            else f"lead{i}@startup{i % 89}.io"
        )
        line(type="salesforce_lead", id=f"00Q{i:012d}", email=email,
             last_name=f"Lead{i}", company=f"Startup {i % 500}",
             owner_id=f"005{i % users:012d}",
             has_opted_out_of_email=rnd.random() < 0.02)
    for i in range(opportunities):
        won = i % 4 == 0
        opportunity: dict[str, object] = {
            "type": "salesforce_opportunity",
            "id": f"006{i:012d}",
            "name": f"Deal {i}",
            "account_id": f"001{i % accounts:012d}",
            "owner_id": f"005{i % users:012d}",
            "is_closed": won,
            "is_won": won,
        }
        if won:
            opportunity["contact_roles"] = [{"contact_id": f"003{i % sf_contacts:012d}"}]
        line(**opportunity)


if __name__ == "__main__":
    main()
