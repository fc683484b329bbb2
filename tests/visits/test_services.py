"""Visit services: updates go through model_update."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import FollowUpFactory, MeetingFactory, PledgeFactory, VisitFactory, term
from visits.choices import VisitStatus
from visits.models import CountryVisit
from visits.services import VisitProtected, visit_delete, visit_transition, visit_update

pytestmark = pytest.mark.django_db
REFUSED = ["This field cannot be changed here."]


def test_visit_update_refuses_an_unknown_field(reference_data, staff):
    visit = VisitFactory()

    with pytest.raises(ValidationError) as refused:
        visit_update(visit=visit, data={"created_at": None, "objectives": "Other."}, by=staff)

    assert refused.value.message_dict == {"created_at": REFUSED}
    visit.refresh_from_db()
    assert visit.objectives.startswith("Support")


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def planned(**fields) -> CountryVisit:
    return VisitFactory(status=VisitStatus.PLANNED, children_met=0, summary="", **fields)


def test_a_planned_visit_is_confirmed_with_its_new_dates(reference_data, staff):
    visit = planned(start_date=days(10), end_date=days(12))

    visit_transition(visit=visit, status="confirmed", start_date=days(11), end_date=days(14), by=staff)

    visit.refresh_from_db()
    assert (visit.status, visit.start_date, visit.end_date) == ("confirmed", days(11), days(14))
    assert visit.history.first().history_user == staff


def test_completing_records_the_actual_dates_outcome_sites_and_stakeholders(reference_data, staff):
    visit = planned(start_date=days(-4), end_date=days(2))
    children = term("stakeholder_category", "children")

    visit_transition(
        visit=visit,
        status="completed",
        end_date=days(-1),
        summary="The Government announced a child helpline.",
        children_met=35,
        sites=[{"name": "Juvenile court", "kind": "detention", "location": "Nairobi"}],
        stakeholder_categories=[children],
        by=staff,
    )

    visit.refresh_from_db()
    assert (visit.status, visit.end_date, visit.children_met) == ("completed", days(-1), 35)
    assert [site.name for site in visit.sites.all()] == ["Juvenile court"]
    assert list(visit.stakeholder_categories.all()) == [children]


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        ((3, 5), "start_date", "A visit that has not started yet cannot be completed."),
        ((-1, 2), "end_date", "A completed visit has ended: its last day is today at the latest."),
    ],
)
def test_a_visit_is_completed_only_once_it_has_run(reference_data, staff, dates, field, message):
    visit = planned(start_date=days(dates[0]), end_date=days(dates[1]))

    with pytest.raises(ValidationError) as refused:
        visit_transition(visit=visit, status="completed", summary="Done.", by=staff)

    assert refused.value.message_dict[field] == [message]
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_completing_asks_what_came_of_the_visit(reference_data, staff):
    visit = planned(start_date=days(-3), end_date=days(-1))

    with pytest.raises(ValidationError) as refused:
        visit_transition(visit=visit, status="completed", summary="  ", children_met=12, by=staff)

    assert refused.value.message_dict == {"summary": ["Say in a few words what came of the visit."]}
    visit.refresh_from_db()
    assert (visit.status, visit.children_met) == ("planned", 0)


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        ("completed", "cancelled"),
        ("completed", "planned"),
        ("cancelled", "confirmed"),
        ("planned", "planned"),
    ],
)
def test_a_move_the_status_does_not_allow_is_refused(reference_data, staff, current, wanted):
    visit = VisitFactory(status=current)

    with pytest.raises(ValidationError) as refused:
        visit_transition(visit=visit, status=wanted, by=staff)

    assert list(refused.value.message_dict) == ["status"]
    visit.refresh_from_db()
    assert visit.status == current


def test_a_visit_that_has_ended_is_not_confirmed(reference_data, staff):
    visit = planned(start_date=days(-5), end_date=days(-2))

    with pytest.raises(ValidationError) as refused:
        visit_transition(visit=visit, status="confirmed", by=staff)

    assert "complete it instead" in refused.value.message_dict["end_date"][0]


def test_cancel_keeps_the_reason_and_a_cancelled_visit_can_be_planned_again(reference_data, staff):
    visit = planned(start_date=days(5), end_date=days(6))

    visit_transition(visit=visit, status="cancelled", summary="Postponed by the Government.", by=staff)
    visit_transition(visit=visit, status="planned", start_date=days(40), end_date=days(42), by=staff)

    visit.refresh_from_db()
    assert (visit.status, visit.summary, visit.start_date) == (
        "planned",
        "Postponed by the Government.",
        days(40),
    )


def test_the_api_cannot_mark_a_visit_completed_before_it_starts(reference_data, staff):
    visit = planned(start_date=days(5), end_date=days(6))

    with pytest.raises(ValidationError) as refused:
        visit_update(visit=visit, data={"status": "completed"}, by=staff)

    assert refused.value.message_dict == {"status": ["A visit that has not started yet cannot be completed."]}


def test_a_deleted_visit_stays_in_its_history_with_who_deleted_it(reference_data, staff):
    visit = VisitFactory()
    FollowUpFactory(visit=visit)
    meeting = MeetingFactory(visit=visit)

    visit_delete(visit=visit, by=staff)

    assert not CountryVisit.objects.filter(pk=visit.pk).exists()
    deleted = CountryVisit.history.filter(id=visit.pk).first()
    assert (deleted.history_type, deleted.history_user) == ("-", staff)
    meeting.refresh_from_db()
    assert meeting.visit is None


def test_a_visit_with_commitments_welcomed_is_not_deleted(reference_data, staff):
    visit = VisitFactory()
    PledgeFactory(origin="country_visit", visit=visit, title="Raise the age of criminal responsibility")

    with pytest.raises(VisitProtected) as refused:
        visit_delete(visit=visit, by=staff)

    assert "1 pledge names it (KEN: Raise the age of criminal responsibility)" in str(refused.value)
    assert CountryVisit.objects.filter(pk=visit.pk).exists()
