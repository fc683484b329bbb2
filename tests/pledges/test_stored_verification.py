"""`Pledge.verified_progress` and `last_verified_at` are stored by `report_verify`: after every write
that can move them they equal what the reports' verdicts give (`pledges_with_computed_verification`),
and migration 0006 fills them the same way."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from pledges.choices import PledgeStatus, Verdict
from pledges.models import Pledge, ReportVerification
from pledges.selectors import pledge_etag, pledges_with_computed_verification
from pledges.services import pledge_report_progress, pledges_verification_refresh, report_verify
from tests.factories import PledgeFactory, ProgressReportFactory, state

fill_migration = importlib.import_module("pledges.migrations.0006_stored_verification")


def stored_and_computed() -> tuple[list, list]:
    """Every pledge's stored verification, and the one its reports give."""
    pledges = pledges_with_computed_verification(Pledge.objects.order_by("pk"))
    stored = [(p.pk, p.verified_progress, p.last_verified_at) for p in pledges]
    computed = [(p.pk, p.computed_verified_progress, p.computed_last_verified_at) for p in pledges]
    return stored, computed


def assert_consistent() -> None:
    stored, computed = stored_and_computed()
    assert stored == computed


def verification_of(pledge: Pledge) -> tuple:
    pledge.refresh_from_db()
    return pledge.verified_progress, pledge.last_verified_at


@pytest.fixture
def trail(reference_data, focal_ken):
    """A pledge with two reports a month apart, and another pledge that must never move."""
    pledge = PledgeFactory(title="Kenya child protection units")
    older = ProgressReportFactory(
        pledge=pledge, author=focal_ken, progress=30, created_at=timezone.now() - dt.timedelta(days=30)
    )
    newer = ProgressReportFactory(pledge=pledge, author=focal_ken, progress=55)
    bystander = PledgeFactory(member_state=state("FJI"), title="Fiji cost study")
    ProgressReportFactory(pledge=bystander, author=focal_ken, progress=80)
    return pledge, older, newer


def test_every_verdict_path_keeps_the_stored_columns_equal_to_the_reports(trail, staff, focal_ken):
    pledge, older, newer = trail
    assert verification_of(pledge) == (None, None)
    assert_consistent()

    first = report_verify(report=older, by=staff, verdict=Verdict.VERIFIED)
    assert verification_of(pledge) == (30, first.created_at)
    assert_consistent()

    latest = report_verify(report=newer, by=staff, verdict=Verdict.VERIFIED)
    assert verification_of(pledge) == (55, latest.created_at)
    assert_consistent()

    # Verifying an older report again does not make it the latest verified report.
    report_verify(report=older, by=staff, verdict=Verdict.VERIFIED)
    assert verification_of(pledge) == (55, latest.created_at)
    assert_consistent()

    # Disputing the latest verified report falls back to the one before, with that verdict's time.
    report_verify(report=newer, by=staff, verdict=Verdict.DISPUTED, note="The gazette was withdrawn.")
    older_verdict = ReportVerification.objects.filter(report=older).latest("created_at", "id")
    assert verification_of(pledge) == (30, older_verdict.created_at)
    assert_consistent()

    again = report_verify(report=newer, by=staff, verdict=Verdict.VERIFIED)
    assert verification_of(pledge) == (55, again.created_at)
    assert_consistent()

    # A new report has no verdict: the verified progress stays that of the verified report.
    pledge_report_progress(
        pledge=pledge, by=focal_ken, status=PledgeStatus.IN_PROGRESS, progress=70, narrative="More units."
    )
    assert verification_of(pledge) == (55, again.created_at)
    assert_consistent()

    report_verify(report=newer, by=staff, verdict=Verdict.DISPUTED)
    report_verify(report=older, by=staff, verdict=Verdict.DISPUTED)
    assert verification_of(pledge) == (None, None)
    assert_consistent()


def test_a_verdict_is_not_an_edit_of_the_pledge(trail, staff):
    pledge, older, _newer = trail
    pledge.refresh_from_db()
    etag, history = pledge_etag(pledge), pledge.history.count()
    report_verify(report=older, by=staff, verdict=Verdict.VERIFIED)
    pledge.refresh_from_db()
    assert pledge.verified_progress == 30
    assert (pledge_etag(pledge), pledge.history.count()) == (etag, history)


def test_a_refused_verdict_writes_nothing(trail, viewer):
    pledge, older, _newer = trail
    with pytest.raises(PermissionDenied):
        report_verify(report=older, by=viewer, verdict=Verdict.VERIFIED)
    assert verification_of(pledge) == (None, None)
    assert not ReportVerification.objects.exists()


def test_verdicts_written_in_bulk_are_stored_by_one_refresh(trail, staff):
    pledge, older, newer = trail
    ReportVerification.objects.create(report=older, verdict=Verdict.VERIFIED, verified_by=staff)
    ReportVerification.objects.create(report=newer, verdict=Verdict.DISPUTED, verified_by=staff)
    stored, computed = stored_and_computed()
    assert stored != computed  # written around the service: not stored yet

    assert pledges_verification_refresh(pledges=Pledge.objects.all()) == Pledge.objects.count()
    assert verification_of(pledge)[0] == 30
    assert_consistent()


def test_the_migration_fills_every_pledge_as_the_reports_give(trail, staff):
    pledge, older, newer = trail
    other = PledgeFactory(title="Kenya budget line")
    only = ProgressReportFactory(pledge=other, author=staff, progress=10)
    moments = [timezone.now() - dt.timedelta(hours=hours) for hours in (5, 4, 3)]
    # Written around the service, with verdict times out of id order: the fill orders by time.
    ReportVerification.objects.create(
        report=older, verdict=Verdict.VERIFIED, verified_by=staff, created_at=moments[0]
    )
    ReportVerification.objects.create(
        report=newer, verdict=Verdict.DISPUTED, verified_by=staff, created_at=moments[2]
    )
    ReportVerification.objects.create(
        report=newer, verdict=Verdict.VERIFIED, verified_by=staff, created_at=moments[1]
    )
    ReportVerification.objects.create(report=only, verdict=Verdict.DISPUTED, verified_by=staff)
    Pledge.objects.update(verified_progress=None, last_verified_at=None)

    with connection.cursor() as cursor:
        cursor.execute(fill_migration.FILL_VERIFICATION)

    assert verification_of(pledge) == (30, moments[0])
    assert verification_of(other) == (None, None)
    assert_consistent()


def test_the_database_refuses_a_verified_progress_out_of_range_or_without_its_time(trail):
    pledge, _older, _newer = trail
    for values in (
        {"verified_progress": 101, "last_verified_at": timezone.now()},
        {"verified_progress": 50, "last_verified_at": None},
        {"verified_progress": None, "last_verified_at": timezone.now()},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Pledge.objects.filter(pk=pledge.pk).update(**values)


def test_the_fields_are_not_editable_or_in_the_history(reference_data):
    for name in ("verified_progress", "last_verified_at"):
        assert not Pledge._meta.get_field(name).editable
        assert name not in {field.name for field in Pledge.history.model._meta.fields}
