"""Country visits: plan one with its sites and stakeholders, and change it as it happens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from engagement.models import MemberState, Term, User
from engagement.roles import is_staff, staff_write_check
from engagement.services import model_update
from visits.choices import VisitStatus
from visits.models import CountryVisit, VisitSite

VISIT_FIELDS = (
    "member_state",
    "start_date",
    "end_date",
    "kind",
    "status",
    "objectives",
    "summary",
    "children_met",
    "owner",
)


def _check_visit(visit: CountryVisit) -> None:
    """A visit ends on or after it starts, meets a non-negative number of children, has a staff owner."""
    errors: dict[str, list[str]] = {}
    if visit.start_date and visit.end_date and visit.end_date < visit.start_date:
        errors["end_date"] = [_("A visit ends on or after the day it starts.")]
    if visit.children_met is not None and visit.children_met < 0:
        errors["children_met"] = [_("A count of children cannot be negative.")]
    if visit.owner_id is not None and not is_staff(visit.owner):
        errors["owner"] = [_("The owner of a visit is an active staff member.")]
    if errors:
        raise ValidationError(errors)
    visit.full_clean()


def _replace_sites(visit: CountryVisit, sites: Iterable[dict[str, Any]]) -> None:
    new_sites = [VisitSite(visit=visit, **site) for site in sites]
    for index, site in enumerate(new_sites):
        try:
            site.full_clean(exclude=["visit"])
        except ValidationError as error:
            raise ValidationError(
                {
                    "sites": [
                        f"{index}: {field}: {'; '.join(messages)}"
                        for field, messages in error.message_dict.items()
                    ]
                }
            ) from error
    visit.sites.all().delete()
    VisitSite.objects.bulk_create(new_sites)


def _save(
    visit: CountryVisit,
    *,
    by: User | None,
    sites: Iterable[dict[str, Any]] | None,
    stakeholder_categories: Iterable[Term] | None,
) -> CountryVisit:
    _check_visit(visit)
    if by is not None:
        visit._history_user = by  # simple_history records who made the change.
    visit.save()
    if sites is not None:
        _replace_sites(visit, sites)
    if stakeholder_categories is not None:
        visit.stakeholder_categories.set(stakeholder_categories)
    return visit


@transaction.atomic
def visit_create(
    *,
    member_state: MemberState,
    start_date: dt.date,
    end_date: dt.date,
    kind: str,
    status: str = VisitStatus.PLANNED,
    objectives: str = "",
    summary: str = "",
    children_met: int = 0,
    owner: User | None = None,
    sites: Iterable[dict[str, Any]] = (),
    stakeholder_categories: Iterable[Term] = (),
    by: User | None = None,
) -> CountryVisit:
    """Plan or record a visit to one State, with the sites seen and the stakeholders met."""
    staff_write_check(by)
    visit = CountryVisit(
        member_state=member_state,
        start_date=start_date,
        end_date=end_date,
        kind=kind,
        status=status,
        objectives=objectives,
        summary=summary,
        children_met=children_met,
        owner=owner,
    )
    return _save(visit, by=by, sites=sites, stakeholder_categories=stakeholder_categories)


@transaction.atomic
def visit_update(*, visit: CountryVisit, data: dict[str, Any], by: User | None = None) -> CountryVisit:
    """Change a visit; `sites` and `stakeholder_categories`, when given, replace the current ones."""
    staff_write_check(by)
    data = dict(data)
    sites = data.pop("sites", None)
    if data.get("stakeholder_categories") is None:
        data.pop("stakeholder_categories", None)
    model_update(
        instance=visit,
        fields=(*VISIT_FIELDS, "stakeholder_categories"),
        data=data,
        by=by,
        clean=_check_visit,
    )
    if sites is not None:
        _replace_sites(visit, sites)
    return visit
