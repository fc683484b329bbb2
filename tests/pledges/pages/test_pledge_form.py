"""Drafting and editing a pledge on the web: staff only, through the pledge services, ETag-guarded."""

from __future__ import annotations

import pytest

from pledges.models import Pledge
from pledges.selectors import pledge_etag
from tests.factories import PledgeFactory, state, term


@pytest.fixture
def pledge(reference_data):
    return PledgeFactory(title="Costed national plan", member_state=state("KEN"))


def form_data(**changes) -> dict:
    data = {
        "member_state": "KEN",
        "title": "Ban corporal punishment in all settings",
        "description": "",
        "origin": "bogota_2024",
        "visit": "",
        "made_on": "2024-11-08",
        "area": "legislation",
        "target_date": "",
        "indicator": "",
        "baseline": "",
        "responsible_body": "",
        "budget_amount": "",
        "budget_currency": "",
        "visibility": "public",
        "reporting_interval_days": "180",
        "responsible_staff": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("who", "status"), [("staff", 200), ("viewer", 403), ("focal_ken", 403), (None, 302)]
)
def test_who_may_open_the_new_pledge_form(web, request, reference_data, who, status):
    user = request.getfixturevalue(who) if who else None
    assert web(user).get("/pledges/new/").status_code == status


@pytest.mark.parametrize(("who", "status"), [("staff", 200), ("viewer", 403), ("focal_ken", 403)])
def test_who_may_open_the_edit_form(web, request, pledge, who, status):
    assert web(request.getfixturevalue(who)).get(f"/pledges/{pledge.pk}/edit/").status_code == status


def test_staff_records_a_pledge_with_gaps_and_lands_on_its_page(web, staff):
    response = web(staff).post("/pledges/new/", form_data())
    created = Pledge.objects.get()
    assert response["Location"] == f"/pledges/{created.pk}/"
    assert created.title == "Ban corporal punishment in all settings"
    assert created.next_report_due is not None
    assert created.history.first().history_user == staff


def test_staff_records_a_measurable_pledge(web, staff):
    data = form_data(
        indicator="Districts with a child helpline",
        baseline="12 of 47",
        responsible_body="Ministry of Labour and Social Protection",
        budget_committed="on",
        budget_amount="250000",
        budget_currency="USD",
        target_date="2028-12-31",
        sdg_targets=[str(term("sdg_target", "16.2").pk)],
    )
    web(staff).post("/pledges/new/", data)
    created = Pledge.objects.get()
    assert created.indicator == "Districts with a child helpline"
    assert list(created.sdg_targets.values_list("code", flat=True)) == ["16.2"]


@pytest.mark.parametrize("who", ["viewer", "focal_ken"])
def test_non_staff_cannot_record_a_pledge(web, request, reference_data, who):
    response = web(request.getfixturevalue(who)).post("/pledges/new/", form_data())
    assert response.status_code == 403
    assert not Pledge.objects.exists()


@pytest.mark.parametrize("who", ["viewer", "focal_ken"])
def test_non_staff_cannot_edit_a_pledge(web, request, pledge, who):
    data = form_data(title="Rewritten", etag=pledge_etag(pledge))
    response = web(request.getfixturevalue(who)).post(f"/pledges/{pledge.pk}/edit/", data)
    assert response.status_code == 403
    pledge.refresh_from_db()
    assert pledge.title == "Costed national plan"


def test_staff_edit_with_the_current_etag_is_saved(web, staff, pledge):
    data = form_data(title="Costed and funded national plan", etag=pledge_etag(pledge))
    response = web(staff).post(f"/pledges/{pledge.pk}/edit/", data)
    assert response["Location"] == f"/pledges/{pledge.pk}/"
    pledge.refresh_from_db()
    assert pledge.title == "Costed and funded national plan"


def test_edit_form_carries_the_etag_it_was_rendered_with(web, staff, pledge):
    page = web(staff).get(f"/pledges/{pledge.pk}/edit/").content.decode()
    assert f'name="etag" value="{pledge_etag(pledge).replace(chr(34), "&quot;")}"' in page


def test_stale_etag_saves_nothing_and_keeps_the_typed_input(web, staff, pledge):
    stale = pledge_etag(pledge)
    # A colleague's save: a new title and a new version.
    Pledge.objects.filter(pk=pledge.pk).update(
        title="Changed by a colleague", updated_at=pledge.updated_at.replace(year=2030)
    )
    data = form_data(title="My own rewrite", etag=stale)
    response = web(staff).post(f"/pledges/{pledge.pk}/edit/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this pledge after you opened this page" in page
    assert 'value="My own rewrite"' in page
    pledge.refresh_from_db()
    assert pledge.title == "Changed by a colleague"


def test_service_errors_show_on_the_form_and_save_nothing(web, staff):
    response = web(staff).post("/pledges/new/", form_data(origin="country_visit"))
    assert response.status_code == 200
    assert "A pledge welcomed during a country visit names the visit." in response.content.decode()
    assert not Pledge.objects.exists()
