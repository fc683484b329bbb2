"""The follow-up list: filters (status, assignee, overdue, due dates, State), sorting, totals, downloads."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from tests.factories import (
    FollowUpFactory,
    MeetingFactory,
    PledgeFactory,
    StaffFactory,
    VisitFactory,
    state,
)


def titles(response) -> list[str]:
    """The action titles of the list's rows, in order (from the CSV of the same query)."""
    return [row[1] for row in rows_of(response)[1:]]


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def actions(reference_data, staff, today):
    colleague = StaffFactory(username="bruno", first_name="Bruno")
    kenyan = MeetingFactory(title="Nairobi briefing")
    kenyan.member_states.add(state("KEN"))
    return {
        "overdue": FollowUpFactory(title="Overdue", assignee=staff, due_date=today - dt.timedelta(days=3)),
        "later": FollowUpFactory(
            title="Later", assignee=staff, due_date=today + dt.timedelta(days=20), meeting=kenyan
        ),
        "done": FollowUpFactory(
            title="Done already", assignee=staff, status="done", closed_on=today, due_date=today
        ),
        "bruno": FollowUpFactory(
            title="Bruno's",
            assignee=colleague,
            due_date=today + dt.timedelta(days=2),
            visit=VisitFactory(member_state=state("FJI")),
        ),
        "pledge": FollowUpFactory(
            title="On a Kenyan pledge",
            assignee=colleague,
            due_date=today + dt.timedelta(days=5),
            pledge=PledgeFactory(member_state=state("KEN")),
        ),
    }


def test_opens_on_my_open_actions_by_due_date(web, staff, actions):
    assert titles(web(staff).get("/follow-ups/", {"_export": "csv"})) == ["Overdue", "Later"]


def test_status_done_and_any(web, staff, actions):
    client = web(staff)
    assert titles(client.get("/follow-ups/", {"status": "done", "_export": "csv"})) == ["Done already"]
    assert titles(client.get("/follow-ups/", {"status": "any", "_export": "csv"})) == [
        "Overdue",
        "Done already",
        "Later",
    ]


def test_anyone_shows_every_assignee(web, staff, actions):
    response = web(staff).get("/follow-ups/", {"assignee": "", "_export": "csv"})
    assert titles(response) == ["Overdue", "Bruno's", "On a Kenyan pledge", "Later"]


def test_overdue_only(web, staff, actions):
    assert titles(web(staff).get("/follow-ups/", {"assignee": "", "overdue": "on", "_export": "csv"})) == [
        "Overdue"
    ]


def test_due_after_and_before(web, staff, actions, today):
    response = web(staff).get(
        "/follow-ups/",
        {
            "assignee": "",
            "due_after": (today + dt.timedelta(days=1)).isoformat(),
            "due_before": (today + dt.timedelta(days=6)).isoformat(),
            "_export": "csv",
        },
    )
    assert titles(response) == ["Bruno's", "On a Kenyan pledge"]


def test_state_reads_the_meeting_visit_or_pledge(web, staff, actions):
    client = web(staff)
    kenya = client.get("/follow-ups/", {"assignee": "", "member_state": "KEN", "_export": "csv"})
    assert titles(kenya) == ["On a Kenyan pledge", "Later"]
    fiji = client.get("/follow-ups/", {"assignee": "", "member_state": "FJI", "_export": "csv"})
    assert titles(fiji) == ["Bruno's"]


def test_sorts_by_a_column(web, staff, actions):
    page = web(staff).get("/follow-ups/", {"assignee": "", "sort": "-title"}).content.decode()
    assert page.index("On a Kenyan pledge") < page.index("Later") < page.index("Bruno&#x27;s")
    assert 'aria-sort="descending"' in page


def test_footer_counts_the_rows_and_the_overdue_ones(web, staff, actions):
    page = web(staff).get("/follow-ups/", {"assignee": "", "status": "any"}).content.decode()
    footer = page[page.index("<tfoot") : page.index("</tfoot>")]
    assert "5 actions, 1 overdue" in footer


def test_csv_has_the_listed_columns_without_the_buttons(web, staff, actions):
    response = web(staff).get("/follow-ups/", {"_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="follow-ups.csv"' in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[0] == ["Due date", "Action", "About", "Assignee", "Status"]
    assert rows[2][2] == "Nairobi briefing"
    assert rows[2][3] == "Alice"


def test_xlsx_download(web, staff, actions):
    import openpyxl

    response = web(staff).get("/follow-ups/", {"_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [row[1] for row in list(sheet.values)[1:]] == ["Overdue", "Later"]


def test_done_rows_offer_reopen_and_open_rows_done(web, staff, actions):
    page = web(staff).get("/follow-ups/", {"status": "any"}).content.decode()
    assert f"/follow-ups/{actions['done'].pk}/reopen/" in page
    assert f"/follow-ups/{actions['overdue'].pk}/done/" in page
    assert f"/follow-ups/{actions['done'].pk}/done/" not in page


def test_a_bad_filter_shows_nothing_rather_than_everything(web, staff, actions):
    response = web(staff).get("/follow-ups/", {"due_after": "not-a-date", "_export": "csv"})
    assert titles(response) == []


@pytest.mark.parametrize("count", [1, 40])
def test_list_costs_the_same_whatever_the_number_of_actions(
    web, staff, reference_data, django_assert_num_queries, count
):
    for index in range(count):
        parent = {"meeting": MeetingFactory()} if index % 2 else {"visit": VisitFactory()}
        FollowUpFactory(assignee=staff, **parent)
    client = web(staff)
    # session, user, assignee filter, row count, the navigation's waiting reports, the two filter
    # selects (staff, States), the page of rows with their parents, the footer totals, the
    # meetings from e-mail waiting
    with django_assert_num_queries(10):
        client.get("/follow-ups/")


def test_the_row_count_above_the_table_is_the_number_of_rows(web, staff, actions):
    page = web(staff).get("/follow-ups/").content.decode()
    assert "2 rows" in page
