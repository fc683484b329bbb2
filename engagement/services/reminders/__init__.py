"""Follow-up reminders: rules say what is due, the log records each reason once, delivery sends it once."""

from engagement.services.reminders.delivery import ReminderDeferred, reminder_deliver
from engagement.services.reminders.recording import (
    reminder_report_disputed,
    reminder_resend,
    reminders_record,
    reminders_settle,
    reminders_sweep,
)

__all__ = [
    "ReminderDeferred",
    "reminder_deliver",
    "reminder_report_disputed",
    "reminder_resend",
    "reminders_record",
    "reminders_settle",
    "reminders_sweep",
]
