"""System checks of the reminder timings (`manage.py check`): the promises docs/reminders.md makes."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning, register

# One send is about a dozen SMTP exchanges (connect, EHLO, STARTTLS, EHLO, AUTH, MAIL, RCPT, DATA,
# the message, QUIT), each allowed EMAIL_TIMEOUT: a live worker's claim must outlast them all.
SMTP_EXCHANGES = 12
# After a worker dies, its reminders go out within this many seconds with the settings checked here.
RECOVERY_PROMISE_SECONDS = 600


def recovery_seconds() -> int:
    """The longest a dead worker's reminders wait for the settle task to send them again."""
    waiting = max(settings.REMINDER_CLAIM_LEASE_SECONDS, settings.REMINDER_STRANDED_AFTER_SECONDS)
    return waiting + settings.REMINDER_SETTLE_SECONDS


@register()
def reminder_timings(app_configs, **kwargs) -> list[Warning]:
    """Warn about timings that break the lease, the retry or the 10-minute recovery promise."""
    warnings = []
    longest_send = SMTP_EXCHANGES * settings.EMAIL_TIMEOUT
    if settings.REMINDER_CLAIM_LEASE_SECONDS <= longest_send:
        warnings.append(
            Warning(
                f"REMINDER_CLAIM_LEASE_SECONDS ({settings.REMINDER_CLAIM_LEASE_SECONDS}) should exceed "
                f"{SMTP_EXCHANGES} times EMAIL_TIMEOUT ({longest_send} s).",
                hint="A slow but live send would be taken back and tried again by another worker.",
                id="reminders.W001",
            )
        )
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    if visibility <= settings.REMINDER_RETRY_BACKOFF_MAX_SECONDS:
        warnings.append(
            Warning(
                f"CELERY_VISIBILITY_TIMEOUT ({visibility}) should exceed REMINDER_RETRY_BACKOFF_MAX_SECONDS "
                f"({settings.REMINDER_RETRY_BACKOFF_MAX_SECONDS}).",
                hint="Redis hands a retry waiting on its countdown out again, over and over.",
                id="reminders.W002",
            )
        )
    if recovery_seconds() > RECOVERY_PROMISE_SECONDS:
        warnings.append(
            Warning(
                f"A dead worker's reminders may wait {recovery_seconds()} s, more than "
                f"{RECOVERY_PROMISE_SECONDS} s.",
                hint="Lower REMINDER_CLAIM_LEASE_SECONDS, REMINDER_STRANDED_AFTER_SECONDS or "
                "REMINDER_SETTLE_SECONDS.",
                id="reminders.W003",
            )
        )
    return warnings
