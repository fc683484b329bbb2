"""What reminders does when the apps below it act: connected in RemindersConfig.ready().

As NetBox's circuits/signals.py, the higher app listens and the lower app never calls it; the
e-mail is queued only once the write that caused it has committed.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.db import transaction
from django.dispatch import receiver

from pledges.signals import report_disputed, report_received
from reminders.recording import reminder_report_disputed, reminder_report_received

if TYPE_CHECKING:
    from pledges.models import ProgressReport, ReportVerification


@receiver(report_disputed, dispatch_uid="reminders:report-disputed")
def report_disputed_email(sender, *, verification: ReportVerification, **kwargs) -> None:
    """E-mail the author of a disputed report once the verification has committed."""
    transaction.on_commit(partial(reminder_report_disputed, verification_id=verification.pk))


@receiver(report_received, dispatch_uid="reminders:report-received")
def report_received_email(sender, *, report: ProgressReport, **kwargs) -> None:
    """Tell the Office a progress report awaits its verdict, once the report has committed."""
    transaction.on_commit(partial(reminder_report_received, report_id=report.pk))
