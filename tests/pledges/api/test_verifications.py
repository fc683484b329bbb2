"""/api/v1/pledges/{id}/reports/{report_id}/verifications/: staff verdicts, append-only."""

from __future__ import annotations

import pytest

from pledges.choices import Verdict
from pledges.models import ReportVerification
from tests.factories import ProgressReportFactory


@pytest.fixture
def report(ken_internal, focal_ken):
    return ProgressReportFactory(pledge=ken_internal, author=focal_ken, progress=40)


def url(report) -> str:
    return f"/api/v1/pledges/{report.pledge_id}/reports/{report.pk}/verifications/"


def test_staff_verify_a_report(api, staff, report):
    response = api(staff).post(url(report), {"verification": "verified", "note": "Gazette checked."})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["verification"], body["verified_by"], body["report"]) == ("verified", "alice", report.pk)


def test_latest_verdict_is_the_reports_verification(api, staff, report):
    client = api(staff)
    client.post(url(report), {"verification": "verified"})
    client.post(url(report), {"verification": "disputed", "note": "The gazette was withdrawn."})
    rows = client.get(f"/api/v1/pledges/{report.pledge_id}/reports/").json()["results"]
    assert rows[0]["verification"] == "disputed"


def test_verified_report_sets_the_pledges_verified_progress(api, staff, report):
    api(staff).post(url(report), {"verification": "verified"})
    body = api(staff).get(f"/api/v1/pledges/{report.pledge_id}/").json()
    assert body["verified_progress"] == 40


def test_focal_point_sees_verdict_and_note_on_own_states_report(api, staff, focal_ken, report):
    report.verifications.create(verdict=Verdict.DISPUTED, note="Link is broken.", verified_by=staff)
    rows = api(focal_ken).get(url(report)).json()["results"]
    assert [(row["verification"], row["note"]) for row in rows] == [("disputed", "Link is broken.")]


def test_other_states_focal_point_cannot_see_verifications(api, focal_fji, report):
    assert api(focal_fji).get(url(report)).status_code == 404


def test_report_of_another_pledge_is_not_found(api, staff, report, fji_public):
    wrong = f"/api/v1/pledges/{fji_public.pk}/reports/{report.pk}/verifications/"
    assert api(staff).get(wrong).status_code == 404


def test_focal_point_cannot_verify(api, focal_ken, report):
    assert api(focal_ken).post(url(report), {"verification": "verified"}).status_code == 403
    assert not ReportVerification.objects.exists()


@pytest.mark.parametrize("body", [{"verification": "approved"}, {"note": "no verdict"}, {"verification": 1}])
def test_bad_verdict_is_400_and_nothing_is_written(api, staff, report, body):
    response = api(staff).post(url(report), body, format="json")
    assert response.status_code == 400
    assert "verification" in response.json()
    assert not ReportVerification.objects.exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_verifications_are_append_only(api, staff, report, method):
    verification = report.verifications.create(verdict=Verdict.VERIFIED, verified_by=staff)
    response = getattr(api(staff), method)(f"{url(report)}{verification.pk}/", {"verification": "disputed"})
    assert response.status_code == 405
    assert ReportVerification.objects.get().verdict == Verdict.VERIFIED


def test_dispute_e_mails_the_reports_author(
    api, staff, report, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api(staff).post(url(report), {"verification": "disputed", "note": "The link is broken."})
    assert [message.to for message in mailoutbox] == [[report.author.email]]


def test_verification_sends_no_e_mail(api, staff, report, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api(staff).post(url(report), {"verification": "verified"})
    assert mailoutbox == []
