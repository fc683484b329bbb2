"""The pledge list as a table (sorting, totals, CSV/XLSX); the pledge form's pickers, order and formats."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from tests.factories import PledgeFactory, state, term


@pytest.fixture
def pledges(reference_data):
    return [
        PledgeFactory(title="Budget line", member_state=state("KEN"), progress=20, status="in_progress"),
        PledgeFactory(title="Achieved act", member_state=state("FJI"), progress=100, status="achieved"),
        PledgeFactory(title="Costed plan", member_state=state("THA"), progress=0, status="planned"),
    ]


def rows_of_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))


@pytest.mark.parametrize(
    ("sort", "titles"),
    [
        ("title", ["Achieved act", "Budget line", "Costed plan"]),
        ("-progress", ["Achieved act", "Budget line", "Costed plan"]),
        ("member_state", ["Achieved act", "Budget line", "Costed plan"]),  # Fiji, Kenya, Thailand
        ("-member_state", ["Costed plan", "Budget line", "Achieved act"]),
    ],
)
def test_the_list_sorts_by_a_column(web, staff, pledges, sort, titles):
    page = web(staff).get(f"/pledges/?sort={sort}").content.decode()
    positions = [page.index(f">{title}") for title in titles]
    assert positions == sorted(positions)
    assert "aria-sort=" in page


def test_the_footer_counts_the_pledges_per_status_and_averages_their_progress(web, staff, pledges):
    page = web(staff).get("/pledges/").content.decode()
    footer = page[page.index("<tfoot") : page.index("</tfoot>")]
    assert "Total: 3" in footer
    assert "average 40 %" in footer
    assert "Planned 1; In progress 1; Achieved 1" in footer


def test_the_footer_totals_follow_the_filters(web, staff, pledges):
    page = web(staff).get("/pledges/?member_state=KEN").content.decode()
    footer = page[page.index("<tfoot") : page.index("</tfoot>")]
    assert "Total: 1" in footer
    assert "average 20 %" in footer


def test_the_csv_holds_the_filtered_sorted_rows(web, staff, pledges):
    response = web(staff).get("/pledges/?status=in_progress&_export=csv")
    assert response.status_code == 200
    assert 'filename="pledges.csv"' in response["Content-Disposition"]
    rows = rows_of_csv(response)
    assert rows[0][:5] == ["Pledge", "Member State", "Area", "Status", "Progress"]
    assert [row[:5] for row in rows[1:]] == [
        ["Budget line", "Kenya", "Policy and plans", "In progress", "20"]
    ]


def test_the_xlsx_holds_every_row_in_the_asked_order(web, staff, pledges):
    response = web(staff).get("/pledges/?sort=-progress&_export=xlsx")
    assert response.status_code == 200
    values = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert [row[0] for row in values[1:]] == ["Achieved act", "Budget line", "Costed plan"]
    assert [row[4] for row in values[1:]] == [100, 20, 0]


def test_the_download_keeps_a_focal_points_scope(web, focal_ken, pledges):
    PledgeFactory(title="Fiji internal", member_state=state("FJI"), visibility="internal")
    titles = [row[0] for row in rows_of_csv(web(focal_ken).get("/pledges/?_export=csv"))[1:]]
    assert "Fiji internal" not in titles
    assert "Budget line" in titles


def test_an_internal_pledge_is_marked_in_the_list(web, staff, reference_data):
    PledgeFactory(title="Draft", visibility="internal")
    assert '<span class="badge internal">Internal</span>' in web(staff).get("/pledges/").content.decode()


# --- The pledge form and page ---------------------------------------------------------------


def test_the_form_offers_states_and_staff_as_pickers_named_as_the_api_names_them(web, staff):
    page = web(staff).get("/pledges/new/").content.decode()
    assert '<select name="member_state" data-picker' in page
    assert '<option value="KEN">Kenya</option>' in page
    assert '<select name="responsible_staff" data-picker' in page
    assert '<option value="alice">' in page
    assert 'data-filter-by="id_member_state"' in page


def test_the_form_lists_sdg_targets_in_numeric_order_with_their_titles(web, staff):
    page = web(staff).get("/pledges/new/").content.decode()
    codes = ["4.7", "4.a", "5.2", "11.7", "16.2"]
    positions = [
        page.index(f"{term('sdg_target', code).code} {term('sdg_target', code).name}") for code in codes
    ]
    assert positions == sorted(positions)


def test_the_edit_form_shows_the_saved_state_and_staff_member(web, staff, reference_data):
    pledge = PledgeFactory(member_state=state("FJI"), responsible_staff=staff)
    page = web(staff).get(f"/pledges/{pledge.pk}/edit/").content.decode()
    assert '<option value="FJI" selected>' in page
    assert '<option value="alice" selected>' in page


def test_the_error_summary_opens_the_pledge_form(web, staff):
    page = web(staff).post("/pledges/new/", {"member_state": "KEN"}).content.decode()
    summary = page.index('class="error-summary"')
    assert summary < page.index('id="pledge-form"')
    assert '<a href="#id_title">' in page[summary:]


def test_the_error_summary_opens_the_report_form(web, focal_ken, reference_data):
    pledge = PledgeFactory(member_state=state("KEN"))
    page = web(focal_ken).post(f"/pledges/{pledge.pk}/report/", {"progress": "140"}).content.decode()
    summary = page.index('class="error-summary"')
    assert summary < page.index('<form method="post"')
    assert '<a href="#id_narrative">' in page[summary:]


def test_the_pledge_page_shows_the_budget_with_thousands_separators_and_currency(web, staff, reference_data):
    pledge = PledgeFactory(budget_committed=True, budget_amount=Decimal("850000.00"), budget_currency="USD")
    assert "850,000 USD" in web(staff).get(f"/pledges/{pledge.pk}/").content.decode()
