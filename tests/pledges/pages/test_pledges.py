"""Pledge list, pledge page and the progress report form."""

from __future__ import annotations

import pytest

from pledges.models import ProgressReport
from tests.factories import PledgeFactory, ProgressReportFactory, state


@pytest.fixture
def ken_pledge(reference_data):
    return PledgeFactory(
        title="Costed national plan", member_state=state("KEN"), status="in_progress", progress=20
    )


def test_focal_point_reports_progress_and_sees_it_on_the_timeline(web, focal_ken, ken_pledge):
    client = web(focal_ken)
    data = {
        "status": "in_progress",
        "progress": "60",
        "narrative": "Cabinet approved the plan.",
        "evidence_url": "",
    }
    response = client.post(f"/pledges/{ken_pledge.pk}/report/", data)
    assert response["Location"] == f"/pledges/{ken_pledge.pk}/"
    ken_pledge.refresh_from_db()
    assert ken_pledge.progress == 60
    assert "Cabinet approved the plan." in client.get(response["Location"]).content.decode()


def test_report_error_is_the_services_message_and_keeps_the_input(web, focal_ken, ken_pledge):
    data = {"status": "achieved", "progress": "50", "narrative": "Nearly there, we think."}
    response = web(focal_ken).post(f"/pledges/{ken_pledge.pk}/report/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "An achieved pledge has progress 100." in page
    assert "Nearly there, we think." in page
    assert not ProgressReport.objects.exists()


def test_report_without_narrative_saves_nothing(web, focal_ken, ken_pledge):
    response = web(focal_ken).post(
        f"/pledges/{ken_pledge.pk}/report/", {"status": "planned", "progress": "0"}
    )
    assert response.status_code == 200
    assert not ProgressReport.objects.exists()


def test_focal_point_gets_404_on_another_states_report_form(web, focal_fji, ken_pledge):
    assert web(focal_fji).get(f"/pledges/{ken_pledge.pk}/report/").status_code == 404
    data = {"status": "in_progress", "progress": "90", "narrative": "Not mine to tell."}
    assert web(focal_fji).post(f"/pledges/{ken_pledge.pk}/report/", data).status_code == 404
    assert not ProgressReport.objects.exists()


def test_focal_point_gets_404_on_another_states_internal_pledge(web, focal_fji, reference_data):
    pledge = PledgeFactory(member_state=state("KEN"), visibility="internal")
    assert web(focal_fji).get(f"/pledges/{pledge.pk}/").status_code == 404


def test_viewer_forged_report_is_refused(web, viewer, ken_pledge):
    data = {"status": "in_progress", "progress": "90", "narrative": "Forged."}
    assert web(viewer).post(f"/pledges/{ken_pledge.pk}/report/", data).status_code == 403
    assert not ProgressReport.objects.exists()


def test_viewer_sees_no_report_button(web, viewer, ken_pledge):
    assert "/report/" not in web(viewer).get(f"/pledges/{ken_pledge.pk}/").content.decode()


def test_pledge_page_shows_the_change_history(web, staff, ken_pledge):
    ProgressReportFactory(pledge=ken_pledge)
    ken_pledge.progress = 45
    ken_pledge.save()
    page = web(staff).get(f"/pledges/{ken_pledge.pk}/").content.decode()
    assert "<dt>Progress (%)</dt>" in page
    assert "<del>20</del>" in page
    assert "<ins>45</ins>" in page


def test_list_filters_by_status_and_region(web, viewer, reference_data):
    PledgeFactory(title="Kenyan plan", member_state=state("KEN"), status="in_progress")
    PledgeFactory(title="Fijian plan", member_state=state("FJI"), status="in_progress")
    PledgeFactory(title="Kenyan law", member_state=state("KEN"), status="achieved", progress=100)
    page = web(viewer).get("/pledges/", {"region": "002", "status": "in_progress"}).content.decode()
    assert "Kenyan plan" in page
    assert "Fijian plan" not in page
    assert "Kenyan law" not in page


@pytest.mark.parametrize("count", [1, 60])
def test_list_costs_the_same_whatever_the_number_of_pledges(web, viewer, django_assert_num_queries, count):
    PledgeFactory.create_batch(count)
    client = web(viewer)
    with django_assert_num_queries(7):  # session, user, count, page, footer totals, two savepoints
        client.get("/pledges/")
