"""The composition: the entry of one record, from the rules' decisions
about it and what the index (`PlanIndex`) knows of the other records.

Each record type has its method; each builds its entry with one typed call
(`entry`). The owner outcome of every record that syncs is decided in one
place, `Owners.of_hubspot` and `Owners.of_salesforce` (planner/_owners.py:
sent across, OWN-6 for a new record, OWN-7 for a pair's first sync), and
the sentences of the rules (CN-3, DUP-1, ERR-1) come from their rules
modules: the composition cites no rule itself.
"""

from __future__ import annotations

from typing import cast

from crmsync_rules.model._hubspot import (
    HubSpotCompany,
    HubSpotContact,
    HubSpotDeal,
    HubSpotOwner,
    LifecycleStage,
)
from crmsync_rules.model._salesforce import (
    SalesforceAccount,
    SalesforceContact,
    SalesforceLead,
    SalesforceObject,
    SalesforceOpportunity,
    SalesforceQueue,
    SalesforceUser,
)
from crmsync_rules.model._salesforce_ids import salesforce_id_key
from crmsync_rules.model._settings import ContactCreation
from crmsync_rules.model._snapshot import Record
from crmsync_rules.rules._cn import (
    account_not_synced,
    company_name_sync,
    company_not_synced,
)
from crmsync_rules.rules._co import account_creation
from crmsync_rules.rules._deal import deal_contacts, deal_sync, new_deal_sync
from crmsync_rules.rules._dup import (
    DuplicateOutcome,
    other_form,
    person_account_reasons,
)
from crmsync_rules.rules._dup_index import NewContact
from crmsync_rules.rules._err import classify_sync_error
from crmsync_rules.rules._lc import lifecycle_rank
from crmsync_rules.rules._opt import (
    OptOutDecision,
    OptOutEvent,
    OptOutState,
    apply_optout,
)
from crmsync_rules.rules._own import (
    OwnerSyncDirection,
    map_owner,
    salesforce_owner_status,
)
from crmsync_rules.rules._pa import salesforce_record_for, sync_person_account
from crmsync_rules.rules._sync import (
    SyncAction,
    SyncTrigger,
    prospective_contact,
    should_sync,
)

from ._entries import SYNCING_ACTIONS, PlanAction, PlanEntry, entry, record_label
from ._index import PlanIndex
from ._pairs import Person, address_reasons, as_synced, pair_optout

__all__ = ["Composer"]

_TO_HUBSPOT = OwnerSyncDirection.TO_HUBSPOT
_TO_SALESFORCE = OwnerSyncDirection.TO_SALESFORCE
_ACCOUNT = SalesforceObject.ACCOUNT
_OPPORTUNITY = SalesforceObject.OPPORTUNITY


class Composer(PlanIndex):
    """The index of a snapshot, and the entry of each of its records."""

    def entry_of(self, record: Record) -> PlanEntry:
        """The entry of *record*, one that can be decided."""
        if isinstance(record, HubSpotContact):
            return self._hubspot_contact(record)
        if isinstance(record, HubSpotCompany):
            return self._hubspot_company(record)
        if isinstance(record, HubSpotDeal):
            return self._hubspot_deal(record)
        if isinstance(record, HubSpotOwner):
            owner = map_owner(
                record.id, direction=_TO_SALESFORCE, owners=self.owners.directory
            )
            return entry(record, PlanAction.REFERENCE, owner.reasons, owner=owner)
        if isinstance(record, SalesforceLead | SalesforceContact):
            return self._salesforce_person(record)
        if isinstance(record, SalesforceAccount):
            return self._salesforce_account(record)
        if isinstance(record, SalesforceOpportunity):
            return self._salesforce_opportunity(record)
        return self._salesforce_owner(record)

    def _hubspot_contact(self, contact: HubSpotContact) -> PlanEntry:
        decision = should_sync(
            contact, settings=self.settings, trigger=SyncTrigger.HUBSPOT_CHANGE
        )
        reasons = list(decision.reasons)
        target_type: str | None = None
        target_id: str | None = None
        optout: OptOutDecision | None = None
        lifecycle: LifecycleStage | None = None
        members, lost = self._members(contact)
        reasons.extend(reason for _, reason in lost)
        related = [linked_id for linked_id, _ in lost]
        partner: Person | None = None
        created: SalesforceObject | None = None
        if members:
            kind, target_id, partner, linked = members[0]
            if not linked:
                reasons.extend(self._person_match(cast("Person", partner)).reasons)
            elif partner is not None:  # named in its other form? (DUP-7)
                name = f"contact {contact.id!r}"
                reasons.extend(other_form(kind, partner.id, target_id, name))
            target_type = f"salesforce_{kind.value.lower()}"
            related[:0] = [member_id for _, member_id, _, _ in members[1:]]
            action = PlanAction.SYNC if decision.syncing else PlanAction.SKIP
            for _, member_id, record, linked in members:
                # The record's id as it writes it, as its own entry does (DUP-7).
                salesforce_id = member_id if record is None else record.id
                optout = pair_optout(
                    contact, salesforce_id, record, linked, settings=self.settings
                )
                if optout is not None:
                    break
        elif lost:
            action = PlanAction.SKIP
        elif decision.syncing:
            new = salesforce_record_for(contact, settings=self.settings)
            reasons.extend(new.reasons)
            created = new.salesforce_object
            target_type = f"salesforce_{created.value.lower()}"
            action = PlanAction.CREATE_IN_SALESFORCE
            if contact.unsubscribed:
                state = OptOutState.never_synced(
                    contact_id=contact.id,
                    hubspot_unsubscribed=True,
                    salesforce_opted_out=False,
                )
                optout = apply_optout(state, OptOutEvent.SYNCED, syncing=True)
        else:
            action = PlanAction.SKIP
        owner = None
        if action in SYNCING_ACTIONS:
            if contact.company and contact.company.strip():
                reasons.extend(
                    company_name_sync(
                        as_synced(contact, members[0] if members else None),
                        settings=self.settings,
                    ).reasons
                )
            last = partner.owner_id if partner is not None else None
            # Deduping into an existing record is the pair's first sync.
            first = partner is not None and not members[0][3]
            owner = self.owners.of_hubspot(
                reasons, contact.owner_id, last, created=created, first=first
            )
        if optout is not None:
            reasons.extend(optout.reasons)
        # An address change? (OPT-6; `latest`, as `in` raises inside when not.)
        if contact.history.latest("email") is not None:
            changed = address_reasons(
                contact, members[0] if members else None, settings=self.settings
            )
            reasons.extend(r for r in changed if r not in reasons)
        for decided in self.lifecycle_of.get(contact.id, ()):
            # Several opportunities may give one reason (LC-1's mapping).
            reasons.extend(r for r in decided.reasons if r not in reasons)
            if contact.id in decided.contact_ids:
                # LC-5: of several opportunities, the latest stage stands.
                if lifecycle_rank(decided.stage) > lifecycle_rank(lifecycle):
                    lifecycle = decided.stage
                related.append(decided.opportunity_id)
        return entry(
            contact,
            action,
            reasons,
            target_type=target_type,
            target_id=target_id,
            related=tuple(related),
            owner=owner,
            optout=optout,
            lifecycle=lifecycle,
        )

    def _hubspot_company(self, company: HubSpotCompany) -> PlanEntry:
        match = self.account_into.get(company.id)
        account_id = company.salesforce_account_id
        lost = self._lost_to_another(SalesforceObject.ACCOUNT, account_id, company.id)
        if lost is not None:
            reason, linked = lost
            return entry(company, PlanAction.SKIP, [reason], related=(linked,))
        related: tuple[str, ...] = ()
        first_sync = account_id is None and match is not None
        if match is not None and first_sync:
            account_id = match.salesforce_id
            reasons = list(match.reasons)
            action = PlanAction.SYNC
        else:
            members = sorted(self.members.get(company.id, ()), key=lambda c: c.id)
            creation = account_creation(
                company, contacts=members, settings=self.settings
            )
            reasons = list(creation.reasons)
            if account_id is not None:
                action = (
                    PlanAction.SYNC if self.settings.account_sync else PlanAction.SKIP
                )
            elif creation.create:
                action = PlanAction.CREATE_IN_SALESFORCE
                related = tuple(filter(None, [creation.contact_id]))
            else:
                action = PlanAction.SKIP
        target_type = None
        if account_id is not None or action is PlanAction.CREATE_IN_SALESFORCE:
            target_type = "salesforce_account"
        if action is PlanAction.SKIP and account_id is not None:
            reasons.append(company_not_synced(company.id, account_id))
        owner = None
        if action in SYNCING_ACTIONS:
            account = self.accounts.get(account_id) if account_id else None
            last = account.owner_id if account is not None else None
            new = _ACCOUNT if action is PlanAction.CREATE_IN_SALESFORCE else None
            owner = self.owners.of_hubspot(
                reasons, company.owner_id, last, created=new, first=first_sync
            )
        return entry(
            company,
            action,
            reasons,
            target_type=target_type,
            target_id=account_id,
            related=related,
            owner=owner,
        )

    def _hubspot_deal(self, deal: HubSpotDeal) -> PlanEntry:
        result = deal_sync(deal, settings=self.settings)
        reasons = list(result.reasons)
        opportunity_id = deal.salesforce_opportunity_id
        lost = self._lost_to_another(
            SalesforceObject.OPPORTUNITY, opportunity_id, deal.id
        )
        if lost is not None:
            reason, linked = lost
            reasons.append(reason)
            return entry(deal, PlanAction.SKIP, reasons, related=(linked,))
        if not result.syncs:
            action = PlanAction.SKIP
        elif opportunity_id is not None:
            action = PlanAction.SYNC
        else:
            action = PlanAction.CREATE_IN_SALESFORCE
        target_type = None
        if opportunity_id is not None or action is PlanAction.CREATE_IN_SALESFORCE:
            target_type = "salesforce_opportunity"
        owner = None
        if action in SYNCING_ACTIONS:
            opportunity = (
                self.opportunities.get(opportunity_id) if opportunity_id else None
            )
            last = opportunity.owner_id if opportunity is not None else None
            new = _OPPORTUNITY if action is PlanAction.CREATE_IN_SALESFORCE else None
            owner = self.owners.of_hubspot(reasons, deal.owner_id, last, created=new)
        return entry(
            deal,
            action,
            reasons,
            target_type=target_type,
            target_id=opportunity_id,
            owner=owner,
        )

    def _salesforce_person(self, record: Person) -> PlanEntry:
        creating = self.settings.contact_creation is not ContactCreation.DONT_CREATE
        match = self._person_match(record, creating)
        reasons = list(match.reasons)
        if match.outcome is DuplicateOutcome.REJECTED:
            classification = classify_sync_error(
                "INVALID_EMAIL_ADDRESS", record=record_label(record)
            )
            return entry(
                record, PlanAction.REJECTED, (*reasons, *classification.reasons)
            )
        target_type: str | None = None
        target_id: str | None = None
        related: tuple[str, ...] = ()
        optout: OptOutDecision | None = None
        existing = self.contacts.get(match.hubspot_id) if match.hubspot_id else None
        linked = match.outcome is DuplicateOutcome.LINKED
        if existing is not None:
            # Linked, or deduping into an existing contact whatever contact
            # creation says (SYNC-6): the pair's opt-out is one decision,
            # shown on both entries.
            decision = should_sync(
                existing,
                settings=self.settings,
                trigger=SyncTrigger.SALESFORCE_UPDATED
                if linked
                else SyncTrigger.SALESFORCE_MATCHED,
            )
            if decision.syncing:
                action = PlanAction.SYNC if linked else PlanAction.DEDUPE
            elif decision.action is SyncAction.CREATE_ONLY:
                action = PlanAction.CREATE_ONLY
            else:
                action = PlanAction.SKIP
            target_type, target_id = "hubspot_contact", existing.id
            optout = pair_optout(
                existing, record.id, record, linked, settings=self.settings
            )
        else:
            creator: Person = record
            if match.same_as is not None:
                shared = cast("NewContact", self.duplicates.resolution(record))
                creator = shared.creator
                related = (match.same_as,)
            contact = prospective_contact(creator)
            decision = should_sync(
                contact, settings=self.settings, trigger=SyncTrigger.SALESFORCE_CREATED
            )
            if decision.action is SyncAction.SYNC:
                deduped = match.outcome is DuplicateOutcome.DEDUPED
                action = PlanAction.DEDUPE if deduped else PlanAction.CREATE_IN_HUBSPOT
            elif decision.action is SyncAction.CREATE_ONLY:
                action = PlanAction.CREATE_ONLY
            else:
                action = PlanAction.NOT_CREATED
            if action is not PlanAction.NOT_CREATED:
                target_type = "hubspot_contact"
                if record.has_opted_out_of_email:
                    state = OptOutState.never_synced(
                        contact_id=contact.id,
                        salesforce_id=record.id,
                        hubspot_unsubscribed=False,
                        salesforce_opted_out=True,
                    )
                    optout = apply_optout(
                        state, OptOutEvent.SYNCED, syncing=decision.syncing
                    )
        reasons.extend(decision.reasons)
        owner = None
        if action in SYNCING_ACTIONS or action is PlanAction.CREATE_ONLY:
            # Deduping into an existing contact is the pair's first sync
            # (OWN-7): one decision, shown on both entries.
            hubspot = existing.owner_id if existing is not None else None
            first = existing is not None and not linked
            owner = self.owners.of_salesforce(
                reasons, record.owner_id, hubspot, first=first
            )
        if optout is not None:
            reasons.extend(optout.reasons)
        if existing is not None and existing.history.latest("email") is not None:
            partner = self._members(existing)[0]  # the contact's partner? (OPT-6)
            if partner and partner[0][2] is record:
                changed = address_reasons(existing, partner[0], settings=self.settings)
                reasons.extend(r for r in changed if r not in reasons)
        return entry(
            record,
            action,
            reasons,
            target_type=target_type,
            target_id=target_id,
            related=related,
            owner=owner,
            optout=optout,
        )

    def _salesforce_account(self, account: SalesforceAccount) -> PlanEntry:
        match = self._match_of(SalesforceObject.ACCOUNT, account.id)
        target_type: str | None = None
        target_id: str | None = None
        account_sync = self.settings.account_sync
        linked = match.outcome is DuplicateOutcome.LINKED
        if linked:
            reasons = list(match.reasons)
            target_type, target_id = "hubspot_company", match.hubspot_id
            action = PlanAction.SYNC if account_sync else PlanAction.SKIP
        elif account.is_person_account:
            result = sync_person_account(account, settings=self.settings)
            reasons = person_account_reasons(
                match, creates_company=result.creates_company
            )
            reasons.extend(result.reasons)
            if result.creates_company or result.creates_contact:
                action = PlanAction.CREATE_IN_HUBSPOT
                target_type = (
                    "hubspot_company" if result.creates_company else "hubspot_contact"
                )
            else:
                action = PlanAction.SKIP
        elif not account_sync:
            reasons = []
            action = PlanAction.SKIP
        else:
            reasons = list(match.reasons)
            target_type = "hubspot_company"
            if match.outcome is DuplicateOutcome.DEDUPED:
                action = PlanAction.DEDUPE
                target_id = match.hubspot_id
            else:
                action = PlanAction.CREATE_IN_HUBSPOT
        if not account_sync and (linked or not account.is_person_account):
            reasons.append(account_not_synced(account.id))
        owner = None
        if action in SYNCING_ACTIONS:
            first = action is PlanAction.DEDUPE  # the pair's first sync (OWN-7)
            company = self.companies.get(target_id) if first and target_id else None
            hubspot = company.owner_id if company is not None else None
            owner = self.owners.of_salesforce(
                reasons, account.owner_id, hubspot, first=first
            )
        return entry(
            account,
            action,
            reasons,
            target_type=target_type,
            target_id=target_id,
            owner=owner,
        )

    def _salesforce_opportunity(self, opportunity: SalesforceOpportunity) -> PlanEntry:
        match = self._match_of(SalesforceObject.OPPORTUNITY, opportunity.id)
        deal = self.deals.get(match.hubspot_id) if match.hubspot_id else None
        target_type: str | None = None
        target_id: str | None = None
        if deal is not None:
            result = deal_sync(deal, settings=self.settings)
            reasons = [*match.reasons, *result.reasons]
            action = PlanAction.SYNC if result.syncs else PlanAction.SKIP
            target_type, target_id = "hubspot_deal", deal.id
        else:
            # A new deal: DUP-5's "creates a HubSpot deal" holds only when
            # the deal is created.
            result = new_deal_sync(opportunity, self.settings)
            reasons = [*match.reasons] if result.syncs else []
            reasons.extend(result.reasons)
            if result.syncs:
                action = PlanAction.CREATE_DEAL
                target_type = "hubspot_deal"
            else:
                action = PlanAction.SKIP
        related: list[str] = []
        if action in SYNCING_ACTIONS:
            roles = {salesforce_id_key(r.contact_id) for r in opportunity.contact_roles}
            people = [h for c in sorted(roles) for h in self.by_sf_contact.get(c, ())]
            joined = deal_contacts(opportunity, contacts=people)
            reasons.extend(joined.reasons)
            related.extend(joined.contact_ids)
        decided = self.lifecycles.get(opportunity.id)
        lifecycle: LifecycleStage | None = None
        if decided is not None:
            reasons.extend(decided.reasons)
            related.extend(decided.contact_ids)
            # LC-4: an open opportunity shows Opportunity only when it moves
            # someone (a Customer on it stays, LC-5); a Closed/Won one shows
            # the stage it decides, as it has since LC-2.
            if decided.contact_ids or opportunity.is_closed_won:
                lifecycle = decided.stage
        owner = None
        if action in SYNCING_ACTIONS:
            owner = self.owners.of_salesforce(reasons, opportunity.owner_id)
        return entry(
            opportunity,
            action,
            reasons,
            target_type=target_type,
            target_id=target_id,
            related=tuple(dict.fromkeys(related)),
            owner=owner,
            lifecycle=lifecycle,
        )

    def _salesforce_owner(self, owner: SalesforceUser | SalesforceQueue) -> PlanEntry:
        status = salesforce_owner_status(
            owner,
            imported=False,
            owns_synced_record=self.owner_ids.owns_synced(owner.id),
        )
        reasons = list(status.reasons)
        decision = None
        if status.counts:
            decision = map_owner(
                owner.id, direction=_TO_HUBSPOT, owners=self.owners.directory
            )
            reasons.extend(r for r in decision.reasons if r not in reasons)
        return entry(owner, PlanAction.REFERENCE, reasons, owner=decision)
