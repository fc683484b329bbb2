"""A focal point's home ("/"): what is due from its State, then the State's record."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from pledges.choices import Verdict, Visibility
from pledges.models import AllianceMilestone, ReportVerification
from pledges.services import pledge_report_progress
from tests.factories import MembershipFactory, PledgeFactory, ProgressReportFactory, StaffFactory, state


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def disputed_pledge(iso3: str, title: str, note: str):
    pledge = PledgeFactory(member_state=state(iso3), title=title, next_report_due=days(90))
    report = ProgressReportFactory(pledge=pledge, narrative="We did it all.")
    ReportVerification.objects.create(
        report=report, verdict=Verdict.DISPUTED, note=note, verified_by=StaffFactory(username="verifier")
    )
    return pledge


@pytest.fixture
def kenya(reference_data):
    membership = MembershipFactory(member_state=state("KEN"), joined_on=days(-400))
    AllianceMilestone.objects.create(membership=membership, code="focal_point_appointed", done_on=days(-300))
    return {
        "membership": membership,
        "overdue": PledgeFactory(
            member_state=state("KEN"), title="Kenya overdue plan", next_report_due=days(-10)
        ),
        "soon": PledgeFactory(
            member_state=state("KEN"), title="Kenya plan due soon", next_report_due=days(5)
        ),
        "later": PledgeFactory(
            member_state=state("KEN"),
            title="Kenya later plan",
            next_report_due=days(150),
            target_date=days(900),
        ),
        "disputed": disputed_pledge("KEN", "Kenya disputed plan", "Attach the cabinet decision."),
    }


@pytest.fixture
def fiji(reference_data):
    PledgeFactory(member_state=state("FJI"), title="Fiji overdue plan", next_report_due=days(-10))
    PledgeFactory(
        member_state=state("FJI"),
        title="Fiji internal plan",
        next_report_due=days(3),
        visibility=Visibility.INTERNAL,
    )
    disputed_pledge("FJI", "Fiji disputed plan", "Fiji must show the budget line.")
    MembershipFactory(member_state=state("FJI"), joined_on=days(-400))


def section(page: str, heading_id: str) -> str:
    """The HTML of one section of the home, from its heading to the section's end."""
    match = re.search(rf'<h2 id="{heading_id}">.*?</section>', page, re.S)
    assert match, heading_id
    return match.group(0)


def home(web, user) -> str:
    response = web(user).get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "dashboards/focal_home.html"
    return response.content.decode()


def test_overdue_and_due_soon_reports_each_have_one_report_button(web, focal_ken, kenya):
    due = section(home(web, focal_ken), "due-reports")
    assert "Kenya overdue plan" in due
    assert "Kenya plan due soon" in due
    assert "Kenya later plan" not in due  # past the reminders' due-soon window
    for key in ("overdue", "soon"):
        assert due.count(f'href="/pledges/{kenya[key].pk}/report/"') == 1
    assert re.search(r'data-due="overdue">.*?Kenya overdue plan.*?Overdue since', due, re.S)


def test_a_disputed_report_shows_the_staff_note_and_an_answer_button(web, focal_ken, kenya):
    disputed = section(home(web, focal_ken), "due-disputed")
    assert "Kenya disputed plan" in disputed
    assert "Attach the cabinet decision." in disputed
    assert f'href="/pledges/{kenya["disputed"].pk}/report/"' in disputed
    assert ">Answer<" in disputed


def test_an_answered_dispute_leaves_the_list(web, focal_ken, kenya):
    pledge = kenya["disputed"]
    pledge_report_progress(
        pledge=pledge, by=focal_ken, status="in_progress", progress=45, narrative="Decision attached."
    )
    disputed = section(home(web, focal_ken), "due-disputed")
    assert "Kenya disputed plan" not in disputed
    assert "No report of yours is disputed." in disputed


def test_outstanding_milestones_show_their_due_date_and_done_ones_do_not(web, focal_ken, kenya):
    milestones = section(home(web, focal_ken), "due-milestones")
    assert milestones.count("data-milestone=") == 4
    assert "National focal point appointed" not in milestones
    assert "Costed national action plan adopted" in milestones
    due = kenya["membership"].joined_on + relativedelta(months=18)
    assert milestones.count(f"Due on {date_format(due, 'DATE_FORMAT')}") == 4


def test_next_deadlines_list_the_later_report_and_target_dates(web, focal_ken, kenya):
    deadlines = section(home(web, focal_ken), "due-next")
    assert "Kenya later plan" in deadlines
    assert "Report due" in deadlines


def test_the_states_record_follows_with_its_timeline(web, focal_ken, kenya):
    page = home(web, focal_ken)
    assert page.index('id="due-next"') < page.index('id="record"') < page.index('id="story"')
    assert "Progress report" in section_after(page, "story")


def section_after(page: str, heading_id: str) -> str:
    return page[page.index(f'id="{heading_id}"') :]


def test_another_states_items_never_show(web, focal_ken, kenya, fiji):
    page = home(web, focal_ken)
    for text in (
        "Fiji overdue plan",
        "Fiji internal plan",
        "Fiji disputed plan",
        "Fiji must show the budget line.",
    ):
        assert text not in page


def test_fiji_sees_its_own_items_and_none_of_kenyas(web, focal_fji, kenya, fiji):
    page = home(web, focal_fji)
    assert "Fiji internal plan" in section(page, "due-reports")
    assert "Fiji must show the budget line." in section(page, "due-disputed")
    assert "Kenya overdue plan" not in section(page, "due-reports")
    assert "Attach the cabinet decision." not in page


def test_nothing_due_says_so(web, focal_ken, reference_data):
    page = home(web, focal_ken)
    assert 'id="nothing-due"' in page
    assert 'id="due-milestones"' not in page  # not an Alliance member


@pytest.mark.parametrize("role", ["staff", "viewer"])
def test_staff_and_viewers_still_get_the_dashboard(request, web, kenya, role):
    response = web(request.getfixturevalue(role)).get("/")
    assert response.status_code == 200
    assert response.templates[0].name == "dashboards/dashboard.html"


def test_the_home_costs_the_same_whatever_the_number_of_items(web, focal_ken, kenya):
    client = web(focal_ken)
    client.get("/")  # warm the session and caches

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    few = count()
    for n in range(5):
        PledgeFactory(member_state=state("KEN"), title=f"More overdue {n}", next_report_due=days(-20 - n))
        PledgeFactory(member_state=state("KEN"), title=f"More soon {n}", next_report_due=days(n + 1))
        disputed_pledge("KEN", f"More disputed {n}", f"Note {n}")
    assert count() == few


def test_the_pledges_menu_lists_the_states_own_pledges_first_and_others_public_ones_apart(
    web, focal_ken, kenya, fiji
):
    PledgeFactory(member_state=state("KEN"), title="Kenya internal plan", visibility=Visibility.INTERNAL)
    response = web(focal_ken).get("/pledges/")
    page = response.content.decode()
    own, others = page.index('id="own-heading"'), page.index('id="others-heading"')
    assert own < others
    assert own < page.index("Kenya internal plan") < others
    assert own < page.index("Kenya overdue plan") < others
    assert page.index("Fiji overdue plan") > others
    assert "Fiji internal plan" not in page
    assert [table.caption for table in response.context["tables"]] == [
        "Your State's pledges",
        "Public pledges of other States",
    ]


def test_the_pledges_download_still_gives_every_row_a_focal_point_may_see(web, focal_ken, kenya, fiji):
    text = web(focal_ken).get("/pledges/?_export=csv").content.decode()
    assert "Kenya overdue plan" in text
    assert "Fiji overdue plan" in text
    assert "Fiji internal plan" not in text


def test_staff_keep_one_pledge_table(web, staff, kenya, fiji):
    response = web(staff).get("/pledges/")
    assert "tables" not in response.context
    assert 'id="own-heading"' not in response.content.decode()
