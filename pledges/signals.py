"""Signals the pledges app sends for the apps above it to act on; it never calls them itself."""

from django.dispatch import Signal

# Sent by `report_verify`, inside its transaction, when staff dispute a progress report; the one
# argument is `verification`, the new ReportVerification row (reminders e-mails its author).
report_disputed = Signal()

# Sent by `pledge_report_progress`, inside its transaction, once a progress report is recorded; the
# one argument is `report`, the new ProgressReport row (reminders tells the Office it awaits a verdict).
report_received = Signal()
