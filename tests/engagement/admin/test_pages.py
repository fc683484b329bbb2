"""Every registered admin answers: changelist, add and change pages, for a superuser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from engagement.models import Contact, Indicator, IndicatorValue
from meetings.models import FollowUpAction, MeetingDraft
from pledges.choices import Milestone, Verdict
from pledges.models import AllianceMilestone, PeerExchange, ReportVerification
from reminders.choices import ReminderRule
from reminders.models import Reminder
from tests.factories import (
    EndorsementFactory,
    FollowUpFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    ProgressReportFactory,
    StaffFactory,
    VisitFactory,
    VnrFactory,
    state,
)
from visits.models import VisitSite

pytestmark = pytest.mark.django_db

TRACKER_APPS = {"engagement", "visits", "pledges", "meetings", "reminders"}
REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label in TRACKER_APPS),
    key=lambda model: model._meta.label,
)
WITH_HISTORY = [model for model in REGISTERED if hasattr(model._meta, "simple_history_manager_attribute")]


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def one_of_each(reference_data):
    """At least one row in every table, so list columns and change forms really render."""
    visit = VisitFactory()
    VisitSite.objects.create(visit=visit, name="Juvenile rehabilitation centre", kind="detention")
    report = ProgressReportFactory()
    ReportVerification.objects.create(report=report, verdict=Verdict.VERIFIED, verified_by=StaffFactory())
    meeting = MeetingFactory(visit=visit)
    meeting.member_states.add(state("KEN"))
    follow_up = FollowUpFactory(meeting=meeting)
    VnrFactory()
    VnrFactory(member_state=None, organization=OrganizationFactory())
    EndorsementFactory()
    membership = MembershipFactory()
    AllianceMilestone.objects.create(membership=membership, code=Milestone.DATA_COLLECTED)
    PeerExchange.objects.create(date=dt.date(2024, 3, 12), title="Investment case").member_states.add(
        state("BRA"), state("FJI")
    )
    IndicatorValue.objects.create(indicator=Indicator.objects.first(), month=dt.date(2024, 3, 1), value=12)
    Contact.objects.create(name="Ambassador", member_state=state("KEN"))
    MeetingDraft.objects.create(
        sender=follow_up.assignee, message_id="<brief@example.org>", date=dt.date(2024, 3, 12), title="Brief"
    )
    Reminder.objects.create(
        rule=ReminderRule.FOLLOW_UP_DUE,
        content_type=ContentType.objects.get_for_model(FollowUpAction),
        object_id=follow_up.pk,
        due_date=follow_up.due_date,
        recipient=follow_up.assignee,
        recipient_email=follow_up.assignee.email,
        subject="Follow-up due",
    )


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_changelist_answers(admin_client, one_of_each, model):
    response = admin_client.get(url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_add_page_answers_or_is_closed_on_purpose(admin_client, one_of_each, model):
    may_add = admin_client.get(url(model, "changelist")).context["has_add_permission"]
    response = admin_client.get(url(model, "add"))
    assert response.status_code == (200 if may_add else 403)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_change_page_answers(admin_client, one_of_each, model):
    row = model._default_manager.first()
    response = admin_client.get(url(model, "change", row.pk))
    assert response.status_code == 200


@pytest.mark.parametrize("model", WITH_HISTORY, ids=lambda model: model._meta.label)
def test_every_model_with_history_shows_it(admin_client, one_of_each, model):
    row = model._default_manager.first()
    response = admin_client.get(url(model, "history", row.pk))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count >= 1


def test_the_models_with_history_are_the_expected_ones():
    assert {model._meta.label for model in WITH_HISTORY} == {
        "meetings.Meeting",
        "engagement.VnrEngagement",
        "meetings.FollowUpAction",
        "visits.CountryVisit",
        "pledges.Pledge",
        "pledges.CtaEndorsement",
        "pledges.AllianceMembership",
        "pledges.AllianceMilestone",
        "engagement.MemberState",
    }
