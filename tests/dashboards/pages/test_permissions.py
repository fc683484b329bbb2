"""Who may open the dashboard, State and annual report pages: page, role → status (anonymous: sign in)."""

from __future__ import annotations

import pytest

from tests.fixtures.pages import assert_page_status, assert_sent_to_sign_in, page_cases

PAGES = {
    "dashboard": "/",
    "state": "/states/KEN/",
    "annual": "/reports/annual/2024/",
}

# role -> expected status per page; a focal point's "/" is what is due from its State.
EXPECTED = {
    "staff": dict.fromkeys(PAGES, 200),
    "viewer": dict.fromkeys(PAGES, 200),
    "focal_ken": {**dict.fromkeys(PAGES, 200), "annual": 403},
}
CASES = page_cases(EXPECTED)


@pytest.mark.parametrize(("role", "page", "status"), CASES)
def test_each_role_gets_the_status_the_table_says(request, web, records, role, page, status):
    assert_page_status(request, web, PAGES[page].format(**records), role, status)


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_caller_is_sent_to_sign_in(web, records, page):
    assert_sent_to_sign_in(web, PAGES[page].format(**records))
