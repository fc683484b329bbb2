"""A data journalist opens /public/data/, reads a data dictionary and downloads each format of a
dataset, in English and in Arabic, with no request to another host; axe-core clean at 1366 and
360 px."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pytest
from playwright.sync_api import expect

from pledges.services import report_narrative_publish
from tests.browser.test_languages import switch_language
from tests.factories import (
    EndorsementFactory,
    MembershipFactory,
    PledgeFactory,
    ProgressReportFactory,
    StaffFactory,
    state,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

FORMULA = '=HYPERLINK("http://example.org","Plan")'


@pytest.fixture
def records(reference_data):
    staff = StaffFactory(username="alice")
    pledge = PledgeFactory(
        member_state=state("KEN"), title="Costed national action plan", sdg_targets=["16.2"]
    )
    PledgeFactory(member_state=state("TUR"), title=FORMULA)
    PledgeFactory(member_state=state("KEN"), title="Internal draft", visibility="internal")
    report = ProgressReportFactory(pledge=pledge, author=staff, narrative="Cabinet approved the plan.")
    report_narrative_publish(report=report, by=staff, public=True)
    EndorsementFactory(member_state=state("KEN"), signatory="Hon. Signatory")
    MembershipFactory(member_state=state("KEN"), focal_point="Focal Person")
    return pledge


@pytest.fixture
def offline_page(browser_page, live_server):
    """The visitor's page; every request to another host is recorded and refused."""
    page = browser_page
    local_host = urlsplit(live_server.url).netloc
    page.elsewhere = []

    def only_local(route):
        if urlsplit(route.request.url).netloc == local_host:
            route.continue_()
        else:
            page.elsewhere.append(route.request.url)
            route.abort("internetdisconnected")

    page.context.route("**/*", only_local)
    return page


def downloaded(page, link) -> tuple[str, bytes]:
    """Click a download link as a visitor does; the file's suggested name and its bytes."""
    with page.expect_download() as info:
        link.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def open_every_dictionary(page) -> None:
    for details in page.locator("details.data-dictionary").all():
        if details.get_attribute("open") is None:
            details.locator("summary").click()
    expect(page.locator("details.data-dictionary:not([open])")).to_have_count(0)


def test_a_visitor_reads_the_dictionary_and_downloads_every_format(records, offline_page, page_check):
    page = offline_page
    page.goto("/")
    page.get_by_role("link", name="Open data").click()
    page.wait_for_url("**/public/data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    expect(page.locator("section.dataset")).to_have_count(4)
    expect(page.locator('a[rel="license"]').first).to_have_text("CC BY 4.0")

    pledges = page.locator("section.dataset").filter(
        has=page.get_by_role("heading", name="Pledges", exact=True)
    )
    pledges.locator("summary").click()
    dictionary = pledges.get_by_role("table", name="Columns of “Pledges”")
    expect(dictionary).to_be_visible()
    expect(dictionary.locator('tr[data-column="status_label"]')).to_be_visible()
    expect(dictionary.locator('tr[data-column="status"]')).to_contain_text("In progress")
    open_every_dictionary(page)
    page_check(page, "open-data")

    name, data = downloaded(page, pledges.get_by_role("link", name="Pledges: Download CSV"))
    assert name.startswith("open-data-pledges-")
    assert name.endswith(".csv")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert {row["title"] for row in rows} == {"Costed national action plan", "'" + FORMULA}

    name, data = downloaded(page, pledges.get_by_role("link", name="Pledges: Download Excel (XLSX)"))
    assert name.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    assert [
        cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row if cell.value == "'" + FORMULA
    ] == ["s"]

    reports = page.locator("section.dataset").filter(has=page.get_by_role("heading", name="Progress reports"))
    name, data = downloaded(page, reports.get_by_role("link", name="Progress reports: Download JSON"))
    document = json.loads(data)
    assert (document["dataset"], document["licence"]["name"]) == ("reports", "CC BY 4.0")
    assert [row["narrative"] for row in document["rows"]] == ["Cabinet approved the plan."]
    assert "Internal draft" not in page.content()
    assert page.elsewhere == []


def test_the_open_data_page_reads_right_to_left_in_arabic(records, offline_page, page_check):
    page = offline_page
    page.goto("/public/data/")
    switch_language(page, "ar")
    assert page.locator("html").get_attribute("dir") == "rtl"
    open_every_dictionary(page)
    page_check(page, "open-data-ar")
    alliance = page.locator("section.dataset").nth(3)
    name, data = downloaded(page, alliance.locator('a[data-format="csv"]'))
    assert name.startswith("open-data-alliance-")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [row["member_state"] for row in rows] == ["KEN"]
    assert rows[0]["member_state_name"] == "كينيا"
    assert "Focal Person" not in data.decode("utf-8-sig")
    assert page.elsewhere == []
