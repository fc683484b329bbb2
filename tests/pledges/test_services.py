"""Pledge services and selectors: status rules, the report cycle, and SQL agreeing with Python."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from pledges.choices import PledgeStatus, Verdict
from pledges.models import Pledge, ProgressReport, ReportVerification
from pledges.selectors import (
    pledge_is_stale,
    pledge_missed_cycles,
    pledge_smart_gaps,
    pledges_with_missed_cycles,
    smart_gap_condition,
    stale_condition,
)
from pledges.services import (
    PledgeHasReports,
    membership_milestone_tick,
    pledge_create,
    pledge_delete,
    pledge_report_progress,
    report_verify,
)
from tests.factories import MembershipFactory, PledgeFactory, ProgressReportFactory, state

pytestmark = pytest.mark.django_db


def report(pledge, by, **fields):
    values = {"status": PledgeStatus.IN_PROGRESS, "progress": 50, "narrative": "Moving."} | fields
    return pledge_report_progress(pledge=pledge, by=by, **values)


@time_machine.travel(dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC), tick=False)
def test_report_records_the_due_date_it_answers_and_schedules_the_next(staff, reference_data):
    pledge = PledgeFactory(reporting_interval_days=90, next_report_due=dt.date(2025, 4, 1))
    created = report(pledge, staff)
    assert created.due_date == dt.date(2025, 4, 1)
    assert Pledge.objects.get(pk=pledge.pk).next_report_due == dt.date(2025, 5, 30)


def test_report_leaves_a_history_entry_with_its_reason(focal_ken, reference_data):
    pledge = PledgeFactory()
    created = report(pledge, focal_ken)
    entry = pledge.history.latest()
    assert (entry.history_user, entry.history_change_reason) == (focal_ken, f"Progress report {created.pk}")


def test_viewer_cannot_report(viewer, reference_data):
    with pytest.raises(PermissionDenied):
        report(PledgeFactory(), viewer)
    assert not ProgressReport.objects.exists()


def test_focal_point_cannot_report_on_another_state(focal_fji, reference_data):
    with pytest.raises(PermissionDenied):
        report(PledgeFactory(), focal_fji)
    assert not ProgressReport.objects.exists()


def test_achieved_needs_full_progress(staff, reference_data):
    with pytest.raises(ValidationError) as error:
        report(PledgeFactory(), staff, status=PledgeStatus.ACHIEVED, progress=90)
    assert "progress" in error.value.message_dict
    assert not ProgressReport.objects.exists()


def test_withdrawn_is_final_for_focal_points(focal_ken, reference_data):
    pledge = PledgeFactory(status=PledgeStatus.WITHDRAWN)
    with pytest.raises(ValidationError) as error:
        report(pledge, focal_ken)
    assert "status" in error.value.message_dict


@time_machine.travel(dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC), tick=False)
def test_created_pledge_is_due_one_interval_after_it_was_made(staff, reference_data):
    pledge = pledge_create(
        by=staff,
        member_state=state("KEN"),
        origin="other",
        title="T",
        area="other",
        reporting_interval_days=30,
    )
    assert (pledge.made_on, pledge.next_report_due) == (dt.date(2025, 3, 1), dt.date(2025, 3, 31))


def test_pledge_with_reports_is_not_deleted(staff, reference_data):
    pledge = ProgressReportFactory(author=staff).pledge
    with pytest.raises(PledgeHasReports):
        pledge_delete(pledge=pledge, by=staff)
    assert Pledge.objects.filter(pk=pledge.pk).exists()


def test_only_staff_verify(focal_ken, reference_data):
    with pytest.raises(PermissionDenied):
        report_verify(report=ProgressReportFactory(), by=focal_ken, verdict=Verdict.VERIFIED)
    assert not ReportVerification.objects.exists()


@time_machine.travel(dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC), tick=False)
def test_milestone_in_the_future_is_refused(staff, reference_data):
    with pytest.raises(ValidationError) as error:
        membership_milestone_tick(
            membership=MembershipFactory(), code="data_collected", done_on=dt.date(2025, 3, 2), by=staff
        )
    assert "done_on" in error.value.message_dict


def varied_pledges() -> list[Pledge]:
    """Pledges covering every SMART gap and every report-cycle situation."""
    pledges = []
    for index in range(24):
        pledges.append(
            PledgeFactory(
                indicator="" if index % 2 else "Cases reported",
                baseline="" if index % 3 == 0 else "2023 survey",
                responsible_body="" if index % 5 == 0 else "Ministry",
                budget_committed=index % 4 != 0,
                target_date=[None, dt.date(2025, 1, 1), dt.date(2028, 1, 1)][index % 3],
                status=[PledgeStatus.IN_PROGRESS, PledgeStatus.OFF_TRACK, PledgeStatus.WITHDRAWN][index % 3],
                reporting_interval_days=[7, 30, 90, 180][index % 4],
                next_report_due=None if index == 0 else dt.date(2025, 1, 1) + dt.timedelta(days=index * 11),
                sdg_targets=["16.2"] if index % 7 else [],
            )
        )
    return pledges


@pytest.mark.parametrize("today", [dt.date(2025, 1, 1), dt.date(2025, 3, 15), dt.date(2025, 12, 31)])
def test_sql_and_python_agree_on_smart_gaps(reference_data, today):
    pledges = varied_pledges()
    with_gaps = set(Pledge.objects.filter(smart_gap_condition(today)).values_list("pk", flat=True))
    assert with_gaps == {pledge.pk for pledge in pledges if pledge_smart_gaps(pledge, today)}
    assert Pledge.objects.exclude(smart_gap_condition(today)).count() == len(pledges) - len(with_gaps)


@pytest.mark.parametrize("today", [dt.date(2025, 1, 1), dt.date(2025, 3, 15), dt.date(2025, 12, 31)])
def test_sql_and_python_agree_on_missed_cycles_and_staleness(reference_data, today):
    pledges = {pledge.pk: pledge for pledge in varied_pledges()}
    annotated = pledges_with_missed_cycles(Pledge.objects.all(), today)
    sql = dict(annotated.values_list("pk", "missed_cycles_sql"))
    assert sql == {pk: pledge_missed_cycles(pledge, today) for pk, pledge in pledges.items()}
    stale = set(annotated.filter(stale_condition()).values_list("pk", flat=True))
    assert stale == {pk for pk, pledge in pledges.items() if pledge_is_stale(pledge, today)}
