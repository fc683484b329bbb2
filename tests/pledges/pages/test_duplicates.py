"""Duplicates on the pages: the API's 409 message, nothing written, a link to the existing pledge."""

from __future__ import annotations

import html

from pledges.models import Pledge, ProgressReport
from tests.factories import PledgeFactory, state
from tests.pledges.admin.imports import csv_upload, invalid_fields, preview

REPORT = {"status": "in_progress", "progress": "60", "narrative": "The helpline now runs around the clock."}


def test_a_repeated_report_is_refused_on_the_page_with_the_apis_message(web, focal_ken, reference_data):
    pledge = PledgeFactory(member_state=state("KEN"))
    client = web(focal_ken)
    assert client.post(f"/pledges/{pledge.pk}/report/", REPORT).status_code == 302
    response = client.post(f"/pledges/{pledge.pk}/report/", REPORT)
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    summary = page[page.index('class="error-summary"') :]
    assert "identical to the one you sent less than 24 hours ago" in summary[: summary.index("</div>")]
    assert ProgressReport.objects.count() == 1


def test_a_duplicate_pledge_is_refused_on_the_page_with_a_link_to_the_existing_one(
    web, staff, reference_data
):
    existing = PledgeFactory(member_state=state("KEN"), title="Fund the child helpline")
    data = {
        "member_state": "KEN",
        "title": "fund the  CHILD helpline",
        "origin": "bogota_2024",
        "made_on": "2024-11-08",
        "area": "services",
        "reporting_interval_days": "180",
    }
    response = web(staff).post("/pledges/new/", data)
    page = response.content.decode()
    assert response.status_code == 200
    summary = page[page.index('class="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    assert "This Member State already has a pledge with this title:" in summary
    assert f'<a href="/pledges/{existing.pk}/">Fund the child helpline</a>' in summary
    assert Pledge.objects.count() == 1


def test_the_admin_importer_refuses_a_duplicate_row_and_writes_nothing(admin_client, reference_data):
    PledgeFactory(member_state=state("KEN"), title="Fund the child helpline")
    header = ["member_state", "origin", "made_on", "title", "area", "status", "progress"]
    rows = [
        ["FJI", "bogota_2024", "2024-11-08", "Ban corporal punishment", "legislation", "planned", "0"],
        ["KEN", "bogota_2024", "2024-11-08", "FUND the child helpline", "services", "planned", "0"],
    ]
    response = preview(admin_client, "pledge", csv_upload(header, rows))
    result = response.context["result"]
    assert not result.has_errors()  # a row error naming the field, not a crash
    assert invalid_fields(response) == {2: {"title"}}
    assert Pledge.objects.count() == 1
