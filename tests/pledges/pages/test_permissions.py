"""Who may open each pledge page: one table, page, role → status (anonymous callers sign in first)."""

from __future__ import annotations

import pytest

from tests.fixtures.pages import assert_page_status, assert_sent_to_sign_in, page_cases

PAGES = {
    "pledges": "/pledges/",
    "pledge": "/pledges/{pledge}/",
    "report": "/pledges/{pledge}/report/",
    "public": "/public/pledges/",
}

# role -> expected status per page.
EXPECTED = {
    "staff": dict.fromkeys(PAGES, 200),
    "viewer": {**dict.fromkeys(PAGES, 200), "report": 403},
    "focal_ken": dict.fromkeys(PAGES, 200),
}
CASES = page_cases(EXPECTED)


@pytest.mark.parametrize(("role", "page", "status"), CASES)
def test_each_role_gets_the_status_the_table_says(request, web, records, role, page, status):
    assert_page_status(request, web, PAGES[page].format(**records), role, status)


@pytest.mark.parametrize("page", [page for page in PAGES if page != "public"])
def test_anonymous_caller_is_sent_to_sign_in(web, records, page):
    assert_sent_to_sign_in(web, PAGES[page].format(**records))


def test_public_pledges_need_no_sign_in(web, records):
    assert web().get("/public/pledges/").status_code == 200
