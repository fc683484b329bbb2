"""The reminder timings' system checks (reminders/checks.py): the defaults pass, bad values warn."""

from __future__ import annotations

import pytest

from reminders.checks import reminder_timings


def check_ids() -> list[str]:
    return [message.id for message in reminder_timings(None)]


def test_the_default_timings_pass():
    assert check_ids() == []


def test_a_lease_shorter_than_a_slow_send_warns(settings):
    settings.EMAIL_TIMEOUT, settings.REMINDER_CLAIM_LEASE_SECONDS = 30, 300
    assert check_ids() == ["reminders.W001"]


def test_a_visibility_timeout_below_the_backoff_cap_warns(settings):
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
    assert check_ids() == ["reminders.W002"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REMINDER_CLAIM_LEASE_SECONDS", 600),
        ("REMINDER_STRANDED_AFTER_SECONDS", 3600),
        ("REMINDER_SETTLE_SECONDS", 900),
    ],
)
def test_timings_that_break_the_ten_minute_promise_warn(settings, name, value):
    setattr(settings, name, value)
    assert check_ids() == ["reminders.W003"]
