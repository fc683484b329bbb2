"""Who may open and post each visit page: page, role → status (anonymous callers sign in first)."""

from __future__ import annotations

import pytest

from tests.fixtures.pages import assert_page_status, assert_sent_to_sign_in, page_cases
from visits.models import CountryVisit

PAGES = {
    "visits": "/visits/",
    "visit": "/visits/{visit}/",
    "new": "/visits/new/",
    "edit": "/visits/{visit}/edit/",
    "delete": "/visits/{visit}/delete/",
    "confirm": "/visits/{visit}/confirm/",
    "complete": "/visits/{visit}/complete/",
    "cancel": "/visits/{visit}/cancel/",
    "replan": "/visits/{visit}/replan/",
}
STAFF_PAGES = [page for page in PAGES if page not in ("visits", "visit")]
# The writes a viewer or a focal point must never make, each with a body staff could send.
WRITES = {
    "new": {"member_state": "KEN", "kind": "official", "start_date": "2030-01-06", "end_date": "2030-01-08"},
    "edit": {"member_state": "KEN", "kind": "official", "start_date": "2030-01-06", "end_date": "2030-01-08"},
    "delete": {},
    "confirm": {"start_date": "2030-01-06", "end_date": "2030-01-08"},
    "complete": {"start_date": "2023-05-08", "end_date": "2023-05-12", "summary": "Done.", "children_met": 1},
    "cancel": {"summary": "Postponed."},
    "replan": {"start_date": "2030-01-06", "end_date": "2030-01-08"},
}

# role -> expected status per page.
EXPECTED = {
    "staff": dict.fromkeys(PAGES, 200),
    "viewer": {**dict.fromkeys(PAGES, 200), **dict.fromkeys(STAFF_PAGES, 403)},
    "focal_ken": {**dict.fromkeys(PAGES, 200), **dict.fromkeys(STAFF_PAGES, 403)},
}
CASES = page_cases(EXPECTED)


@pytest.mark.parametrize(("role", "page", "status"), CASES)
def test_each_role_gets_the_status_the_table_says(request, web, records, role, page, status):
    assert_page_status(request, web, PAGES[page].format(**records), role, status)


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_caller_is_sent_to_sign_in(web, records, page):
    assert_sent_to_sign_in(web, PAGES[page].format(**records))


@pytest.mark.parametrize("role", ["viewer", "focal_ken", None])
@pytest.mark.parametrize("page", list(WRITES))
def test_only_staff_write_and_nothing_changes_for_anyone_else(request, web, records, role, page):
    before = list(CountryVisit.objects.values())
    client = web(request.getfixturevalue(role) if role else None)

    response = client.post(PAGES[page].format(**records), WRITES[page])

    assert response.status_code == (403 if role else 302)
    if role is None:
        assert response["Location"].startswith("/accounts/login/")
    assert list(CountryVisit.objects.values()) == before


def test_an_unknown_action_is_not_found(web, staff, records):
    assert web(staff).get(f"/visits/{records['visit']}/postpone/").status_code == 404
