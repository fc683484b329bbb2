"""Country visits: plan one with its sites and stakeholders, and change it as it happens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from engagement.models import MemberState, Term, User
from engagement.roles import is_staff, staff_write_check
from engagement.services import model_update
from visits.choices import VISIT_TRANSITIONS, VisitStatus
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
    if visit.status == VisitStatus.COMPLETED and visit.start_date and visit.start_date > timezone.localdate():
        errors["status"] = [_("A visit that has not started yet cannot be completed.")]
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


class VisitProtected(Exception):
    """A visit other records still name (commitments welcomed during it) cannot be deleted."""


def visit_delete_check(*, visit: CountryVisit) -> None:
    """Refuse, with what protects it, the deletion of a visit other records depend on.

    The records are found by Django's deletion collector, so visits never imports the apps
    above it that point at a visit (a pledge welcomed during it protects it).
    """
    try:
        Collector(using="default").collect([visit])
    except ProtectedError as error:
        raise VisitProtected(_protected_message(error.protected_objects)) from error


def _protected_message(protected: Iterable[Any]) -> str:
    rows = list(protected)
    names = "; ".join(str(row) for row in rows[:5]) + ("; …" if len(rows) > 5 else "")
    # One placeholder in both forms (`what`: the records' name, singular or plural), so every
    # language's plural forms can use it.
    what = rows[0]._meta.verbose_name if len(rows) == 1 else rows[0]._meta.verbose_name_plural
    return ngettext(
        "This visit cannot be deleted: %(count)d %(what)s names it (%(names)s). "
        "Delete it or move it to another visit first.",
        "This visit cannot be deleted: %(count)d %(what)s name it (%(names)s). "
        "Delete them or move them to another visit first.",
        len(rows),
    ) % {"count": len(rows), "what": what, "names": names}


@transaction.atomic
def visit_delete(*, visit: CountryVisit, by: User | None) -> None:
    """Delete a visit logged by mistake; its history keeps a record of it and of who deleted it.

    Refused (VisitProtected) while a pledge welcomed during it names it. Its sites and
    follow-up actions go with it; meetings held during it stay, no longer naming it.
    """
    staff_write_check(by)
    locked = CountryVisit.objects.select_for_update().get(pk=visit.pk)
    visit_delete_check(visit=locked)
    locked._history_user = by
    locked._change_reason = "Visit deleted"
    try:
        locked.delete()
    except ProtectedError as error:  # A pledge named it between the check and the delete.
        raise VisitProtected(_protected_message(error.protected_objects)) from error


def _transition_check(*, current: str, status: str, values: dict[str, Any], today: dt.date) -> None:
    """The moves staff make on a visit's page, and what each needs of the visit's dates."""
    if status not in VISIT_TRANSITIONS.get(current, ()):
        raise ValidationError(
            {
                "status": [
                    _("A %(current)s visit cannot be marked %(wanted)s.")
                    % {
                        "current": VisitStatus(current).label.lower(),
                        "wanted": VisitStatus(status).label.lower(),
                    }
                ]
            }
        )
    errors: dict[str, list[str]] = {}
    if status == VisitStatus.COMPLETED:
        if values["start_date"] > today:
            errors["start_date"] = [_("A visit that has not started yet cannot be completed.")]
        elif values["end_date"] > today:
            errors["end_date"] = [_("A completed visit has ended: its last day is today at the latest.")]
        if not values["summary"].strip():
            errors["summary"] = [_("Say in a few words what came of the visit.")]
    if status == VisitStatus.CONFIRMED and values["end_date"] < today:
        errors["end_date"] = [_("A visit that has already ended cannot be confirmed; complete it instead.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def visit_transition(
    *,
    visit: CountryVisit,
    status: str,
    by: User | None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    summary: str | None = None,
    children_met: int | None = None,
    sites: Iterable[dict[str, Any]] | None = None,
    stakeholder_categories: Iterable[Term] | None = None,
) -> CountryVisit:
    """Confirm, complete, cancel or re-plan a visit, with the dates (and outcome) that go with it.

    The moves allowed are `VISIT_TRANSITIONS`: a completed visit is final here. Completing needs
    the visit to have started and ended (its actual dates) and an outcome summary; confirming
    needs it not to have ended. Values left None keep the visit's current ones.
    """
    staff_write_check(by)
    locked = CountryVisit.objects.select_for_update().get(pk=visit.pk)
    given = {"start_date": start_date, "end_date": end_date, "summary": summary, "children_met": children_met}
    data: dict[str, Any] = {field: value for field, value in given.items() if value is not None}
    values = {field: data.get(field, getattr(locked, field)) for field in given}
    _transition_check(current=locked.status, status=status, values=values, today=timezone.localdate())
    data["status"] = status
    if stakeholder_categories is not None:
        data["stakeholder_categories"] = list(stakeholder_categories)
    if sites is not None:
        data["sites"] = list(sites)
    return visit_update(visit=locked, data=data, by=by)
