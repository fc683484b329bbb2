"""The pledge list reads only the columns it writes out and the stored verification: its JSON (and
CSV) is byte for byte what DRF's serializers write from fully read pledges whose verification is
computed from the reports, for every role."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Prefetch
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from engagement.api.renderers import csv_lines
from meetings.models import Meeting
from pledges.api.exports import LABELLED_FIELDS
from pledges.api.serializers import PledgeSerializer, PublicPledgeSerializer
from pledges.choices import PledgeStatus, Verdict, Visibility
from pledges.models import Pledge
from pledges.selectors import pledges_with_computed_verification, public_data_state
from pledges.services import report_verify
from tests.factories import MeetingFactory, PledgeFactory, ProgressReportFactory, VisitFactory, state

ROLES = ["staff", "viewer", "focal_ken", "focal_fji", None]


@pytest.fixture
def variants(reference_data, staff, focal_ken):
    """Pledges with every kind of value a field can hold: nulls, decimals, dates, relations, and a
    verification that moved (verified, then a later report verified and disputed)."""
    bare = PledgeFactory(
        title="Bare pledge",
        made_on=dt.date(2024, 11, 8),
        description="",
        target_date=None,
        next_report_due=None,
        reporting_interval_days=90,
    )
    full = PledgeFactory(
        title="Full pledge",
        made_on=dt.date(2024, 11, 9),
        visit=VisitFactory(),
        indicator="Share of districts with a child protection unit",
        baseline="12 of 47 counties (2024)",
        responsible_body="State Department for Children Services",
        budget_committed=True,
        budget_amount=Decimal("1234567.50"),
        budget_currency="USD",
        responsible_staff=staff,
        sdg_targets=["16.2", "5.3"],
        status=PledgeStatus.ACHIEVED,
        progress=100,
    )
    stale = PledgeFactory(
        member_state=state("FJI"),
        title="Stale internal pledge",
        made_on=dt.date(2024, 11, 10),
        visibility=Visibility.INTERNAL,
        next_report_due=dt.date(2020, 1, 1),
        budget_amount=Decimal("0.10"),
    )
    MeetingFactory().pledges.add(full, stale)
    MeetingFactory(date=dt.date(2025, 2, 1)).pledges.add(full)
    earlier = ProgressReportFactory(
        pledge=full, author=focal_ken, progress=60, created_at=timezone.now() - dt.timedelta(days=30)
    )
    report_verify(report=earlier, by=staff, verdict=Verdict.VERIFIED)
    later = ProgressReportFactory(pledge=full, author=focal_ken, progress=100, status=PledgeStatus.ACHIEVED)
    report_verify(report=later, by=staff, verdict=Verdict.VERIFIED)
    report_verify(report=later, by=staff, verdict=Verdict.DISPUTED, note="Not yet gazetted.")
    ProgressReportFactory(pledge=stale, author=staff, progress=10)
    return [bare, full, stale]


def drf_pledges(queryset, user) -> list[Pledge]:
    """The pledges read in full (no `.only()`), their verification computed from the reports."""
    meetings = Meeting.objects.visible_to(user) if user else Meeting.objects.none()
    pledges = list(
        pledges_with_computed_verification(queryset)
        .select_related("member_state", "responsible_staff", "visit")
        .prefetch_related("sdg_targets", Prefetch("meetings", queryset=meetings))
        .order_by("made_on")
    )
    for pledge in pledges:
        pledge.verified_progress = pledge.computed_verified_progress
        pledge.last_verified_at = pledge.computed_last_verified_at
    return pledges


def serializer_for(user, rf):
    request = rf.get("/")
    request.user = user
    context = {"request": request, "today": timezone.localdate()}
    if user is None:
        return PublicPledgeSerializer, context, Pledge.objects.public()
    return PledgeSerializer, context, Pledge.objects.visible_to(user)


def rendered(data) -> bytes:
    return JSONRenderer().render(data, "application/json")


@pytest.mark.parametrize("role", ROLES)
def test_pledge_list_is_drfs_json_of_fully_read_pledges_for_every_role(request, rf, api, variants, role):
    user = request.getfixturevalue(role) if role else None
    url = "/api/v1/pledges/?ordering=made_on" if user else "/api/v1/public/pledges/?ordering=made_on"
    response = api(user).get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content

    serializer_class, context, scope = serializer_for(user, rf)
    expected = serializer_class(drf_pledges(scope, user), many=True, context=context).data
    assert rendered(response.data) == response.content  # the page is DRF's rendering of its data
    assert response.content == rendered({**response.data, "results": expected})
    assert b"Full pledge" in response.content
    assert b'"verified_progress":60' in response.content
    if user:
        assert b'"budget_amount":"1234567.50"' in response.content


@pytest.mark.parametrize("role", ["staff", "viewer", "focal_ken"])
def test_pledge_detail_is_drfs_json_for_every_role(request, rf, api, variants, role):
    user = request.getfixturevalue(role)
    response = api(user).get(f"/api/v1/pledges/{variants[1].pk}/", HTTP_ACCEPT="application/json")
    serializer_class, context, scope = serializer_for(user, rf)
    [expected] = drf_pledges(scope.filter(pk=variants[1].pk), user)
    assert response.content == rendered(serializer_class(expected, context=context).data)


def test_public_pledge_detail_is_drfs_json(rf, api, variants):
    response = api(None).get(f"/api/v1/public/pledges/{variants[1].pk}/", HTTP_ACCEPT="application/json")
    serializer_class, context, scope = serializer_for(None, rf)
    [expected] = drf_pledges(scope.filter(pk=variants[1].pk), None)
    assert response.content == rendered(serializer_class(expected, context=context).data)


@pytest.mark.parametrize("role", ["staff", None])
def test_pledge_csv_is_drfs_rows_of_fully_read_pledges(request, rf, api, variants, role):
    user = request.getfixturevalue(role) if role else None
    url = (
        "/api/v1/pledges/?format=csv&ordering=made_on"
        if user
        else "/api/v1/public/pledges/?format=csv&ordering=made_on"
    )
    response = api(user).get(url)
    written = b"".join(response.streaming_content).decode()

    serializer_class, context, scope = serializer_for(user, rf)
    serializer = serializer_class(context=context)
    pledges = drf_pledges(scope, user)
    rows = [serializer.to_representation(pledge) for pledge in pledges]
    header = list(serializer.fields)
    if user is None:  # the open data: a BOM, and each coded field's label beside it
        assert written.startswith("\ufeff")
        written = written[1:]
        for row, pledge in zip(rows, pledges, strict=True):
            for name in LABELLED_FIELDS:
                row[f"{name}_label"] = getattr(pledge, f"get_{name}_display")()
        header = [label for name in header for label in (name, f"{name}_label") if label in rows[0]]
    assert written == "".join(csv_lines(rows, header=header))


def test_staff_only_fields_are_for_staff_only(api, staff, viewer, variants):
    staff_row = api(staff).get(f"/api/v1/pledges/{variants[1].pk}/").json()
    viewer_row = api(viewer).get(f"/api/v1/pledges/{variants[1].pk}/").json()
    assert staff_row["responsible_staff"] == staff.username
    assert set(staff_row) - set(viewer_row) == {"responsible_staff"}


@pytest.mark.parametrize("role", ["staff", "focal_ken", None])
def test_the_list_reads_no_report_or_verification_and_no_unused_column(request, api, variants, role):
    user = request.getfixturevalue(role) if role else None
    url = "/api/v1/pledges/" if user else "/api/v1/public/pledges/"
    with CaptureQueriesContext(connection) as queries:
        assert api(user).get(url).status_code == 200
    with CaptureQueriesContext(connection) as state_queries:  # the open feed's ETag: the latest ids
        public_data_state(timezone.localdate())
    state_sql = {query["sql"] for query in state_queries.captured_queries}
    sql = " ".join(query["sql"] for query in queries.captured_queries if query["sql"] not in state_sql)
    assert "pledges_progressreport" not in sql
    assert "pledges_reportverification" not in sql
    if user:
        assert '"engagement_user"."password"' not in sql
