"""Progress reports and their verification: the status rules of a pledge live here, once."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.roles import is_staff
from engagement.services.reminders import reminder_report_disputed
from pledges.choices import FINAL_STATUSES, PledgeStatus, Verdict
from pledges.models import Pledge, ProgressReport, ReportVerification

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
        transaction.on_commit(partial(reminder_report_disputed, verification_id=verification.pk))
    return verification
