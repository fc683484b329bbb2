"""The open feed is cache-friendly (API.md, `public/...`): ETag, Last-Modified, 304 answers before
any row is read, and shared caches for five minutes; every change to what it shows changes the ETag."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils.http import http_date, parse_http_date

from pledges.choices import Verdict, Visibility
from pledges.services import pledge_publish, pledge_update, report_verify
from tests.factories import PledgeFactory, ProgressReportFactory, StaffFactory, state

URL = "/api/v1/public/pledges/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed(reference_data):
    return [
        PledgeFactory(member_state=state("KEN"), title="Kenya costed plan"),
        PledgeFactory(member_state=state("FJI"), title="Fiji helpline"),
    ]


@pytest.mark.parametrize("params", [{}, {"format": "csv"}])
def test_answers_carry_an_etag_last_modified_and_a_public_cache_control(api, feed, params):
    response = api().get(URL, params)
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert parse_http_date(response["Last-Modified"]) <= dt.datetime.now(dt.UTC).timestamp()
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"public", "max-age=300"}


@pytest.mark.parametrize("params", [{}, {"format": "csv"}, {"status": "in_progress"}])
def test_a_matching_if_none_match_is_a_304_that_reads_no_row(api, feed, params, django_assert_num_queries):
    etag = api().get(URL, params)["ETag"]
    # The data's state only (the end of seven indexes: pledges, reports, verdicts, publications,
    # endorsements, memberships, milestones): no count, no page.
    with django_assert_num_queries(7):
        response = api().get(URL, params, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_the_last_change_is_a_304(api, feed):
    last_modified = api().get(URL)["Last-Modified"]
    assert api().get(URL, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    earlier = http_date(parse_http_date(last_modified) - 60)
    assert api().get(URL, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_the_detail_has_its_own_etag_and_an_internal_pledge_is_still_404(api, feed):
    internal = PledgeFactory(member_state=state("KEN"), title="Draft", visibility=Visibility.INTERNAL)
    detail = api().get(f"{URL}{feed[0].pk}/")
    assert detail.status_code == 200
    assert detail["ETag"] != api().get(f"{URL}{feed[1].pk}/")["ETag"]
    assert api().get(f"{URL}{feed[0].pk}/", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304
    assert api().get(f"{URL}{internal.pk}/").status_code == 404


def test_each_language_and_format_has_its_own_etag(api, feed):
    english = api().get(URL, HTTP_ACCEPT_LANGUAGE="en")["ETag"]
    spanish = api().get(URL, HTTP_ACCEPT_LANGUAGE="es")["ETag"]
    csv = api().get(URL, {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="en")["ETag"]
    assert len({english, spanish, csv}) == 3
    assert api().get(URL, HTTP_ACCEPT_LANGUAGE="es", HTTP_IF_NONE_MATCH=english).status_code == 200


def changes_the_etag(api, change) -> bool:
    before = api().get(URL)["ETag"]
    change()
    after = api().get(URL, HTTP_IF_NONE_MATCH=before)
    return after.status_code == 200 and after["ETag"] != before


def test_every_change_to_what_the_feed_shows_changes_its_etag(api, feed):
    staff = StaffFactory()
    kenya, fiji = feed
    assert changes_the_etag(
        api, lambda: pledge_update(pledge=kenya, by=staff, changes={"title": "Kenya plan"})
    )
    assert changes_the_etag(api, lambda: pledge_update(pledge=kenya, by=staff, changes={"sdg_targets": []}))
    assert changes_the_etag(
        api, lambda: pledge_publish(pledge=fiji, by=staff, visibility=Visibility.INTERNAL)
    )
    report = ProgressReportFactory(pledge=kenya, progress=40)
    assert changes_the_etag(api, lambda: report_verify(report=report, by=staff, verdict=Verdict.VERIFIED))
    assert changes_the_etag(api, lambda: ProgressReportFactory(pledge=kenya, progress=60))
    assert changes_the_etag(api, lambda: PledgeFactory(member_state=state("BRA")))
    assert changes_the_etag(api, PledgeFactory(member_state=state("BRA"), title="To delete").delete)


def test_the_etag_moves_at_midnight_when_staleness_may_change(api, feed):
    with time_machine.travel(dt.datetime(2030, 5, 1, 23, 59, tzinfo=dt.UTC), tick=False):
        before = api().get(URL)
    with time_machine.travel(dt.datetime(2030, 5, 2, 0, 1, tzinfo=dt.UTC), tick=False):
        after = api().get(
            URL, HTTP_IF_NONE_MATCH=before["ETag"], HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]
        )
        assert after.status_code == 200
        assert parse_http_date(after["Last-Modified"]) == dt.datetime(2030, 5, 2, tzinfo=dt.UTC).timestamp()
