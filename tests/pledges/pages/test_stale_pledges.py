"""Silence made visible: stale pledges flagged on the list, the pledge page and the State page; the filter."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from tests.factories import PledgeFactory, state

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def pledges(reference_data):
    # 180-day cycle: due 2025-09-01 is two cycles missed by 2026-06-01 (stale); due 2026-05-01 only one.
    return {
        "stale": PledgeFactory(
            title="Silent since last year", member_state=state("KEN"), next_report_due=dt.date(2025, 9, 1)
        ),
        "late": PledgeFactory(
            title="One report late", member_state=state("KEN"), next_report_due=dt.date(2026, 5, 1)
        ),
        "fresh": PledgeFactory(
            title="Reported on time", member_state=state("KEN"), next_report_due=dt.date(2026, 9, 1)
        ),
    }


def test_pledge_list_flags_only_the_stale_pledge(web, staff, pledges):
    page = web(staff).get("/pledges/").content.decode()
    assert page.count("Stale: ") == 1
    assert "Stale: 2 cycles missed" in page


def test_stale_filter_lists_only_stale_pledges(web, staff, pledges):
    page = web(staff).get("/pledges/?stale=on").content.decode()
    assert "Silent since last year" in page
    assert "One report late" not in page
    assert "Reported on time" not in page


def test_stale_filter_carries_to_the_csv_download_as_the_apis_boolean(web, staff, pledges):
    assert "stale=true" in web(staff).get("/pledges/?stale=on").content.decode()


def test_pledge_page_flags_a_stale_pledge(web, focal_ken, pledges):
    page = web(focal_ken).get(f"/pledges/{pledges['stale'].pk}/").content.decode()
    assert "Stale: 2 cycles missed" in page


def test_pledge_page_does_not_flag_a_late_but_not_stale_pledge(web, focal_ken, pledges):
    assert "Stale:" not in web(focal_ken).get(f"/pledges/{pledges['late'].pk}/").content.decode()


def test_state_page_flags_the_stale_pledge(web, focal_ken, pledges):
    page = web(focal_ken).get("/states/KEN/").content.decode()
    assert page.count("Stale: ") == 1


def test_dashboard_shows_stale_pledges_and_pledges_without_indicator(web, staff, pledges):
    PledgeFactory(indicator="Helplines", next_report_due=dt.date(2026, 9, 1))
    page = web(staff).get("/").content.decode()
    stale_card = page.split('data-figure="stale_pledges"')[1].split("</li>")[0]
    without_card = page.split('data-figure="pledges_without_indicator"')[1].split("</li>")[0]
    assert '<div class="figure">1</div>' in stale_card
    assert '<div class="figure">3</div>' in without_card
