"""Who may do what on the pledges API: endpoint x role x action -> status, as one table."""

from __future__ import annotations

import pytest

from pledges.choices import Verdict
from tests.factories import EndorsementFactory, MembershipFactory, ProgressReportFactory

ROLES = ["anonymous", "focal_ken", "focal_fji", "viewer", "staff"]

# Every row acts on Kenya's records; Kenya's pledge is internal, so Fiji's focal point must not
# learn it exists (404) while a viewer may read it but not its reports. A write the role may
# never make is a 403 on what it can read and the read's 404 on what it cannot.
MATRIX = {
    ("pledges", "list"): [401, 200, 200, 200, 200],
    ("pledges", "retrieve"): [401, 200, 404, 200, 200],
    ("pledges", "create"): [401, 403, 403, 403, 201],
    ("pledges", "update"): [401, 403, 404, 403, 200],
    ("pledges", "delete"): [401, 403, 404, 403, 204],
    ("history", "list"): [401, 200, 404, 200, 200],
    ("reports", "list"): [401, 200, 404, 200, 200],
    ("reports", "retrieve"): [401, 200, 404, 404, 200],
    ("reports", "create"): [401, 201, 404, 403, 201],
    ("reports", "update"): [401, 405, 405, 404, 405],
    ("reports", "delete"): [401, 405, 405, 404, 405],
    ("verifications", "list"): [401, 200, 404, 404, 200],
    ("verifications", "create"): [401, 403, 404, 404, 201],
    ("verifications", "update"): [401, 403, 404, 404, 405],
    ("endorsements", "list"): [401, 200, 200, 200, 200],
    ("endorsements", "retrieve"): [401, 200, 404, 200, 200],
    ("endorsements", "create"): [401, 403, 403, 403, 201],
    ("endorsements", "update"): [401, 403, 404, 403, 200],
    ("endorsements", "delete"): [401, 403, 404, 403, 204],
    ("memberships", "list"): [401, 200, 200, 200, 200],
    ("memberships", "retrieve"): [401, 200, 404, 200, 200],
    ("memberships", "create"): [401, 403, 403, 403, 201],
    ("memberships", "update"): [401, 403, 404, 403, 200],
    ("memberships", "delete"): [401, 403, 404, 403, 204],
    ("milestones", "create"): [401, 200, 404, 403, 200],
    ("public", "list"): [200, 200, 200, 200, 200],
    ("public", "retrieve"): [404, 404, 404, 404, 404],
}
CASES = [
    (endpoint, action, role, expected)
    for (endpoint, action), statuses in MATRIX.items()
    for role, expected in zip(ROLES, statuses, strict=True)
]


@pytest.fixture
def kenya(ken_internal, staff):
    """Kenya's internal pledge with one report and verification, endorsement and membership."""
    report = ProgressReportFactory(pledge=ken_internal, author=staff)
    verification = report.verifications.create(verdict=Verdict.VERIFIED, verified_by=staff)
    return {
        "pledge": ken_internal,
        "report": report,
        "verification": verification,
        "endorsement": EndorsementFactory(),
        "membership": MembershipFactory(),
    }


def request_for(endpoint: str, action: str, kenya: dict) -> tuple[str, str, dict]:
    pledge, report = kenya["pledge"], kenya["report"]
    reports = f"/api/v1/pledges/{pledge.pk}/reports/"
    verifications = f"{reports}{report.pk}/verifications/"
    bases = {
        "pledges": ("/api/v1/pledges/", pledge.pk),
        "history": (f"/api/v1/pledges/{pledge.pk}/history/", None),
        "reports": (reports, report.pk),
        "verifications": (verifications, kenya["verification"].pk),
        "endorsements": ("/api/v1/cta-endorsements/", kenya["endorsement"].pk),
        "memberships": ("/api/v1/alliance-memberships/", kenya["membership"].pk),
        "milestones": (f"/api/v1/alliance-memberships/{kenya['membership'].pk}/milestones/", None),
        "public": ("/api/v1/public/pledges/", pledge.pk),
    }
    bodies = {
        "pledges": {"member_state": "KEN", "origin": "other", "title": "New", "area": "services"},
        "reports": {"status": "in_progress", "progress": 50, "narrative": "Bill tabled."},
        "verifications": {"verification": "disputed", "note": "No evidence."},
        "endorsements": {
            "member_state": "FJI",
            "endorsed_on": "2024-11-08",
            "signatory_level": "ministerial",
        },
        "memberships": {"member_state": "FJI", "joined_on": "2024-11-08"},
        "milestones": {"done_on": "2025-01-15"},
    }
    base, pk = bases[endpoint]
    body = bodies.get(endpoint, {})
    return {
        "list": ("get", base, {}),
        "retrieve": ("get", f"{base}{pk}/", {}),
        "create": (
            "post",
            f"{base}focal_point_appointed/" if endpoint == "milestones" else base,
            body,
        ),
        "update": ("patch", f"{base}{pk}/", {"title": "Edited"} if endpoint == "pledges" else body),
        "delete": ("delete", f"{base}{pk}/", {}),
    }[action]


@pytest.mark.parametrize(("endpoint", "action", "role", "expected"), CASES)
def test_role_gets_status(request, api, kenya, endpoint, action, role, expected):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if endpoint == "pledges" and action == "delete":
        kenya["pledge"] = type(kenya["pledge"]).objects.create(
            member_state=kenya["pledge"].member_state, origin="other", title="Empty", area="other"
        )
    method, url, body = request_for(endpoint, action, kenya)
    response = getattr(api(user), method)(url, body, format="json")
    assert response.status_code == expected, response.content
