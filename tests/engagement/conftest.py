"""Fixtures of the ground floor's tests: a clock for two-factor codes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

# Five seconds into a 30-second step: each shift of 30 s moves an authenticator app to its next code.
TWO_FACTOR_START = dt.datetime(2025, 3, 3, 9, 0, 5, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    """Time stands still until shifted, so a test knows which code an authenticator app shows.

    A code is good once and a failure slows the next try by a second (django-otp's throttling):
    `clock.shift(30)` moves to the next code and past that wait.
    """
    with time_machine.travel(TWO_FACTOR_START, tick=False) as traveller:
        yield traveller
