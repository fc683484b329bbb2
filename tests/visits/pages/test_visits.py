"""Visit list (table, filters, totals, downloads) and visit page."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from tests.factories import FollowUpFactory, PledgeFactory, VisitFactory, state


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def visits(reference_data):
    """A past visit to Kenya, one under way in Senegal, an upcoming one to Fiji (latest start)."""
    return {
        "KEN": VisitFactory(member_state=state("KEN"), children_met=40),
        "SEN": VisitFactory(
            member_state=state("SEN"),
            start_date=days(-1),
            end_date=days(2),
            status="confirmed",
            children_met=5,
        ),
        "FJI": VisitFactory(
            member_state=state("FJI"),
            start_date=days(10),
            end_date=days(12),
            status="planned",
            children_met=0,
        ),
    }


def table_body(page: str) -> str:
    return page[page.index("<tbody") : page.index("</tbody>")]


def test_upcoming_visits_come_before_past_ones(web, viewer, visits):
    body = table_body(web(viewer).get("/visits/").content.decode())
    assert body.index("Senegal") < body.index("Fiji") < body.index("Kenya")
    assert "Under way" in body
    assert "Upcoming" in body
    assert "Past" in body


@pytest.mark.parametrize(
    ("when", "shown", "hidden"),
    [("upcoming", ["Senegal", "Fiji"], ["Kenya"]), ("past", ["Kenya"], ["Senegal", "Fiji"])],
)
def test_the_when_filter_keeps_upcoming_or_past_visits(web, viewer, visits, when, shown, hidden):
    body = table_body(web(viewer).get("/visits/", {"when": when}).content.decode())
    assert all(name in body for name in shown)
    assert not any(name in body for name in hidden)


def test_filters_by_state_kind_status_and_dates(web, viewer, visits):
    client = web(viewer)
    assert "Fiji" in table_body(client.get("/visits/", {"member_state": "FJI"}).content.decode())
    assert "Kenya" not in table_body(client.get("/visits/", {"member_state": "FJI"}).content.decode())
    by_status = table_body(client.get("/visits/", {"status": "completed"}).content.decode())
    assert ("Kenya" in by_status, "Fiji" in by_status) == (True, False)
    by_dates = table_body(
        client.get("/visits/", {"date_after": days(5), "date_before": days(20)}).content.decode()
    )
    assert ("Fiji" in by_dates, "Senegal" in by_dates) == (True, False)


def test_the_footer_counts_the_visits_and_sums_the_children_met(web, viewer, visits):
    page = web(viewer).get("/visits/").content.decode()
    footer = page[page.index("<tfoot") : page.index("</tfoot>")]
    assert "Total: 3 visits" in footer
    assert ">45<" in footer.replace(" ", "").replace("\n", "")
    filtered = web(viewer).get("/visits/", {"when": "past"}).content.decode()
    assert ">40<" in filtered[filtered.index("<tfoot") :].replace(" ", "").replace("\n", "")


def test_a_column_sorts_the_list(web, viewer, visits):
    body = table_body(web(viewer).get("/visits/?sort=member_state").content.decode())
    assert body.index("Fiji") < body.index("Kenya") < body.index("Senegal")


def test_the_csv_download_holds_the_filtered_rows(web, viewer, visits):
    response = web(viewer).get("/visits/", {"when": "upcoming", "_export": "csv"})
    assert response.status_code == 200
    assert 'filename="visits.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert rows[0] == [
        "Member State",
        "Start",
        "End",
        "When",
        "Kind",
        "Status",
        "Staff owner",
        "Children met",
    ]
    assert [(row[0], row[3], row[5]) for row in rows[1:]] == [
        ("Senegal", "Under way", "Confirmed"),
        ("Fiji", "Upcoming", "Planned"),
    ]


def test_the_xlsx_download_is_a_workbook_of_the_same_rows(web, viewer, visits):
    response = web(viewer).get("/visits/", {"sort": "-children_met", "_export": "xlsx"})
    assert response.status_code == 200
    values = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert [row[0] for row in values[1:]] == ["Kenya", "Senegal", "Fiji"]
    assert [row[7] for row in values[1:]] == [40, 5, 0]


def test_a_focal_point_lists_and_downloads_only_its_own_states_visits(web, focal_ken, visits):
    response = web(focal_ken).get("/visits/", {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert [row[0] for row in rows[1:]] == ["Kenya"]


def test_only_staff_see_the_plan_button_and_the_visit_actions(web, staff, viewer, visits):
    visit = visits["FJI"]
    assert "Plan a visit" in web(staff).get("/visits/").content.decode()
    assert "Plan a visit" not in web(viewer).get("/visits/").content.decode()
    staff_page = web(staff).get(f"/visits/{visit.pk}/").content.decode()
    for action in ("edit", "confirm", "complete", "cancel", "delete"):
        assert f"/visits/{visit.pk}/{action}/" in staff_page
    assert f"/visits/{visit.pk}/replan/" not in staff_page
    viewer_page = web(viewer).get(f"/visits/{visit.pk}/").content.decode()
    assert f"/visits/{visit.pk}/edit/" not in viewer_page
    assert f"/visits/{visit.pk}/delete/" not in viewer_page


def test_a_completed_visit_offers_no_status_action(web, staff, visits):
    visit = visits["KEN"]
    page = web(staff).get(f"/visits/{visit.pk}/").content.decode()
    assert f"/visits/{visit.pk}/edit/" in page
    for action in ("confirm", "complete", "cancel", "replan"):
        assert f"/visits/{visit.pk}/{action}/" not in page


def test_visit_page_shows_commitments_and_follow_ups(web, staff, reference_data):
    visit = VisitFactory()
    PledgeFactory(title="Raise the age of criminal responsibility", origin="country_visit", visit=visit)
    FollowUpFactory(title="Send the visit report", visit=visit)
    page = web(staff).get(f"/visits/{visit.pk}/").content.decode()
    assert "Raise the age of criminal responsibility" in page
    assert "Send the visit report" in page


def test_focal_point_gets_404_on_another_states_visit(web, focal_fji, reference_data):
    visit = VisitFactory(member_state=state("KEN"))
    assert web(focal_fji).get(f"/visits/{visit.pk}/").status_code == 404


@pytest.mark.parametrize("count", [1, 60])
def test_list_costs_the_same_whatever_the_number_of_visits(web, viewer, django_assert_num_queries, count):
    VisitFactory.create_batch(count)
    client = web(viewer)
    with django_assert_num_queries(7):  # session, user, count, page, footer count, children sum, savepoint
        client.get("/visits/")
