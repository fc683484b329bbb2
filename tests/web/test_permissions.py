"""Who may open each page: one table, page, role → status (anonymous callers sign in first)."""

from __future__ import annotations

import pytest

from tests.factories import MeetingFactory, PledgeFactory, VisitFactory, VnrFactory

PAGES = {
    "dashboard": "/",
    "state": "/states/KEN/",
    "meetings": "/meetings/",
    "meeting_new": "/meetings/new/",
    "meeting": "/meetings/{meeting}/",
    "visits": "/visits/",
    "visit": "/visits/{visit}/",
    "vnr": "/vnr/2024/",
    "pledges": "/pledges/",
    "pledge": "/pledges/{pledge}/",
    "report": "/pledges/{pledge}/report/",
    "follow_ups": "/follow-ups/",
    "annual": "/reports/annual/2024/",
    "public": "/public/pledges/",
}

# role -> expected status per page; 302 to the State page for a focal point on the dashboard.
EXPECTED = {
    "staff": dict.fromkeys(PAGES, 200),
    "viewer": {**dict.fromkeys(PAGES, 200), "meeting_new": 403, "report": 403, "follow_ups": 403},
    "focal_ken": {
        **dict.fromkeys(PAGES, 200),
        "dashboard": 302,
        "meetings": 403,
        "meeting_new": 403,
        "meeting": 403,
        "vnr": 403,
        "follow_ups": 403,
        "annual": 403,
    },
}
CASES = [(role, page, status) for role, statuses in EXPECTED.items() for page, status in statuses.items()]


@pytest.fixture
def records(reference_data):
    visit = VisitFactory()
    VnrFactory()
    return {"meeting": MeetingFactory().pk, "visit": visit.pk, "pledge": PledgeFactory().pk}


@pytest.mark.parametrize(("role", "page", "status"), CASES)
def test_each_role_gets_the_status_the_table_says(request, web, records, role, page, status):
    user = request.getfixturevalue(role)
    response = web(user).get(PAGES[page].format(**records))
    assert response.status_code == status


@pytest.mark.parametrize("page", [page for page in PAGES if page != "public"])
def test_anonymous_caller_is_sent_to_sign_in(web, records, page):
    url = PAGES[page].format(**records)
    response = web().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_public_pledges_need_no_sign_in(web, records):
    assert web().get("/public/pledges/").status_code == 200
