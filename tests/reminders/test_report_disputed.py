"""Report disputed: the report's author is e-mailed once, with a link to send a corrected report."""

from __future__ import annotations

from django.utils import timezone

from pledges.choices import Verdict
from pledges.models import ReportVerification
from reminders.choices import ReminderRule
from reminders.models import Reminder
from reminders.recording import reminder_report_disputed
from tests.factories import PledgeFactory, ProgressReportFactory, state


def test_the_author_of_a_disputed_report_is_emailed_once(
    staff, focal_ken, django_capture_on_commit_callbacks, mailoutbox, settings
):
    pledge = PledgeFactory(member_state=state("KEN"))
    report = ProgressReportFactory(pledge=pledge, author=focal_ken)
    verification = ReportVerification.objects.create(
        report=report, verdict=Verdict.DISPUTED, note="The county list is missing.", verified_by=staff
    )
    with django_capture_on_commit_callbacks(execute=True):
        reminder_report_disputed(verification.pk)
        reminder_report_disputed(verification.pk)

    [message] = mailoutbox
    assert message.to == ["kamau@example.org"]
    assert "The county list is missing." in message.body
    assert f"{settings.SITE_URL}/pledges/{pledge.pk}/report/" in message.body
    reminder = Reminder.objects.get()
    assert (reminder.rule, reminder.due_date) == (ReminderRule.REPORT_DISPUTED, timezone.localdate())
