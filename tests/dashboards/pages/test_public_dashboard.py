"""The public dashboard /public/ and its charts' CSV downloads: no sign-in, public records only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboards.selectors.public import PUBLIC_CHART_SLUGS
from dashboards.selectors.reporting import reporting_rates
from engagement.models import MemberState
from pledges.choices import PledgeArea, PledgeStatus, Visibility
from pledges.models import Pledge
from pledges.services import pledge_publish
from tests.factories import (
    EndorsementFactory,
    MembershipFactory,
    PledgeFactory,
    ProgressReportFactory,
    state,
)

URL = "/public/"
INTERNAL_TITLE = "Internal draft on the helpline budget"
DUE = dt.date(2025, 5, 8)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@pytest.fixture
def records(staff):
    """Kenya (Africa): two public pledges, one verified; Fiji (Oceania): one public pledge and one
    internal one, whose on-time report, off-track status and financing area no public figure may
    show; Kenya also has an internal pledge, waiting for its report."""
    kenya_plan = PledgeFactory(member_state=state("KEN"), made_on=dt.date(2024, 11, 8), next_report_due=DUE)
    kenya_law = PledgeFactory(
        member_state=state("KEN"),
        made_on=dt.date(2025, 3, 1),
        area=PledgeArea.LEGISLATION,
        status=PledgeStatus.ACHIEVED,
        progress=100,
    )
    Pledge.objects.filter(pk=kenya_law.pk).update(
        verified_progress=80, last_verified_at=at(dt.date(2025, 4, 1))
    )
    fiji_helpline = PledgeFactory(
        member_state=state("FJI"), area=PledgeArea.SERVICES, status=PledgeStatus.PLANNED, progress=0
    )
    internal = PledgeFactory(
        member_state=state("FJI"),
        title=INTERNAL_TITLE,
        area=PledgeArea.FINANCING,
        status=PledgeStatus.OFF_TRACK,
        visibility=Visibility.INTERNAL,
    )
    # Internal too, and waiting for its report: a leak would halve Africa's reporting rate.
    PledgeFactory(
        member_state=state("KEN"),
        title=INTERNAL_TITLE,
        area=PledgeArea.FINANCING,
        visibility=Visibility.INTERNAL,
        next_report_due=DUE,
    )
    ProgressReportFactory(pledge=kenya_plan, author=staff, due_date=DUE, created_at=at(dt.date(2025, 5, 1)))
    ProgressReportFactory(pledge=internal, author=staff, due_date=DUE, created_at=at(dt.date(2025, 5, 1)))
    EndorsementFactory(member_state=state("KEN"), endorsed_on=dt.date(2024, 11, 8))
    EndorsementFactory(member_state=state("FJI"), endorsed_on=dt.date(2025, 2, 1))
    MembershipFactory(member_state=state("KEN"), joined_on=dt.date(2024, 11, 8))
    return {"kenya_plan": kenya_plan, "kenya_law": kenya_law, "fiji": fiji_helpline, "internal": internal}


def charts_of(response) -> dict:
    """Every table of the page (the charts' and the map's) by slug."""
    tables = {chart.slug: chart for chart in response.context["charts"]}
    tables["states"] = response.context["states_table"]
    return tables


def rows_of(table) -> dict[str, list]:
    return {str(label): values for label, values in table.rows}


def map_states(response) -> dict[str, dict]:
    """The map's data as the page embeds it for public_dashboard.js."""
    found = re.search(
        r'<script id="public-map-states" type="application/json">(.*?)</script>', response.content.decode()
    )
    return {row["iso3"]: row for row in json.loads(found.group(1))}


def csv_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def status_total(response) -> int:
    return sum(values[0] for values in rows_of(charts_of(response)["status"]).values())


def test_anyone_reads_it_without_signing_in_and_is_offered_to_sign_in(web, records):
    response = web().get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'<a href="/accounts/login/">Staff and focal points: sign in</a>', page)
    for slug in PUBLIC_CHART_SLUGS:
        assert f'href="/public/charts/{slug}.csv"' in page
    assert 'id="public-map"' in page
    assert "csrfmiddlewaretoken" not in page
    assert response.context["figures"] == {
        "pledges": 3,
        "verified": 1,
        "states_pledging": 2,
        "endorsed": 2,
        "members": 1,
    }


def test_a_signed_in_visitor_reads_it_too_without_the_sign_in_invitation(web, staff, records):
    response = web(staff).get(URL)
    assert response.status_code == 200
    assert "Staff and focal points: sign in" not in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_an_internal_pledge_is_in_no_chart_table_csv_or_map(web, staff, records):
    staff_dashboard = web(staff).get("/")
    staff_pledges = next(chart for chart in staff_dashboard.context["charts"] if chart.slug == "pledges")
    assert sum(sum(values) for _label, values in staff_pledges.rows) == 5  # the internal ones count there

    response = web().get(URL)
    assert INTERNAL_TITLE not in response.content.decode()
    tables = charts_of(response)
    assert status_total(response) == 3
    assert rows_of(tables["status"])["Off track"] == [0]
    for slug in ("region", "area", "origin"):
        off_track = PledgeStatus.values.index(PledgeStatus.OFF_TRACK)
        assert sum(values[off_track] for values in rows_of(tables[slug]).values()) == 0, slug
        assert sum(sum(values) for values in rows_of(tables[slug]).values()) == 3, slug
    assert "Financing" not in rows_of(tables["area"])
    assert rows_of(tables["region"])["Oceania"] == [1, 0, 0, 0, 0]
    assert rows_of(tables["states"])["Fiji"][:3] == ["FJI", 1, "Planned"]
    assert map_states(response)["FJI"]["pledges"] == 1
    assert map_states(response)["FJI"]["status"] == "planned"
    # The internal pledge's on-time report would make Oceania 50 % received (staff count it).
    assert rows_of(tables["reporting"])["Oceania"] == [0.0, 0.0]
    for slug in PUBLIC_CHART_SLUGS:
        download = web().get(f"/public/charts/{slug}.csv")
        assert download.status_code == 200
        text = download.content.decode()
        assert INTERNAL_TITLE not in text
        assert "Financing" not in text
        assert csv_of(download)[1:] == [[str(cell) for cell in row] for row in tables[slug].csv_rows()[1:]]


def test_the_staff_reporting_rates_still_count_internal_pledges(staff, records):
    rates = reporting_rates(user=staff, year=2025, group_by="region", today=timezone.localdate())
    oceania = next(row for row in rates["results"] if row["name"] == "Oceania")
    assert (oceania["reports_due"], oceania["reports_received"]) == (2, 1)


@pytest.mark.parametrize(
    ("query", "pledges", "states"),
    [
        ({"region": "002"}, 2, {"KEN"}),
        ({"region": "009"}, 1, {"FJI"}),
        ({"area": "legislation"}, 1, {"KEN"}),
        ({"status": "planned"}, 1, {"FJI"}),
        ({"year": "2024"}, 2, {"KEN", "FJI"}),
        ({"year": "2025"}, 1, {"KEN"}),
        ({"region": "002", "year": "2025", "status": "achieved", "area": "legislation"}, 1, {"KEN"}),
        ({"region": "150"}, 0, set()),
    ],
)
def test_the_filters_change_the_pledge_figures(web, records, query, pledges, states):
    response = web().get(URL, query)
    assert status_total(response) == pledges
    assert {iso3 for iso3, row in map_states(response).items() if row["pledges"]} == states
    download = csv_of(web().get("/public/charts/status.csv", query))
    assert sum(int(row[1]) for row in download[1:]) == pledges


def test_endorsements_and_the_alliance_follow_region_and_year_only(web, records):
    everything = rows_of(charts_of(web().get(URL))["growth"])
    assert list(everything.values()) == [[1, 1], [2, 1]]  # November 2024, February 2025
    # Neither an area nor a status narrows an endorsement: the same growth.
    assert (
        rows_of(charts_of(web().get(URL, {"area": "legislation", "status": "planned"}))["growth"])
        == everything
    )
    assert list(rows_of(charts_of(web().get(URL, {"year": "2024"}))["growth"]).values()) == [[1, 1]]
    assert list(rows_of(charts_of(web().get(URL, {"region": "009"}))["growth"]).values()) == [[1, 0]]
    fiji = map_states(web().get(URL, {"year": "2024"}))["FJI"]
    assert (fiji["endorsed"], fiji["member"]) == (False, False)  # endorsed in 2025
    assert map_states(web().get(URL, {"region": "002"}))["FJI"]["endorsed"] is False


def test_reporting_rates_follow_region_area_and_the_year_due(web, records):
    everything = {"Africa": [100.0, 100.0], "Oceania": [0.0, 0.0]}
    assert rows_of(charts_of(web().get(URL))["reporting"]) == everything
    assert rows_of(charts_of(web().get(URL, {"region": "002"}))["reporting"]) == {"Africa": [100.0, 100.0]}
    assert rows_of(charts_of(web().get(URL, {"year": "2024"}))["reporting"]) == {}  # nothing fell due in 2024
    in_2025 = charts_of(web().get(URL, {"year": "2025"}))["reporting"]
    assert rows_of(in_2025)["Africa"] == [100.0, 100.0]
    assert str(in_2025.title) == "Reporting and on-time rates by region, reports due in 2025"
    assert rows_of(charts_of(web().get(URL, {"area": "services"}))["reporting"]) == {"Oceania": [0.0, 0.0]}
    # A status is today's, not the one a pledge had when its report fell due: rates ignore it.
    by_status = charts_of(web().get(URL, {"status": "achieved"}))["reporting"]
    assert rows_of(by_status) == everything


def test_progress_compares_self_reported_with_verified(web, records):
    progress = rows_of(charts_of(web().get(URL))["progress"])
    # Self-reported: (20 + 100 + 0) / 3; the verified pledge reports 100 and was verified at 80.
    assert progress["All areas"] == [40.0, 100.0, 80.0]
    assert progress["Legislation"] == [100.0, 100.0, 80.0]
    assert progress["Services"] == [0.0, None, None]


def test_the_page_and_its_csv_links_carry_the_filters(web, records):
    page = web().get(URL, {"region": "002", "year": "2024"}).content.decode()
    assert 'href="/public/charts/growth.csv?region=002&amp;year=2024"' in page
    assert 'href="/public/states/KEN/"' in page


BAD_QUERIES = [
    {"year": "abc"},
    {"year": "1900"},
    {"year": "2024.5"},
    {"region": "999"},
    {"region": "\x00"},
    {"region": "142'; DROP TABLE pledges_pledge; --"},
    {"area": "nope"},
    {"status": "<script>alert(1)</script>"},
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_a_bad_filter_is_shown_on_the_form_and_every_public_record_counted(web, records, query):
    response = web().get(URL, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "every public record is shown" in page
    assert status_total(response) == 3
    assert "<script>alert(1)</script>" not in page


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_a_csv_asked_with_a_bad_filter_is_a_400(web, records, query):
    response = web().get("/public/charts/status.csv", query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize("chart", ["nope", "pledges", "STATES"])
def test_a_chart_that_does_not_exist_is_not_found(web, records, chart):
    assert web().get(f"/public/charts/{chart}.csv").status_code == 404


def test_the_csv_has_a_bom_labels_and_defused_formulas(web, records):
    response = web().get("/public/charts/region.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="public-region.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = csv_of(response)
    assert rows[0] == ["Region", "Planned", "In progress", "Achieved", "Off track", "Withdrawn"]
    assert [row[0] for row in rows[1:]] == ["Africa", "Oceania"]
    # A State's name is data: one that reads as a formula is written defused.
    MemberState.objects.filter(iso3="FJI").update(name='=HYPERLINK("https://evil.example","Fiji")')
    states = csv_of(web().get("/public/charts/states.csv", {"region": "009"}))
    assert states[1][:4] == ['\'=HYPERLINK("https://evil.example","Fiji")', "FJI", "1", "Planned"]
    assert states[0][:2] == ["Member State", "ISO 3166 code"]


def test_answers_carry_an_etag_and_a_304_when_nothing_changed(web, staff, records):
    for url in (URL, "/public/charts/status.csv"):
        first = web().get(url)
        assert set(first["Cache-Control"].replace(" ", "").split(",")) == {"public", "max-age=300"}
        assert "Accept-Language" in first["Vary"]
        again = web().get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert web().get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    before = web().get(URL)["ETag"]
    pledge_publish(pledge=records["internal"], by=staff, visibility=Visibility.PUBLIC)
    after = web().get(URL, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert after["ETag"] != before
    assert status_total(after) == 4  # the Fijian internal pledge, published
    assert web().get(URL, {"year": "2024"})["ETag"] != web().get(URL)["ETag"]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_it_renders_in_the_six_languages(web, records, language):
    response = web().get(URL, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}" dir="{"rtl" if language == "ar" else "ltr"}">' in page
    regions = list(rows_of(charts_of(response)["region"]))
    if language == "fr":
        assert regions == ["Afrique", "Océanie"]
    if language == "ru":
        assert "Африка" in regions
    download = web().get("/public/charts/region.csv", HTTP_ACCEPT_LANGUAGE=language)
    assert [row[0] for row in csv_of(download)[1:]] == regions


def more_records(count: int) -> None:
    """More public pledges, reports, endorsements and memberships across many States."""
    states = list(MemberState.objects.exclude(iso3__in=["KEN", "FJI"]).order_by("iso3")[:count])
    for index, member in enumerate(states):
        pledge = PledgeFactory(
            member_state=member,
            area=PledgeArea.values[index % len(PledgeArea.values)],
            status=PledgeStatus.IN_PROGRESS,
            made_on=dt.date(2024 + index % 2, 1 + index % 12, 1),
            next_report_due=DUE,
        )
        ProgressReportFactory(pledge=pledge, due_date=DUE, created_at=at(dt.date(2025, 6, 1)))
        EndorsementFactory(member_state=member, endorsed_on=dt.date(2025, 1 + index % 12, 3))
        if index % 2:
            MembershipFactory(member_state=member, joined_on=dt.date(2025, 1 + index % 12, 5))


@pytest.mark.parametrize("query", [{}, {"region": "002", "year": "2025", "area": "services"}])
def test_the_page_costs_the_same_whatever_the_number_of_records(web, records, settings, query):
    settings.DASHBOARD_CACHE_SECONDS = 0  # the uncached path is the one whose cost is pinned
    with CaptureQueriesContext(connection) as few:
        assert web().get(URL, query).status_code == 200
    more_records(24)
    with CaptureQueriesContext(connection) as many:
        response = web().get(URL, query)
    assert status_total(response) >= (3 if not query else 0)
    # 7 for the data's state (ETag), 1 for the first year, 1 for the region asked for (if any),
    # 1 pledge GROUP BY, 4 for the map, 2 for the growth, 2 for the reporting rates, 1 for the
    # form's region choices.
    assert len(many) == len(few) == (19 if "region" in query else 18)


def test_cached_figures_are_counted_again_after_a_change(web, staff, records):
    assert status_total(web().get(URL)) == 3
    PledgeFactory(member_state=state("KEN"))
    assert status_total(web().get(URL)) == 4
