"""Throttling: anonymous callers and non-staff accounts are rate-limited, staff scripts are not."""

from __future__ import annotations

import pytest

from engagement.api.throttling import AnonThrottle, UserThrottle

LOW_RATES = {"anon": "3/min", "user": "3/min"}


@pytest.fixture(autouse=True)
def _low_rates(monkeypatch):
    # DRF reads the rates into a class attribute at import time: patch the classes, not the settings.
    monkeypatch.setattr(UserThrottle, "THROTTLE_RATES", LOW_RATES)
    monkeypatch.setattr(AnonThrottle, "THROTTLE_RATES", LOW_RATES)


def test_a_viewer_over_the_rate_gets_429_with_retry_after(api, viewer):
    client = api(viewer)
    statuses = [client.get("/api/v1/member-states/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/member-states/")
    assert int(response["Retry-After"]) > 0


def test_an_anonymous_caller_over_the_rate_gets_429(api, reference_data):
    client = api(None)
    statuses = [client.post("/api/v1/auth/token/", {}, format="json").status_code for _ in range(4)]

    assert statuses == [400, 400, 400, 429]


def test_staff_are_not_throttled(api, staff):
    client = api(staff)

    assert {client.get("/api/v1/member-states/").status_code for _ in range(6)} == {200}
