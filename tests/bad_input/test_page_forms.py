"""The pages' forms refuse out-of-range dates and too-long text on the form (200), never a 500."""

from __future__ import annotations

import datetime as dt

import pytest

from engagement.validators import SUMMARY_MAX_LENGTH
from meetings.models import FollowUpAction, Meeting
from pledges.models import AllianceMembership, AllianceMilestone, CtaEndorsement, Pledge, ProgressReport
from pledges.selectors import pledge_etag
from tests.bad_input.bodies import DATE_MESSAGE
from tests.factories import MembershipFactory, PledgeFactory, VisitFactory, state
from visits.models import CountryVisit

pytestmark = pytest.mark.django_db

TOO_LONG = "x" * (SUMMARY_MAX_LENGTH + 1)  # beyond the limit of every free-text field


def pledge_form(**changes) -> dict:
    return {
        "member_state": "KEN",
        "title": "Ban corporal punishment in all settings",
        "origin": "bogota_2024",
        "made_on": "2024-11-08",
        "area": "legislation",
        "reporting_interval_days": "180",
        **changes,
    }


def visit_form(**changes) -> dict:
    return {
        "member_state": "KEN",
        "kind": "official",
        "start_date": "2025-05-06",
        "end_date": "2025-05-10",
        "children_met": "0",
        "sites-TOTAL_FORMS": "0",
        "sites-INITIAL_FORMS": "0",
        **changes,
    }


def meeting_form(cast, **changes) -> dict:
    return {
        "date": "2025-03-12",
        "title": "Roundtable",
        "kind": "roundtable",
        "mode": "online",
        "level": "ministerial",
        "children_engaged": "0",
        "follow_ups-TOTAL_FORMS": "1",
        "follow_ups-INITIAL_FORMS": "0",
        "follow_ups-0-title": "Send the summary",
        "follow_ups-0-assignee": str(cast["staff"].pk),
        "follow_ups-0-due_date": "2025-03-30",
        **changes,
    }


def follow_up_form(cast, **changes) -> dict:
    return {"title": "Send the note", "assignee": str(cast["staff"].pk), "due_date": "2026-05-04", **changes}


def pledge_edit(cast, **changes):
    pledge = PledgeFactory(title="Costed national plan")
    return f"/pledges/{pledge.pk}/edit/", pledge_form(etag=pledge_etag(pledge), **changes)


def visit_edit(cast, **changes):
    return f"/visits/{VisitFactory(status='planned').pk}/edit/", visit_form(**changes)


def visit_complete(cast, **changes):
    visit = VisitFactory(status="confirmed", start_date=dt.date(2025, 5, 6), end_date=dt.date(2025, 5, 10))
    body = {
        "start_date": "2025-05-06",
        "end_date": "2025-05-10",
        "summary": "Agreed a helpline.",
        "children_met": "0",
    }
    return f"/visits/{visit.pk}/complete/", {
        **body,
        "sites-TOTAL_FORMS": "0",
        "sites-INITIAL_FORMS": "0",
        **changes,
    }


def report(cast, **changes):
    pledge = PledgeFactory(title="Costed national plan")
    return f"/pledges/{pledge.pk}/report/", {
        "status": "in_progress",
        "progress": "20",
        "narrative": "Done.",
        **changes,
    }


FAR = "9999-12-31"
LENGTH_MESSAGE = "Ensure this value has at most"


def alliance_new(cast, **changes):
    body = {
        "member_state": "KEN",
        "joined_on": "2024-11-08",
        "status": "active",
        "national_plan_status": "none",
    }
    return "/alliance/new/", {**body, **changes}


def endorsement_new(cast, **changes):
    body = {"member_state": "KEN", "endorsed_on": "2024-11-08", "signatory_level": "ministerial"}
    return "/endorsements/new/", {**body, **changes}


# case → (who posts, the model whose rows must not change, the message shown, the page and its data)
PAGE_CASES = {
    "pledge new, made on 9999-12-31": (
        "staff",
        Pledge,
        DATE_MESSAGE,
        lambda cast: ("/pledges/new/", pledge_form(made_on=FAR)),
    ),
    "pledge new, target date 0001-01-01": (
        "staff",
        Pledge,
        DATE_MESSAGE,
        lambda cast: ("/pledges/new/", pledge_form(target_date="0001-01-01")),
    ),
    "pledge new, description too long": (
        "staff",
        Pledge,
        LENGTH_MESSAGE,
        lambda cast: ("/pledges/new/", pledge_form(description=TOO_LONG)),
    ),
    "pledge edit, made on 9999-12-31": (
        "staff",
        Pledge,
        DATE_MESSAGE,
        lambda cast: pledge_edit(cast, made_on=FAR),
    ),
    "visit new, 9999-12-31": (
        "staff",
        CountryVisit,
        DATE_MESSAGE,
        lambda cast: ("/visits/new/", visit_form(start_date=FAR, end_date=FAR)),
    ),
    "visit new, objectives too long": (
        "staff",
        CountryVisit,
        LENGTH_MESSAGE,
        lambda cast: ("/visits/new/", visit_form(objectives=TOO_LONG)),
    ),
    "visit edit, end 9999-12-31": (
        "staff",
        CountryVisit,
        DATE_MESSAGE,
        lambda cast: visit_edit(cast, end_date=FAR),
    ),
    "visit edit, summary too long": (
        "staff",
        CountryVisit,
        LENGTH_MESSAGE,
        lambda cast: visit_edit(cast, summary=TOO_LONG),
    ),
    "visit complete, end 9999-12-31": (
        "staff",
        CountryVisit,
        DATE_MESSAGE,
        lambda cast: visit_complete(cast, end_date=FAR),
    ),
    "meeting new, date 9999-12-31": (
        "staff",
        Meeting,
        DATE_MESSAGE,
        lambda cast: ("/meetings/new/", meeting_form(cast, date=FAR)),
    ),
    "meeting new, summary too long": (
        "staff",
        Meeting,
        LENGTH_MESSAGE,
        lambda cast: ("/meetings/new/", meeting_form(cast, summary=TOO_LONG)),
    ),
    "meeting new, follow-up due 9999-12-31": (
        "staff",
        FollowUpAction,
        DATE_MESSAGE,
        lambda cast: ("/meetings/new/", meeting_form(cast, **{"follow_ups-0-due_date": FAR})),
    ),
    "follow-up new, due 9999-12-31": (
        "staff",
        FollowUpAction,
        DATE_MESSAGE,
        lambda cast: ("/follow-ups/new/", follow_up_form(cast, due_date=FAR)),
    ),
    "follow-up new, notes too long": (
        "staff",
        FollowUpAction,
        LENGTH_MESSAGE,
        lambda cast: ("/follow-ups/new/", follow_up_form(cast, notes=TOO_LONG)),
    ),
    "report, narrative too long": (
        "focal_ken",
        ProgressReport,
        LENGTH_MESSAGE,
        lambda cast: report(cast, narrative=TOO_LONG),
    ),
    "alliance new, joined 9999-12-31": (
        "staff",
        AllianceMembership,
        DATE_MESSAGE,
        lambda cast: alliance_new(cast, joined_on=FAR),
    ),
    "alliance new, notes too long": (
        "staff",
        AllianceMembership,
        LENGTH_MESSAGE,
        lambda cast: alliance_new(cast, notes=TOO_LONG),
    ),
    "endorsement new, endorsed 9999-12-31": (
        "staff",
        CtaEndorsement,
        DATE_MESSAGE,
        lambda cast: endorsement_new(cast, endorsed_on=FAR),
    ),
}


@pytest.mark.parametrize("case", list(PAGE_CASES))
def test_a_page_form_refuses_bad_input_on_the_form_and_writes_nothing(web, cast, case):
    who, model, message, request_for = PAGE_CASES[case]
    url, data = request_for(cast)
    before = list(model.objects.values())

    response = web(cast[who]).post(url, data)

    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert list(model.objects.values()) == before


def test_a_milestone_ticked_before_the_range_is_refused_with_the_message(web, staff, reference_data):
    MembershipFactory(member_state=state("KEN"))

    response = web(staff).post(
        "/alliance/KEN/milestones/focal_point_appointed/", {"done_on": "0001-01-01"}, follow=True
    )

    assert DATE_MESSAGE in response.content.decode()
    assert not AllianceMilestone.objects.filter(done_on__isnull=False).exists()


def test_the_date_inputs_carry_the_range(web, staff):
    page = web(staff).get("/meetings/new/").content.decode()

    assert 'min="1945-10-24"' in page
    assert 'max="2100-12-31"' in page
