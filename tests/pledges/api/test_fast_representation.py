"""Pledges are written out by a compiled plan (pledges/api/rows.py): the JSON is DRF's, byte for byte."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pledges.api.rows import FastRepresentationMixin
from pledges.api.serializers import PledgeSerializer, PublicPledgeSerializer
from pledges.choices import PledgeStatus, Verdict, Visibility
from pledges.models import ReportVerification
from tests.factories import MeetingFactory, PledgeFactory, ProgressReportFactory, VisitFactory, state

ROLES = ["staff", "viewer", "focal_ken", "focal_fji", None]


@pytest.fixture
def variants(reference_data, staff, focal_ken):
    """Pledges with every kind of value a field can hold: nulls, decimals, dates, relations."""
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
    verified = ProgressReportFactory(
        pledge=full, author=focal_ken, progress=100, status=PledgeStatus.ACHIEVED
    )
    ReportVerification.objects.create(report=verified, verdict=Verdict.VERIFIED, verified_by=staff)
    ProgressReportFactory(pledge=stale, author=staff, progress=10)
    return [bare, full, stale]


@pytest.fixture
def drf_output(monkeypatch):
    """From now on, serializers write out pledges with DRF's own field-by-field code."""

    def use_drf():
        monkeypatch.setattr(
            FastRepresentationMixin, "to_representation", FastRepresentationMixin.drf_representation
        )

    return use_drf


def both_outputs(client, url: str, drf_output) -> tuple[bytes, bytes]:
    fast = client.get(url, HTTP_ACCEPT="application/json")
    assert fast.status_code == 200, fast.content
    drf_output()
    drf = client.get(url, HTTP_ACCEPT="application/json")
    return fast.content, drf.content


@pytest.mark.parametrize("role", ROLES)
def test_pledge_list_is_the_same_json_as_drf_for_every_role(request, api, variants, drf_output, role):
    user = request.getfixturevalue(role) if role else None
    url = "/api/v1/pledges/?ordering=made_on" if user else "/api/v1/public/pledges/?ordering=made_on"
    fast, drf = both_outputs(api(user), url, drf_output)
    assert fast == drf
    assert b"Full pledge" in fast
    if user:
        assert b'"budget_amount":"1234567.50"' in fast


@pytest.mark.parametrize("role", ["staff", "viewer", "focal_ken"])
def test_pledge_detail_is_the_same_json_as_drf_for_every_role(request, api, variants, drf_output, role):
    user = request.getfixturevalue(role)
    fast, drf = both_outputs(api(user), f"/api/v1/pledges/{variants[1].pk}/", drf_output)
    assert fast == drf


def test_public_pledge_detail_is_the_same_json_as_drf(api, variants, drf_output):
    fast, drf = both_outputs(api(None), f"/api/v1/public/pledges/{variants[0].pk}/", drf_output)
    assert fast == drf


def test_pledge_csv_is_the_same_as_drf(api, staff, variants, drf_output):
    client = api(staff)
    fast = b"".join(client.get("/api/v1/pledges/?format=csv&ordering=made_on").streaming_content)
    drf_output()
    drf = b"".join(client.get("/api/v1/pledges/?format=csv&ordering=made_on").streaming_content)
    assert fast == drf


def test_staff_only_fields_are_in_the_staff_plan_only(api, staff, viewer, variants):
    staff_row = api(staff).get(f"/api/v1/pledges/{variants[1].pk}/").json()
    viewer_row = api(viewer).get(f"/api/v1/pledges/{variants[1].pk}/").json()
    assert staff_row["responsible_staff"] == staff.username
    assert set(staff_row) - set(viewer_row) == {"responsible_staff"}


@pytest.mark.parametrize("serializer_class", [PledgeSerializer, PublicPledgeSerializer])
def test_every_pledge_field_is_read_without_building_the_serializers_fields(
    rf, staff, variants, serializer_class
):
    request = rf.get("/")
    request.user = staff
    context = {"request": request, "today": dt.date(2025, 6, 1)}
    serializer_class(context=context).to_representation(variants[1])  # compiles the plan, if needed
    later = serializer_class(context=context)
    later.to_representation(variants[1])
    assert "fields" not in later.__dict__
