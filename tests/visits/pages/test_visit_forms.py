"""Plan, edit, move and delete a visit on the pages: the visit services write, their messages show."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.factories import FollowUpFactory, PledgeFactory, VisitFactory, state
from visits.models import CountryVisit, VisitSite

pytestmark = pytest.mark.django_db


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def plan(**overrides) -> dict:
    return {
        "member_state": "FJI",
        "kind": "official",
        "start_date": days(30).isoformat(),
        "end_date": days(33).isoformat(),
        "objectives": "Support the national action plan.",
        "stakeholder_categories": ["children", "civil_society"],
        "sites-TOTAL_FORMS": "2",
        "sites-INITIAL_FORMS": "0",
        "sites-0-name": "Suva juvenile centre",
        "sites-0-kind": "detention",
        "sites-0-location": "Suva",
        **overrides,
    }


def test_staff_plan_a_visit_with_its_stakeholders_and_sites(web, staff):
    response = web(staff).post("/visits/new/", plan(owner=staff.pk))

    visit = CountryVisit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/visits/{visit.pk}/"
    assert (visit.member_state.iso3, visit.status, visit.owner) == ("FJI", "planned", staff)
    assert sorted(visit.stakeholder_categories.values_list("code", flat=True)) == [
        "children",
        "civil_society",
    ]
    assert list(visit.sites.values_list("name", "kind", "location")) == [
        ("Suva juvenile centre", "detention", "Suva")
    ]
    assert visit.history.first().history_user == staff


def test_a_visit_ending_before_it_starts_is_refused_with_the_services_message(web, staff):
    response = web(staff).post("/visits/new/", plan(end_date=days(20).isoformat()))

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "A visit ends on or after the day it starts." in page
    assert not CountryVisit.objects.exists()
    assert not VisitSite.objects.exists()


def test_an_edit_with_bad_dates_changes_nothing(web, staff, reference_data):
    visit = VisitFactory(status="planned", start_date=days(10), end_date=days(12))
    before = CountryVisit.objects.values().get()

    response = web(staff).post(
        f"/visits/{visit.pk}/edit/",
        plan(
            member_state="KEN",
            start_date=days(12).isoformat(),
            end_date=days(10).isoformat(),
            children_met="0",
        ),
    )

    assert "A visit ends on or after the day it starts." in response.content.decode()
    assert CountryVisit.objects.values().get() == before
    assert not VisitSite.objects.exists()


def test_the_edit_form_shows_the_visit_and_saves_through_the_service(web, staff, reference_data):
    visit = VisitFactory(status="planned", start_date=days(10), end_date=days(12))
    VisitSite.objects.create(visit=visit, name="Old site", kind="school")
    client = web(staff)

    page = client.get(f"/visits/{visit.pk}/edit/").content.decode()
    assert 'value="Old site"' in page
    assert f'value="{days(10).isoformat()}"' in page

    response = client.post(
        f"/visits/{visit.pk}/edit/",
        plan(
            member_state="KEN",
            objectives="New objectives.",
            children_met="3",
            summary="",
            **{
                "sites-INITIAL_FORMS": "1",
                "sites-0-name": "Old site",
                "sites-0-kind": "school",
                "sites-0-DELETE": "on",
            },
            **{"sites-1-name": "Kakamega rescue centre", "sites-1-kind": "care_institution"},
        ),
    )

    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.objectives, visit.children_met, visit.status) == ("New objectives.", 3, "planned")
    assert list(visit.sites.values_list("name", flat=True)) == ["Kakamega rescue centre"]


def test_confirm_takes_the_agreed_dates(web, staff, reference_data):
    visit = VisitFactory(status="planned", start_date=days(10), end_date=days(12))

    response = web(staff).post(
        f"/visits/{visit.pk}/confirm/", {"start_date": days(11).isoformat(), "end_date": days(13).isoformat()}
    )

    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.start_date, visit.end_date) == ("confirmed", days(11), days(13))


def test_the_complete_page_offers_the_dates_so_far_and_records_the_outcome(web, staff, reference_data):
    visit = VisitFactory(
        status="confirmed", start_date=days(-3), end_date=days(2), children_met=0, summary=""
    )
    client = web(staff)
    page = client.get(f"/visits/{visit.pk}/complete/").content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page  # last day: today, not the planned one

    response = client.post(
        f"/visits/{visit.pk}/complete/",
        {
            "start_date": days(-3).isoformat(),
            "end_date": days(-1).isoformat(),
            "summary": "The Government committed to a child helpline.",
            "children_met": "120",
            "stakeholder_categories": ["children", "member_state_government"],
            "sites-TOTAL_FORMS": "2",
            "sites-INITIAL_FORMS": "0",
            "sites-0-name": "Nairobi children's court",
            "sites-0-kind": "detention",
        },
    )

    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.status, visit.end_date, visit.children_met) == ("completed", days(-1), 120)
    assert list(visit.sites.values_list("name", flat=True)) == ["Nairobi children's court"]
    assert visit.stakeholder_categories.count() == 2


def test_completing_a_visit_that_has_not_started_is_refused_and_nothing_written(web, staff, reference_data):
    visit = VisitFactory(status="planned", start_date=days(5), end_date=days(6), children_met=0, summary="")
    before = CountryVisit.objects.values().get()

    response = web(staff).post(
        f"/visits/{visit.pk}/complete/",
        {
            "start_date": days(5).isoformat(),
            "end_date": days(6).isoformat(),
            "summary": "Too early.",
            "children_met": "9",
            "sites-TOTAL_FORMS": "1",
            "sites-INITIAL_FORMS": "0",
            "sites-0-name": "A school",
            "sites-0-kind": "school",
        },
    )

    assert response.status_code == 200
    assert "A visit that has not started yet cannot be completed." in response.content.decode()
    assert CountryVisit.objects.values().get() == before
    assert not VisitSite.objects.exists()


def test_cancel_keeps_the_reason(web, staff, reference_data):
    visit = VisitFactory(status="confirmed", start_date=days(5), end_date=days(6), summary="")

    web(staff).post(f"/visits/{visit.pk}/cancel/", {"summary": "Postponed at the request of the Government."})

    visit.refresh_from_db()
    assert (visit.status, visit.summary) == ("cancelled", "Postponed at the request of the Government.")


def test_a_completed_visit_cannot_be_cancelled_from_the_page(web, staff, reference_data):
    visit = VisitFactory(status="completed")

    response = web(staff).post(f"/visits/{visit.pk}/cancel/", {"summary": "Oops."})

    assert response.status_code == 200
    assert "A completed visit cannot be marked cancelled." in response.content.decode()
    visit.refresh_from_db()
    assert (visit.status, visit.summary) == ("completed", "")


def test_delete_asks_first_then_deletes_and_history_keeps_it(web, staff, reference_data):
    visit = VisitFactory()
    FollowUpFactory(visit=visit)
    client = web(staff)

    page = client.get(f"/visits/{visit.pk}/delete/").content.decode()
    assert "Delete the visit" in page
    assert CountryVisit.objects.filter(pk=visit.pk).exists()

    response = client.post(f"/visits/{visit.pk}/delete/")

    assert response.status_code == 302
    assert response["Location"] == "/visits/"
    assert not CountryVisit.objects.filter(pk=visit.pk).exists()
    assert CountryVisit.history.filter(id=visit.pk, history_type="-").get().history_user == staff


def test_a_visit_with_a_commitment_welcomed_is_not_deleted_and_the_page_says_why(web, staff, reference_data):
    visit = VisitFactory()
    PledgeFactory(origin="country_visit", visit=visit, title="Ban corporal punishment")
    client = web(staff)

    page = client.get(f"/visits/{visit.pk}/delete/").content.decode()
    assert "This visit cannot be deleted" in page
    assert "Ban corporal punishment" in page
    assert "<button" not in page.split('id="error-summary"')[1].split("</main>")[0]

    response = client.post(f"/visits/{visit.pk}/delete/")

    assert response.status_code == 409
    assert "Ban corporal punishment" in response.content.decode()
    assert CountryVisit.objects.filter(pk=visit.pk).exists()


def test_a_focal_point_cannot_open_another_states_visit_form(web, focal_fji, reference_data):
    visit = VisitFactory(member_state=state("KEN"))
    assert web(focal_fji).get(f"/visits/{visit.pk}/edit/").status_code == 403


def test_record_a_commitment_opens_the_pledge_form_prefilled_from_the_visit(web, staff, reference_data):
    visit = VisitFactory(member_state=state("SEN"))
    client = web(staff)
    visit_page = client.get(f"/visits/{visit.pk}/").content.decode()
    assert f'href="/pledges/new/?visit={visit.pk}"' in visit_page

    response = client.get("/pledges/new/", {"visit": visit.pk})

    form = response.context["form"]
    assert form["visit"].value() == visit.pk
    assert form["member_state"].value() in (state("SEN").pk, "SEN")
    assert form["origin"].value() == "country_visit"
    assert re.search(rf'<option value="{visit.pk}"[^>]* selected', response.content.decode())


@pytest.mark.parametrize("visit", ["abc", "999999", ""])
def test_a_bad_visit_parameter_leaves_the_pledge_form_blank(web, staff, reference_data, visit):
    response = web(staff).get("/pledges/new/", {"visit": visit})
    assert response.status_code == 200
    assert response.context["form"]["visit"].value() is None


def test_viewers_see_no_record_a_commitment_button(web, viewer, reference_data):
    visit = VisitFactory()
    assert "/pledges/new/?visit=" not in web(viewer).get(f"/visits/{visit.pk}/").content.decode()
