"""The shared list table: sorting, totals, and downloads of exactly what the list shows."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(reference_data):
    return [
        MeetingFactory(title="Budget talk", children_engaged=3),
        MeetingFactory(title='=HYPERLINK("http://x")', children_engaged=4),
        MeetingFactory(title="Another", children_engaged=0),
    ]


def test_a_list_sorts_by_a_column_and_marks_it_for_screen_readers(web, staff, meetings):
    page = web(staff).get("/meetings/?sort=title").content.decode()
    assert page.index("Another") < page.index("Budget talk")
    assert 'aria-sort="ascending"' in page
    descending = web(staff).get("/meetings/?sort=-title").content.decode()
    assert descending.index("Budget talk") < descending.index("Another")
    assert 'aria-sort="descending"' in descending


def test_a_list_totals_its_numbers_in_the_footer(web, staff, meetings):
    page = web(staff).get("/meetings/").content.decode()
    footer = page[page.index("<tfoot") : page.index("</tfoot>")]
    assert ">7<" in footer.replace(" ", "").replace("\n", "")


def test_the_csv_download_holds_the_filtered_sorted_rows_formulas_defused(web, staff, meetings):
    response = web(staff).get("/meetings/?sort=title&q=a&_export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="meetings.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:2] == ["Date", "Title"]
    titles = [row[1] for row in rows[1:]]
    assert titles == ['\'=HYPERLINK("http://x")', "Another", "Budget talk"]


def test_the_xlsx_download_is_a_real_workbook_of_the_same_rows(web, staff, meetings):
    response = web(staff).get("/meetings/?sort=-children_engaged&_export=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][1] == "Title"
    assert [row[5] for row in values[1:]] == [4, 3, 0]


def test_a_list_says_how_many_rows_it_holds(web, staff, meetings):
    page = web(staff).get("/meetings/").content.decode()
    assert "3 rows" in page
    assert "3 rows" not in web(staff).get("/meetings/?q=Budget").content.decode()
