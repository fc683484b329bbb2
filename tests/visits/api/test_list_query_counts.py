"""The visits list costs the same number of queries for a page of 1 and a page of 100."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api_tables import ROWS, count_queries
from tests.factories import PledgeFactory, VisitFactory, state
from visits.models import CountryVisit, VisitSite


def _visits(staff) -> None:
    visit = VisitFactory(owner=staff)
    visits = CountryVisit.objects.bulk_create(
        CountryVisit(
            member_state=state("KEN"),
            start_date=dt.date(2024, 1, 1),
            end_date=dt.date(2024, 1, 2),
            kind="official",
            owner=staff,
        )
        for _ in range(ROWS)
    )
    VisitSite.objects.bulk_create(VisitSite(visit=v, name="School", kind="school") for v in [visit, *visits])
    PledgeFactory(origin="country_visit", visit=visit)


ENDPOINTS = {
    "visits": _visits,
}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_page_of_100_costs_as_many_queries_as_a_page_of_1(api, staff, endpoint):
    ENDPOINTS[endpoint](staff)
    client = api(staff)
    url = f"/api/v1/{endpoint}/"

    one, hundred = count_queries(client, url, 1), count_queries(client, url, 100)

    print(f"{endpoint}: {one} queries")  # shown with -s: the figures quoted in the report
    assert one == hundred
