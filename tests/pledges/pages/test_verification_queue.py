"""/verification/: staff verify or dispute every report without a verdict, oldest first, in place."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pledges.choices import Verdict
from pledges.models import ReportVerification
from reminders.choices import ReminderRule
from reminders.models import Reminder
from tests.factories import FocalPointFactory, PledgeFactory, ProgressReportFactory, state
from tests.fixtures.pages import assert_sent_to_sign_in

QUEUE = "/verification/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def reported(pledge, author, *, days_ago: int, **fields):
    """A report made `days_ago` days ago."""
    return ProgressReportFactory(
        pledge=pledge, author=author, created_at=timezone.now() - dt.timedelta(days=days_ago), **fields
    )


@pytest.fixture
def plan(reference_data):
    return PledgeFactory(
        title="Costed national action plan", member_state=state("KEN"), visibility="internal"
    )


@pytest.fixture
def report(plan, focal_ken):
    return reported(plan, focal_ken, days_ago=3, progress=60, narrative="Plan costed.")


def verdict_url(report) -> str:
    return f"/verification/{report.pk}/"


# --- Who may open it -------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["viewer", "focal_ken", "focal_fji"])
def test_only_staff_open_the_queue(web, request, report, who):
    assert web(request.getfixturevalue(who)).get(QUEUE).status_code == 403


def test_anonymous_is_sent_to_sign_in(web, report):
    assert_sent_to_sign_in(web, QUEUE)
    assert web().post(verdict_url(report), {"verification": "verified"}).status_code == 302
    assert not ReportVerification.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "focal_ken", "focal_fji"])
def test_a_verdict_from_a_non_staff_account_is_refused_and_writes_nothing(web, request, report, who):
    response = web(request.getfixturevalue(who)).post(
        verdict_url(report), {"verification": "verified", "note": "Fine by me"}, **HTMX
    )
    assert response.status_code == 403
    assert not ReportVerification.objects.exists()


# --- What it lists -------------------------------------------------------------------------------


def test_the_queue_lists_reports_without_a_verdict_oldest_first(web, staff, plan, focal_ken, report):
    older = reported(PledgeFactory(member_state=state("FJI"), title="Fiji study"), staff, days_ago=10)
    verified = reported(plan, focal_ken, days_ago=1)
    ReportVerification.objects.create(report=verified, verdict=Verdict.VERIFIED, verified_by=staff)

    response = web(staff).get(QUEUE)
    assert [row.pk for row in response.context["page"]] == [older.pk, report.pk]
    page = response.content.decode()
    assert "2 reports waiting for verification" in page
    assert page.index("Fiji study") < page.index("Costed national action plan")
    assert f'id="report-{verified.pk}"' not in page


def test_each_row_shows_what_changed_since_the_pledges_previous_report(web, staff, plan, focal_ken):
    first = reported(plan, focal_ken, days_ago=40, status="planned", progress=10)
    ReportVerification.objects.create(report=first, verdict=Verdict.VERIFIED, verified_by=staff)
    latest = reported(
        plan,
        focal_ken,
        days_ago=2,
        status="off_track",
        progress=35,
        evidence_url="https://example.org/budget.pdf",
    )
    response = web(staff).get(QUEUE)
    [row] = response.context["page"]
    assert (row.pk, row.previous_status, row.previous_progress) == (latest.pk, "planned", 10)
    page = response.content.decode()
    row_html = page[page.index(f'id="report-{latest.pk}"') :]
    assert "Planned</span>" in row_html
    assert "Off track</span>" in row_html
    assert row_html.index("Planned") < row_html.index("Off track")
    assert "10 %" in row_html
    assert "<strong>35 %</strong>" in row_html
    assert 'href="https://example.org/budget.pdf"' in row_html
    assert "Kamau" in row_html
    assert "Kenya" in row_html


def test_a_pledges_first_report_says_so(web, staff, report):
    [row] = web(staff).get(QUEUE).context["page"]
    assert row.previous_status is None
    assert "first report" in web(staff).get(QUEUE).content.decode()


def test_filters_by_state_region_author_state_and_age(web, staff, focal_ken, focal_fji, plan, report):
    fiji = PledgeFactory(member_state=state("FJI"), title="Fiji study")
    fiji_report = reported(fiji, focal_fji, days_ago=45)
    by_staff_on_kenya = reported(plan, staff, days_ago=1)
    client = web(staff)

    def listed(**params) -> set[int]:
        return {row.pk for row in client.get(QUEUE, params).context["page"]}

    assert listed(member_state="FJI") == {fiji_report.pk}
    assert listed(region="002") == {report.pk, by_staff_on_kenya.pk}  # Africa
    assert listed(author_state="KEN") == {report.pk}
    assert listed(age="30") == {fiji_report.pk}
    assert listed() == {report.pk, fiji_report.pk, by_staff_on_kenya.pk}
    assert "1 report waiting for verification" in client.get(QUEUE, {"age": "30"}).content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_the_queue_costs_the_same_whatever_the_number_of_reports(
    web, staff, plan, django_assert_num_queries, count
):
    for days_ago in range(count):
        author = FocalPointFactory(member_state=state("KEN"))
        reported(plan, author, days_ago=days_ago + 1)
    client = web(staff)
    client.get(QUEUE)
    # session, user, the queue's count, its page (pledge, State, author and the previous report
    # in one query), the navigation's waiting count, the filter form's options (States, regions,
    # the author's States), the meetings from e-mail waiting
    with django_assert_num_queries(9):
        response = client.get(QUEUE)
    assert len(response.context["page"]) == count


# --- Verdicts in place -----------------------------------------------------------------------------


def test_htmx_verify_replaces_the_row_with_its_outcome(web, staff, report):
    response = web(staff).post(verdict_url(report), {"verification": "verified", "note": ""}, **HTMX)
    assert response.status_code == 200
    verification = ReportVerification.objects.get()
    assert (verification.report_id, verification.verdict, verification.verified_by) == (
        report.pk,
        Verdict.VERIFIED,
        staff,
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith(
        f'<li class="queue-row queue-done verification-verified" id="report-{report.pk}"'
    )
    assert "Verified" in fragment
    assert "<form" not in fragment
    # The navigation's count is swapped out of band: nothing waits any more.
    assert '<span id="nav-verification-count" hx-swap-oob="true">0</span>' in fragment


def test_htmx_dispute_with_a_note_records_it_and_emails_the_author(
    web, staff, report, django_capture_on_commit_callbacks, mailoutbox
):
    note = "The evidence link is a draft, not the adopted plan."
    with django_capture_on_commit_callbacks(execute=True):
        response = web(staff).post(verdict_url(report), {"verification": "disputed", "note": note}, **HTMX)
    assert response.status_code == 200
    verification = ReportVerification.objects.get()
    assert (verification.verdict, verification.note) == (Verdict.DISPUTED, note)
    assert note in response.content.decode()
    assert "Disputed" in response.content.decode()
    # The same service as the API: the author hears of the dispute.
    assert Reminder.objects.get().rule == ReminderRule.REPORT_DISPUTED
    assert [message.to for message in mailoutbox] == [["kamau@example.org"]]
    assert web(staff).get(QUEUE).context["page"].paginator.count == 0


def test_a_plain_post_redirects_back_to_the_queue_it_came_from(web, staff, report):
    back = "/verification/?member_state=KEN"
    response = web(staff).post(verdict_url(report), {"verification": "verified", "back": back})
    assert response.status_code == 302
    assert response["Location"] == back
    assert ReportVerification.objects.get().verdict == Verdict.VERIFIED


def test_a_plain_post_never_redirects_off_the_queue(web, staff, report):
    response = web(staff).post(
        verdict_url(report), {"verification": "verified", "back": "https://evil.example/"}
    )
    assert response["Location"] == QUEUE


def test_an_unknown_verdict_writes_nothing_and_htmx_gets_the_row_back_with_the_error(web, staff, report):
    response = web(staff).post(verdict_url(report), {"verification": "approved"}, **HTMX)
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "Choose verified or disputed." in fragment
    assert f'action="/verification/{report.pk}/"' in fragment
    assert not ReportVerification.objects.exists()


def test_a_report_out_of_scope_is_not_found(web, staff):
    assert web(staff).post("/verification/999999/", {"verification": "verified"}).status_code == 404


# --- The count in the navigation and on the dashboard -----------------------------------------------


def test_staff_see_the_waiting_count_in_the_navigation_and_on_the_dashboard(
    web, staff, plan, focal_ken, report
):
    reported(plan, focal_ken, days_ago=1)
    client = web(staff)
    assert (
        'Verification (<span id="nav-verification-count">2</span>' in client.get("/pledges/").content.decode()
    )
    dashboard = client.get("/").content.decode()
    card = dashboard[dashboard.index('data-figure="reports_waiting"') :]
    assert '<div class="figure">2</div>' in card[: card.index("</li>")]


def test_viewers_and_focal_points_see_no_waiting_count(web, viewer, focal_ken, report):
    for user in (viewer, focal_ken):
        page = web(user).get(f"/pledges/{report.pledge_id}/").content.decode()
        assert "nav-verification-count" not in page
    assert 'data-figure="reports_waiting"' not in web(viewer).get("/").content.decode()


def test_the_navigation_count_is_one_query_on_a_staff_page(web, staff, viewer, report):
    """The pledge list costs a staff member exactly two queries more than a viewer: the reports
    waiting for verification and the meetings from e-mail waiting for them, one count each."""
    queries = {}
    for user in (viewer, staff):
        client = web(user)
        client.get("/pledges/")
        with CaptureQueriesContext(connection) as captured:
            client.get("/pledges/")
        queries[user.username] = [query["sql"] for query in captured]
    assert len(queries["alice"]) == len(queries["victor"]) + 2
    [drafts] = [sql for sql in queries["alice"] if "meetings_meetingdraft" in sql]
    assert drafts.startswith('SELECT COUNT(*) AS "__count" FROM "meetings_meetingdraft"')
    [extra] = [sql for sql in queries["alice"] if "pledges_progressreport" in sql]
    assert extra.startswith('SELECT COUNT(*) AS "__count" FROM "pledges_progressreport"')
    assert not [sql for sql in queries["victor"] if "pledges_progressreport" in sql]


# --- The compact control on the pledge page ---------------------------------------------------------


def test_the_pledge_page_offers_one_collapsed_control_per_report_without_a_verdict(
    web, staff, plan, focal_ken
):
    reports = [reported(plan, focal_ken, days_ago=days, progress=10 * days) for days in (5, 4, 3, 2, 1)]
    ReportVerification.objects.create(report=reports[0], verdict=Verdict.VERIFIED, verified_by=staff)
    ReportVerification.objects.create(
        report=reports[1], verdict=Verdict.DISPUTED, note="Wrong county list.", verified_by=staff
    )
    page = web(staff).get(f"/pledges/{plan.pk}/").content.decode()
    assert page.count('<details class="verify-disclosure">') == 3
    assert page.count("<summary>Verify or dispute</summary>") == 3
    assert page.count("<textarea") == 3
    assert page.count('value="verified"') == 3
    assert "Wrong county list." in page
    for verdict_free in reports[2:]:
        assert f"/pledges/{plan.pk}/reports/{verdict_free.pk}/verify/" in page
    for judged in reports[:2]:
        assert f"/pledges/{plan.pk}/reports/{judged.pk}/verify/" not in page
