"""Every write on pledges, reports and Alliance records that does more than save one row."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.roles import is_staff, staff_write_check
from pledges.choices import FINAL_STATUSES, Milestone, PledgeOrigin, PledgeStatus, Verdict
from pledges.models import AllianceMembership, AllianceMilestone, Pledge, ProgressReport, ReportVerification
from pledges.selectors import etag_matches, pledge_etag
from pledges.signals import report_disputed

if TYPE_CHECKING:
    from collections.abc import Iterable

    from engagement.models import Term, User


# Changing these moves the report cycle; the next due date is recomputed from them.
CYCLE_FIELDS = frozenset({"made_on", "reporting_interval_days"})


class PledgeVersionMismatch(Exception):
    """The caller edited a version of the pledge that is no longer the current one."""


class PledgeHasReports(Exception):
    """A pledge with progress reports cannot be deleted: the reports are its public record."""


def _pledge_check(pledge: Pledge) -> None:
    pledge_status_check(status=pledge.status, progress=pledge.progress)
    if pledge.origin == PledgeOrigin.COUNTRY_VISIT and not pledge.visit_id:
        raise ValidationError({"visit": [_("A pledge welcomed during a country visit names the visit.")]})
    if pledge.visit_id and pledge.visit.member_state_id != pledge.member_state_id:
        raise ValidationError({"visit": [_("This visit was to another Member State.")]})
    pledge.full_clean(exclude=["sdg_targets", "strategy_tags"])


def _schedule_next_report(pledge: Pledge) -> None:
    reported_on = timezone.localdate(pledge.last_reported_at) if pledge.last_reported_at else None
    pledge.next_report_due = next_report_due_after(reported_on or pledge.made_on, pledge)


@transaction.atomic
def pledge_create(*, by: User, sdg_targets: Iterable[Term] = (), **fields: Any) -> Pledge:
    """Record a pledge; its first report falls due one reporting interval after it was made."""
    staff_write_check(by)
    pledge = Pledge(**fields)
    if pledge.made_on is None:
        pledge.made_on = timezone.localdate()
    _schedule_next_report(pledge)
    _pledge_check(pledge)
    pledge._history_user = by
    pledge._change_reason = "Pledge recorded"
    pledge.save()
    if sdg_targets:
        pledge.sdg_targets.set(sdg_targets)
    return pledge


@transaction.atomic
def pledge_update(
    *,
    pledge: Pledge,
    by: User,
    changes: dict[str, Any],
    if_match: Iterable[str] | None = None,
) -> Pledge:
    """Apply staff edits to a pledge, refusing them if `if_match` names an outdated version.

    Without `if_match` the edit is applied unconditionally (last write wins).
    """
    staff_write_check(by)
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if if_match is not None and not etag_matches(pledge_etag(locked), if_match):
        raise PledgeVersionMismatch
    changes = dict(changes)
    sdg_targets = changes.pop("sdg_targets", None)
    for name, value in changes.items():
        setattr(locked, name, value)
    if CYCLE_FIELDS & changes.keys():
        _schedule_next_report(locked)
    _pledge_check(locked)
    locked._history_user = by
    locked._change_reason = "Pledge edited"
    locked.save()
    if sdg_targets is not None and {term.pk for term in sdg_targets} != set(
        locked.sdg_targets.values_list("pk", flat=True)
    ):
        locked.sdg_targets.set(sdg_targets)
        # A change of targets alone must change the ETag too; history already has this change.
        locked.updated_at = timezone.now()
        Pledge.objects.filter(pk=locked.pk).update(updated_at=locked.updated_at)
    return locked


@transaction.atomic
def pledge_delete(*, pledge: Pledge, by: User) -> None:
    """Delete a pledge recorded in error; one with progress reports stays (they are protected)."""
    staff_write_check(by)
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if locked.reports.exists():
        raise PledgeHasReports
    locked._history_user = by
    locked._change_reason = "Pledge deleted"
    locked.delete()


if TYPE_CHECKING:
    from engagement.models import User


def pledge_status_check(*, status: str, progress: int) -> None:
    """Refuse a status and progress that contradict each other: achieved means 100%."""
    if status == PledgeStatus.ACHIEVED and progress != 100:
        raise ValidationError({"progress": [_("An achieved pledge has progress 100.")]})


def pledge_transition_check(*, pledge: Pledge, by: User, status: str, progress: int) -> None:
    """Refuse a report that moves a pledge where its author may not take it.

    Achieved and withdrawn are final for focal points: only staff reopen such a pledge (a focal
    point may still report again with the same final status, e.g. to add evidence).
    """
    pledge_status_check(status=status, progress=progress)
    if pledge.status in FINAL_STATUSES and status != pledge.status and not is_staff(by):
        raise ValidationError(
            {
                "status": [
                    _("This pledge is %(status)s; only the Office can reopen it.")
                    % {"status": pledge.get_status_display().lower()}
                ]
            }
        )


def next_report_due_after(day: dt.date, pledge: Pledge) -> dt.date:
    """The next report falls one reporting interval after `day`."""
    return day + dt.timedelta(days=pledge.reporting_interval_days)


@transaction.atomic
def pledge_report_progress(
    *,
    pledge: Pledge,
    by: User,
    status: str,
    progress: int,
    narrative: str,
    evidence_url: str = "",
) -> ProgressReport:
    """Record a progress report and move the pledge to its status, progress and next due date.

    Staff report on any pledge, a focal point only on its own State's. The pledge row is locked
    so two reports at once cannot both read the same due date.
    """
    locked = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if not Pledge.objects.reportable_by(by).filter(pk=locked.pk).exists():
        raise PermissionDenied(_("You can only report on your own State's pledges."))
    pledge_transition_check(pledge=locked, by=by, status=status, progress=progress)

    now = timezone.now()
    report = ProgressReport(
        pledge=locked,
        status=status,
        progress=progress,
        narrative=narrative,
        evidence_url=evidence_url,
        author=by,
        due_date=locked.next_report_due,
        created_at=now,
    )
    report.full_clean(exclude=["pledge", "author"])
    report.save()

    locked.status = status
    locked.progress = progress
    locked.last_reported_at = now
    locked.next_report_due = next_report_due_after(timezone.localdate(now), locked)
    locked._history_user = by
    locked._change_reason = f"Progress report {report.pk}"
    locked.save(update_fields=["status", "progress", "last_reported_at", "next_report_due", "updated_at"])
    report.pledge = locked
    return report


@transaction.atomic
def report_verify(*, report: ProgressReport, by: User, verdict: str, note: str = "") -> ReportVerification:
    """Record a staff verdict on a progress report; a dispute is e-mailed to the report's author."""
    if not is_staff(by):
        raise PermissionDenied(_("Only the Office verifies progress reports."))
    if verdict not in Verdict.values:
        raise ValidationError({"verification": [_("Choose verified or disputed.")]})
    verification = ReportVerification(report=report, verdict=verdict, note=note, verified_by=by)
    verification.save()
    if verdict == Verdict.DISPUTED:
        report_disputed.send(sender=ReportVerification, verification=verification)
    return verification


if TYPE_CHECKING:
    from engagement.models import User


@transaction.atomic
def membership_milestone_tick(
    *, membership: AllianceMembership, code: str, done_on: dt.date, by: User
) -> AllianceMilestone:
    """Mark one of a member's five Pathfinding milestones done on a date (not in the future).

    Staff tick any member's milestones, a focal point only its own State's.
    """
    if not AllianceMembership.objects.actionable_by(by).filter(pk=membership.pk).exists():
        raise PermissionDenied(_("You can only mark your own State's milestones."))
    if code not in Milestone.values:
        raise ValidationError({"code": [_("Unknown milestone '%(code)s'.") % {"code": code}]})
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": [_("A milestone cannot be done in the future.")]})
    milestone = AllianceMilestone.objects.select_for_update().filter(
        membership=membership, code=code
    ).first() or AllianceMilestone(membership=membership, code=code)
    milestone.done_on = done_on
    milestone._history_user = by
    milestone.save()
    return milestone
