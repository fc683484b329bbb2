"""Verified progress on the pledge page: staff verify or dispute a report; focal points read and answer."""

from __future__ import annotations

import pytest

from pledges.models import ReportVerification
from tests.factories import PledgeFactory, ProgressReportFactory, state


@pytest.fixture
def report(reference_data, focal_ken):
    pledge = PledgeFactory(title="Costed national plan", member_state=state("KEN"), visibility="internal")
    return ProgressReportFactory(pledge=pledge, author=focal_ken, progress=60, narrative="Plan costed.")


def verify_url(report) -> str:
    return f"/pledges/{report.pledge_id}/reports/{report.pk}/verify/"


def test_staff_verify_a_report_and_the_page_shows_verified_progress(web, staff, report):
    client = web(staff)
    response = client.post(verify_url(report), {"verification": "verified", "note": ""})
    assert response["Location"] == f"/pledges/{report.pledge_id}/#report-{report.pk}"
    assert ReportVerification.objects.get().verdict == "verified"
    page = client.get(f"/pledges/{report.pledge_id}/").content.decode()
    assert "Verified progress" in page
    assert 'value="60"' in page.split("Verified progress")[1]


def test_staff_dispute_and_the_focal_point_reads_the_note_and_may_answer(web, staff, focal_ken, report):
    note = "The evidence link is a draft, not the adopted plan."
    web(staff).post(verify_url(report), {"verification": "disputed", "note": note})
    page = web(focal_ken).get(f"/pledges/{report.pledge_id}/").content.decode()
    assert note in page
    assert "Disputed" in page
    assert f'href="/pledges/{report.pledge_id}/report/">Answer with a new report' in page


def test_focal_point_sees_no_verify_buttons(web, focal_ken, report):
    page = web(focal_ken).get(f"/pledges/{report.pledge_id}/").content.decode()
    assert 'value="verified"' not in page
    assert verify_url(report) not in page


def test_staff_see_verify_and_dispute_buttons_on_each_report(web, staff, report):
    page = web(staff).get(f"/pledges/{report.pledge_id}/").content.decode()
    assert verify_url(report) in page
    assert 'value="disputed"' in page


@pytest.mark.parametrize("who", ["viewer", "focal_ken", "focal_fji"])
def test_a_forged_verdict_from_a_non_staff_account_is_refused_and_writes_nothing(web, request, report, who):
    response = web(request.getfixturevalue(who)).post(
        verify_url(report), {"verification": "verified", "note": "Looks fine to me"}
    )
    assert response.status_code == 403
    assert not ReportVerification.objects.exists()


def test_an_unknown_verdict_writes_nothing(web, staff, report):
    web(staff).post(verify_url(report), {"verification": "approved"})
    assert not ReportVerification.objects.exists()


def test_a_report_of_another_pledge_is_not_found(web, staff, report):
    other = PledgeFactory(member_state=state("FJI"))
    response = web(staff).post(
        f"/pledges/{other.pk}/reports/{report.pk}/verify/", {"verification": "verified"}
    )
    assert response.status_code == 404
    assert not ReportVerification.objects.exists()
