"""The report form's context (the pledge, its last report, the note to answer) and "no change" reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from pledges.choices import Verdict, Visibility
from pledges.models import ProgressReport, ReportVerification
from pledges.selectors import report_is_on_time
from pledges.services import DuplicateReport, pledge_report_progress
from tests.factories import PledgeFactory, ProgressReportFactory, state
from tests.fixtures.pages import assert_sent_to_sign_in

NO_CHANGE = "No change since the last report."


@pytest.fixture
def pledge(reference_data):
    return PledgeFactory(
        member_state=state("KEN"),
        title="Costed national action plan",
        status="in_progress",
        progress=40,
        target_date=dt.date(2027, 12, 31),
        next_report_due=timezone.localdate() + dt.timedelta(days=10),
        visibility=Visibility.INTERNAL,
    )


@pytest.fixture
def last_report(pledge, focal_ken):
    report = ProgressReportFactory(
        pledge=pledge,
        author=focal_ken,
        status="in_progress",
        progress=40,
        narrative="The plan went to cabinet.",
        evidence_url="https://example.org/plan.pdf",
        created_at=timezone.now() - dt.timedelta(days=30),
    )
    return report


def report_url(pledge) -> str:
    return f"/pledges/{pledge.pk}/report/"


def no_change_url(pledge) -> str:
    return f"/pledges/{pledge.pk}/report/no-change/"


def test_the_form_shows_the_pledge_and_its_last_report(web, focal_ken, pledge, last_report):
    page = web(focal_ken).get(report_url(pledge)).content.decode()
    for text in (
        "Costed national action plan",
        "Kenya",
        "In progress",
        "40 %",
        date_format(pledge.target_date),
    ):
        assert text in page, text
    last = page[page.index('id="last-report"') :]
    assert "The plan went to cabinet." in last
    assert 'href="https://example.org/plan.pdf"' in last
    assert date_format(timezone.localtime(last_report.created_at).date()) in last
    assert 'id="dispute-note"' not in page


def test_a_disputed_last_report_puts_the_staff_note_at_the_top(web, focal_ken, staff, pledge, last_report):
    ReportVerification.objects.create(
        report=last_report, verdict=Verdict.DISPUTED, note="Attach the cabinet decision.", verified_by=staff
    )
    page = web(focal_ken).get(report_url(pledge)).content.decode()
    assert 'id="dispute-note"' in page
    assert page.index('id="dispute-note"') < page.index('id="last-report"') < page.index('name="narrative"')
    note_box = page[
        page.index('id="dispute-note"') : page.index("</section>", page.index('id="dispute-note"'))
    ]
    assert "Attach the cabinet decision." in note_box


def test_a_verified_dispute_answered_by_a_new_report_is_no_longer_shown(
    web, focal_ken, staff, pledge, last_report
):
    ReportVerification.objects.create(
        report=last_report, verdict=Verdict.DISPUTED, note="Where?", verified_by=staff
    )
    pledge_report_progress(pledge=pledge, by=focal_ken, status="in_progress", progress=45, narrative="Here.")
    assert 'id="dispute-note"' not in web(focal_ken).get(report_url(pledge)).content.decode()


def test_no_change_records_a_normal_report_with_the_same_status_and_progress(
    web, focal_ken, pledge, last_report
):
    due_before = pledge.next_report_due
    response = web(focal_ken).post(no_change_url(pledge), {"comment": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/pledges/{pledge.pk}/"
    report = ProgressReport.objects.filter(pledge=pledge).order_by("-created_at", "-id").first()
    assert report.pk != last_report.pk
    assert (report.status, report.progress, report.narrative) == ("in_progress", 40, NO_CHANGE)
    assert report.author == focal_ken
    assert report.due_date == due_before
    assert report_is_on_time(report)
    pledge.refresh_from_db()
    assert pledge.next_report_due == timezone.localdate() + dt.timedelta(days=pledge.reporting_interval_days)


def test_no_change_keeps_the_optional_comment_as_narrative(web, focal_ken, pledge, last_report):
    web(focal_ken).post(no_change_url(pledge), {"comment": "  Budget still awaited.  "})
    assert ProgressReport.objects.filter(pledge=pledge, narrative="Budget still awaited.").count() == 1


def test_a_second_no_change_within_24_hours_is_refused_with_the_duplicate_message(
    web, focal_ken, pledge, last_report
):
    client = web(focal_ken)
    client.post(no_change_url(pledge), {"comment": ""})
    response = client.post(no_change_url(pledge), {"comment": ""})
    assert response.status_code == 200
    assert "identical to the one you sent less than 24 hours ago" in response.content.decode()
    assert ProgressReport.objects.filter(pledge=pledge).count() == 2


def test_the_service_records_no_change_as_an_on_time_report(focal_ken, pledge, last_report):
    report = pledge_report_progress(
        pledge=pledge, by=focal_ken, status="in_progress", progress=40, narrative=NO_CHANGE
    )
    assert report_is_on_time(report)
    with pytest.raises(DuplicateReport):
        pledge_report_progress(
            pledge=pledge, by=focal_ken, status="in_progress", progress=40, narrative=NO_CHANGE
        )
    assert ProgressReport.objects.filter(pledge=pledge).count() == 2


@pytest.mark.parametrize(("who", "status"), [("focal_fji", 404), ("viewer", 403), ("staff", 302)])
def test_who_may_say_no_change(request, web, pledge, last_report, who, status):
    response = web(request.getfixturevalue(who)).post(no_change_url(pledge), {"comment": ""})
    assert response.status_code == status
    assert ProgressReport.objects.filter(pledge=pledge).count() == (2 if status == 302 else 1)


def test_no_change_is_post_only_and_anonymous_signs_in(web, focal_ken, pledge, last_report):
    assert web(focal_ken).get(no_change_url(pledge)).status_code == 405
    response = web().post(no_change_url(pledge), {"comment": ""})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert_sent_to_sign_in(web, report_url(pledge))
    assert ProgressReport.objects.filter(pledge=pledge).count() == 1
