"""The dashboard's reporting-rate chart and the endpoint it draws from."""

from __future__ import annotations

from tests.factories import PledgeFactory, ProgressReportFactory


def test_dashboard_has_the_reporting_chart_and_its_labels(web, staff, reference_data):
    page = web(staff).get("/").content.decode()
    assert 'id="chart-reporting"' in page
    assert "Reports received (%)" in page
    assert "Received on time (%)" in page


def test_the_chart_source_gives_both_rates_per_region(api, staff, reference_data):
    pledge = PledgeFactory()
    ProgressReportFactory(pledge=pledge, author=staff, due_date=pledge.next_report_due)
    year = pledge.next_report_due.year
    payload = api(staff).get(f"/api/v1/dashboard/reporting/?group_by=region&year={year}").json()
    row = payload["results"][0]
    assert {"group", "name", "reporting_rate", "on_time_rate"} <= row.keys()
    assert row["name"] == "Africa"
