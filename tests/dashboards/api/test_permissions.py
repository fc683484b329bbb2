"""Who may read the aggregate endpoints: one table of endpoint x role -> status code."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

SUMMARY = "/api/v1/dashboard/summary/"
PLEDGES = "/api/v1/dashboard/pledges/"
KPIS = "/api/v1/dashboard/kpis/"
REPORTING = "/api/v1/dashboard/reporting/"
ANNUAL = "/api/v1/reports/annual/2024/"

EXPECTED = {
    # url: (anonymous, staff, viewer, focal point)
    SUMMARY: (401, 200, 200, 200),
    PLEDGES: (401, 200, 200, 200),
    REPORTING: (401, 200, 200, 200),
    KPIS: (401, 200, 200, 403),
    ANNUAL: (401, 200, 200, 403),
}
ROLES = (None, "staff", "viewer", "focal_ken")


@pytest.mark.parametrize(
    ("url", "role", "status"),
    [(url, role, codes[index]) for url, codes in EXPECTED.items() for index, role in enumerate(ROLES)],
)
def test_role_may_read_aggregate_endpoint(api, request, reference_data, url, role, status):
    user = request.getfixturevalue(role) if role else None

    assert api(user).get(url).status_code == status


@pytest.mark.parametrize("url", list(EXPECTED))
def test_aggregate_endpoints_offer_no_writes(api, staff, url):
    assert api(staff).post(url, {}).status_code == 405
