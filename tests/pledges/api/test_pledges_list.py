"""GET /api/v1/pledges/: scope, filters, search, ordering, CSV and a constant query count."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine

from engagement.choices import Vocabulary
from pledges.choices import PledgeArea, PledgeOrigin, PledgeStatus, Verdict
from pledges.services import report_verify
from tests.factories import MeetingFactory, PledgeFactory, ProgressReportFactory, VisitFactory, state, term

URL = "/api/v1/pledges/"
TODAY = dt.date(2025, 6, 1)


def titles(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["title"] for row in response.json()["results"]}


def smart_pledge(**fields):
    """A pledge with every SMART field filled in."""
    defaults = {
        "indicator": "Share of districts with a child protection unit",
        "baseline": "12 of 47 counties (2024)",
        "responsible_body": "State Department for Children Services",
        "budget_committed": True,
        "target_date": dt.date(2027, 12, 31),
        "sdg_targets": ["16.2"],
    }
    return PledgeFactory(**{**defaults, **fields})


def test_list_is_paginated(api, staff, ken_public):
    body = api(staff).get(URL).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1


def test_focal_point_sees_own_state_and_public_pledges_only(
    api, focal_fji, ken_public, ken_internal, fji_internal
):
    assert titles(api(focal_fji).get(URL)) == {ken_public.title, fji_internal.title}


def test_out_of_scope_pledge_is_absent_from_csv(api, focal_fji, ken_public, ken_internal):
    response = api(focal_fji).get(URL, {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["title"] for row in rows] == [ken_public.title]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"member_state": "FJI"}, {"Fiji economic cost study"}),
        ({"member_state": "KEN"}, {"Kenya national action plan"}),
        ({"region": "Oceania"}, {"Fiji economic cost study"}),
        ({"region": "002"}, {"Kenya national action plan"}),
        ({"subregion": "sub-saharan africa"}, {"Kenya national action plan"}),
        ({"subregion": "054"}, {"Fiji economic cost study"}),
        ({"sdg_target": "16.2"}, {"Kenya national action plan"}),
        ({"status": "achieved"}, {"Fiji economic cost study"}),
        ({"origin": "other"}, {"Fiji economic cost study"}),
        ({"area": "legislation"}, {"Fiji economic cost study"}),
        ({"search": "economic"}, {"Fiji economic cost study"}),
    ],
)
def test_filter_keeps_matching_pledges(api, viewer, ken_public, params, expected):
    PledgeFactory(
        member_state=state("FJI"),
        title="Fiji economic cost study",
        status=PledgeStatus.ACHIEVED,
        progress=100,
        origin=PledgeOrigin.OTHER,
        area=PledgeArea.LEGISLATION,
    )
    assert titles(api(viewer).get(URL, params)) == expected


def test_unknown_iso3_in_filter_is_400(api, viewer):
    response = api(viewer).get(URL, {"member_state": "XXX"})
    assert response.status_code == 400
    assert "member_state" in response.json()


def test_unknown_enum_in_filter_is_400(api, viewer):
    response = api(viewer).get(URL, {"status": "done"})
    assert response.status_code == 400
    assert "status" in response.json()


@time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize(
    ("value", "expected"), [("true", {"Late"}), ("false", {"Due later", "Achieved late"})]
)
def test_overdue_filter_counts_open_pledges_past_due(api, viewer, value, expected):
    PledgeFactory(title="Late", next_report_due=dt.date(2025, 5, 31))
    PledgeFactory(title="Due later", next_report_due=dt.date(2025, 6, 1))
    PledgeFactory(
        title="Achieved late", status=PledgeStatus.ACHIEVED, progress=100, next_report_due=dt.date(2025, 1, 1)
    )
    assert titles(api(viewer).get(URL, {"overdue": value})) == expected


@time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_smart_false_returns_exactly_the_pledges_with_gaps(api, viewer):
    smart_pledge(title="Complete")
    smart_pledge(title="No indicator", indicator="")
    smart_pledge(title="No baseline", baseline="")
    smart_pledge(title="No target date", target_date=None)
    smart_pledge(title="Target date past", target_date=dt.date(2025, 5, 1))
    smart_pledge(title="Past but achieved", target_date=dt.date(2025, 5, 1), status="achieved", progress=100)
    smart_pledge(title="No responsible body", responsible_body="")
    smart_pledge(title="No budget", budget_committed=False)
    smart_pledge(title="No SDG target", sdg_targets=[])
    rows = api(viewer).get(URL, {"page_size": 100}).json()["results"]
    with_gaps = {row["title"] for row in rows if row["smart_gaps"]}

    assert titles(api(viewer).get(URL, {"smart": "false"})) == with_gaps
    assert with_gaps == {row["title"] for row in rows} - {"Complete", "Past but achieved"}
    assert titles(api(viewer).get(URL, {"smart": "true"})) == {"Complete", "Past but achieved"}


@time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_stale_filter_matches_the_stale_field(api, viewer, settings):
    settings.PLEDGE_STALE_AFTER_CYCLES = 2
    # Interval 30 days: due 2025-05-02 -> 30 days late = 1 cycle; due 2025-05-01 -> 31 days = 2.
    PledgeFactory(title="One cycle", reporting_interval_days=30, next_report_due=dt.date(2025, 5, 2))
    PledgeFactory(title="Two cycles", reporting_interval_days=30, next_report_due=dt.date(2025, 5, 1))
    PledgeFactory(title="Never due", next_report_due=None)
    rows = api(viewer).get(URL).json()["results"]
    stale = {row["title"] for row in rows if row["stale"]}

    assert stale == {"Two cycles"}
    assert titles(api(viewer).get(URL, {"stale": "true"})) == stale
    assert titles(api(viewer).get(URL, {"stale": "false"})) == {"One cycle", "Never due"}


def test_ordering_by_progress(api, viewer):
    for progress in (60, 10, 30):
        PledgeFactory(title=f"At {progress}", progress=progress)
    rows = api(viewer).get(URL, {"ordering": "-progress"}).json()["results"]
    assert [row["progress"] for row in rows] == [60, 30, 10]


def test_csv_rows_equal_json_rows_for_a_filtered_list(api, staff, ken_public, fji_public):
    smart_pledge(title="Kenya data system", sdg_targets=["16.2", "5.2"])
    params = {"member_state": "KEN", "ordering": "made_on"}
    json_rows = api(staff).get(URL, {**params, "page_size": 500}).json()["results"]
    response = api(staff).get(URL, {**params, "format": "csv"})
    csv_rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))

    assert [row["id"] for row in csv_rows] == [str(row["id"]) for row in json_rows]
    assert csv_rows[1]["sdg_targets"] == ";".join(json_rows[1]["sdg_targets"])
    assert [row["title"] for row in csv_rows] == [row["title"] for row in json_rows]


def build_rich_pledges(count: int, author) -> None:
    """Pledges with everything a row shows: targets, a visit, meetings, verified reports."""
    visit = VisitFactory()
    for index in range(count):
        pledge = PledgeFactory(origin=PledgeOrigin.COUNTRY_VISIT, visit=visit, sdg_targets=["16.2", "5.2"])
        pledge.strategy_tags.add(term(Vocabulary.SDG_TARGET, "4.7"))
        MeetingFactory().pledges.add(pledge)
        report = ProgressReportFactory(pledge=pledge, author=author, progress=index % 100)
        report_verify(report=report, by=author, verdict=Verdict.VERIFIED)


# count and page: the SDG targets and the meetings are joined in the page's own query.
@pytest.mark.parametrize(("role", "queries"), [("staff", 2), ("viewer", 2), ("focal_ken", 2)])
def test_page_of_one_costs_as_much_as_page_of_a_hundred(
    request, api, staff, role, queries, django_assert_num_queries
):
    build_rich_pledges(101, staff)
    client = api(request.getfixturevalue(role))
    with django_assert_num_queries(queries):
        assert len(client.get(URL, {"page_size": 1}).json()["results"]) == 1
    with django_assert_num_queries(queries):
        assert len(client.get(URL, {"page_size": 100}).json()["results"]) == 100


@pytest.mark.parametrize("role", ["staff", "viewer", "focal_ken"])
def test_list_rows_show_the_same_targets_and_meetings_as_the_detail(request, api, staff, role):
    pledge = smart_pledge(member_state=state("KEN"), sdg_targets=["5.2", "16.2", "4.a"])
    for day in (dt.date(2024, 1, 5), dt.date(2025, 3, 1)):
        MeetingFactory(date=day).pledges.add(pledge)
    client = api(request.getfixturevalue(role))

    row = client.get(URL).json()["results"][0]
    detail = client.get(f"{URL}{pledge.pk}/").json()

    assert (row["sdg_targets"], row["meetings"]) == (detail["sdg_targets"], detail["meetings"])
    assert row["smart_gaps"] == detail["smart_gaps"] == []
    assert len(row["meetings"]) == (0 if role == "focal_ken" else 2)
