"""Database invariants of pledges and commitments: refused by the database, nothing written."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from pledges.choices import PledgeStatus
from pledges.models import AllianceMembership, CtaEndorsement, Pledge, ProgressReport
from tests.engagement.test_constraints import assert_refused
from tests.factories import EndorsementFactory, MembershipFactory, PledgeFactory, ProgressReportFactory, state

pytestmark = pytest.mark.django_db


def test_a_state_endorses_the_call_to_action_once(reference_data):
    EndorsementFactory(member_state=state("KEN"))
    assert_refused(CtaEndorsement, lambda: EndorsementFactory(member_state=state("KEN")))


def test_a_state_joins_the_alliance_once(reference_data):
    MembershipFactory(member_state=state("KEN"))
    assert_refused(AllianceMembership, lambda: MembershipFactory(member_state=state("KEN")))


@pytest.mark.parametrize("progress", [101, -1])
def test_pledge_progress_outside_0_100_is_refused(reference_data, progress):
    assert_refused(Pledge, lambda: PledgeFactory(progress=progress))


def test_pledge_progress_of_101_gives_a_clear_message(reference_data):
    with pytest.raises(ValidationError) as caught:
        PledgeFactory.build(progress=101).full_clean()
    assert "progress" in caught.value.message_dict


def test_an_achieved_pledge_has_progress_100(reference_data):
    assert_refused(Pledge, lambda: PledgeFactory(status=PledgeStatus.ACHIEVED, progress=90))


def test_an_achieved_pledge_below_100_gives_a_clear_message(reference_data):
    with pytest.raises(ValidationError, match="An achieved pledge has progress 100"):
        PledgeFactory.build(status=PledgeStatus.ACHIEVED, progress=90).full_clean()


def test_an_achieved_pledge_at_100_is_accepted(reference_data):
    PledgeFactory(status=PledgeStatus.ACHIEVED, progress=100)
    assert Pledge.objects.filter(status=PledgeStatus.ACHIEVED).count() == 1


def test_a_report_cannot_be_achieved_below_100(reference_data):
    assert_refused(ProgressReport, lambda: ProgressReportFactory(status=PledgeStatus.ACHIEVED, progress=50))


def test_the_database_refuses_to_update_a_progress_report(reference_data):
    report = ProgressReportFactory(progress=40, narrative="Costed.")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ProgressReport.objects.filter(pk=report.pk).update(progress=90, narrative="Rewritten.")
    report.refresh_from_db()
    assert (report.progress, report.narrative) == (40, "Costed.")


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite cannot refuse deletes in the database and still be flushed; PostgreSQL (CI) does",
)
def test_the_database_refuses_to_delete_a_progress_report(reference_data):
    report = ProgressReportFactory()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM pledges_progressreport WHERE id = %s", [report.pk])
    assert ProgressReport.objects.filter(pk=report.pk).exists()


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite cannot refuse deletes in the database and still be flushed; PostgreSQL (CI) does",
)
def test_the_database_refuses_a_queryset_delete_of_progress_reports(reference_data):
    report = ProgressReportFactory()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ProgressReport.objects.filter(pk=report.pk).delete()
    assert ProgressReport.objects.filter(pk=report.pk).exists()


def test_the_model_refuses_to_save_a_written_progress_report(reference_data):
    report = ProgressReportFactory(progress=40)
    report.progress = 90
    with pytest.raises(ValidationError, match="never changed"):
        report.save()
    report.refresh_from_db()
    assert report.progress == 40


def test_the_model_refuses_to_delete_a_progress_report(reference_data):
    report = ProgressReportFactory()
    with pytest.raises(ValidationError, match="never deleted"):
        report.delete()
    assert ProgressReport.objects.filter(pk=report.pk).exists()
