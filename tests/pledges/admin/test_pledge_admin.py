"""The pledge admin: search, reports shown read-only, append-only rows closed to edits."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pledges.models import ProgressReport
from tests.factories import PledgeFactory, ProgressReportFactory, state

pytestmark = pytest.mark.django_db


def test_pledge_search_finds_by_title(admin_client, reference_data):
    PledgeFactory(title="Ban corporal punishment in all settings")
    PledgeFactory(title="Costed national action plan")
    response = admin_client.get(reverse("admin:pledges_pledge_changelist"), {"q": "corporal"})
    assert [pledge.title for pledge in response.context["cl"].result_list] == [
        "Ban corporal punishment in all settings"
    ]


def test_pledge_search_finds_by_iso3_code(admin_client, reference_data):
    PledgeFactory(member_state=state("FJI"), title="Fiji's pledge")
    PledgeFactory(member_state=state("KEN"), title="Kenya's pledge")
    response = admin_client.get(reverse("admin:pledges_pledge_changelist"), {"q": "FJI"})
    assert [pledge.title for pledge in response.context["cl"].result_list] == ["Fiji's pledge"]


def test_pledge_page_shows_its_reports_read_only(admin_client, reference_data):
    report = ProgressReportFactory(narrative="The plan was costed and sent to cabinet.")
    response = admin_client.get(reverse("admin:pledges_pledge_change", args=[report.pledge_id]))
    inline = response.context["inline_admin_formsets"][0]
    assert inline.opts.model is ProgressReport
    assert (inline.has_add_permission, inline.has_change_permission, inline.has_delete_permission) == (
        False,
        False,
        False,
    )
    content = response.content.decode()
    assert "The plan was costed and sent to cabinet." in content
    assert 'name="reports-0-narrative"' not in content
    assert "post new ones from the pledge page or the API" in content


def test_saving_a_pledge_leaves_its_reports_alone(admin_client, reference_data):
    report = ProgressReportFactory(progress=40)
    url = reverse("admin:pledges_pledge_change", args=[report.pledge_id])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(title="Renamed", sdg_targets=[], strategy_tags=[], member_state=report.pledge.member_state_id)
    data.update({"reports-TOTAL_FORMS": "1", "reports-INITIAL_FORMS": "1", "reports-0-progress": "99"})
    data.pop("responsible_staff", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.progress == 40
    assert report.pledge.title == "Renamed"


@pytest.mark.parametrize("view", ["add", "change", "delete"])
def test_a_progress_report_cannot_be_written_in_the_admin(admin_client, reference_data, view):
    report = ProgressReportFactory(progress=40)
    args = [] if view == "add" else [report.pk]
    response = admin_client.post(
        reverse(f"admin:pledges_progressreport_{view}", args=args), {"progress": "90"}
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert (ProgressReport.objects.count(), report.progress) == (1, 40)


def test_pledge_list_costs_the_same_for_1_and_30_pledges(
    admin_client, reference_data, django_assert_num_queries
):
    url = reverse("admin:pledges_pledge_changelist")
    PledgeFactory()
    admin_client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as one:
        admin_client.get(url)
    for iso3 in ("FJI", "BRA", "ISL"):
        PledgeFactory.create_batch(10, member_state=state(iso3))
    with django_assert_num_queries(len(one)):
        admin_client.get(url)


def test_pledge_change_page_shows_the_smart_checklist(admin_client, reference_data):
    pledge = PledgeFactory(indicator="", baseline="Baseline 2024 survey", sdg_targets=["16.2"])
    page = admin_client.get(f"/admin/pledges/pledge/{pledge.pk}/change/").content.decode()
    assert "No indicator" in page
    assert "No SDG target" not in page
