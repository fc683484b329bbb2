"""factory-boy factories: rows built on the shipped reference data (States come from it)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from engagement.choices import Role, Vocabulary
from engagement.models import MemberState, Organization, Term, User, VnrEngagement
from meetings.choices import FollowUpStatus, MeetingKind, MeetingLevel, MeetingMode
from meetings.models import FollowUpAction, Meeting
from pledges.choices import PledgeArea, PledgeOrigin, PledgeStatus, SignatoryLevel, Visibility
from pledges.models import AllianceMembership, CtaEndorsement, Pledge, ProgressReport
from visits.choices import VisitKind, VisitStatus
from visits.models import CountryVisit


def state(iso3: str) -> MemberState:
    return MemberState.objects.get(iso3=iso3)


def term(vocabulary: str, code: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    role = Role.VIEWER
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    role = Role.STAFF
    is_staff = True


class FocalPointFactory(UserFactory):
    role = Role.FOCAL_POINT
    member_state = factory.LazyFunction(lambda: state("KEN"))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    kind = "civil_society"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    date = dt.date(2024, 3, 12)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    kind = MeetingKind.BILATERAL
    mode = MeetingMode.IN_PERSON
    level = MeetingLevel.MINISTERIAL
    summary = "Discussed the national action plan."
    notes = "Confidential: the minister hinted at a budget increase."
    children_engaged = 0


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CountryVisit

    member_state = factory.LazyFunction(lambda: state("KEN"))
    start_date = dt.date(2023, 5, 8)
    end_date = dt.date(2023, 5, 12)
    kind = VisitKind.OFFICIAL
    status = VisitStatus.COMPLETED
    objectives = "Support the national plan to end violence against children."
    children_met = 40


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge
        skip_postgeneration_save = True

    member_state = factory.LazyFunction(lambda: state("KEN"))
    origin = PledgeOrigin.BOGOTA_2024
    made_on = dt.date(2024, 11, 8)
    title = factory.Sequence(lambda n: f"Pledge {n}")
    description = "Adopt and fund a national action plan."
    area = PledgeArea.POLICY_AND_PLANS
    target_date = dt.date(2027, 12, 31)
    status = PledgeStatus.IN_PROGRESS
    progress = 20
    visibility = Visibility.PUBLIC
    reporting_interval_days = 180
    next_report_due = dt.date(2025, 5, 8)

    @factory.post_generation
    def sdg_targets(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sdg_targets.set([term(Vocabulary.SDG_TARGET, code) for code in extracted])


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    pledge = factory.SubFactory(PledgeFactory)
    status = PledgeStatus.IN_PROGRESS
    progress = 40
    narrative = "The plan was costed and sent to cabinet."
    author = factory.SubFactory(StaffFactory)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpAction

    title = factory.Sequence(lambda n: f"Follow-up {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
    status = FollowUpStatus.OPEN
    assignee = factory.SubFactory(StaffFactory)


class VnrFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VnrEngagement

    hlpf_year = 2024
    member_state = factory.LazyFunction(lambda: state("KEN"))


class EndorsementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CtaEndorsement

    member_state = factory.LazyFunction(lambda: state("KEN"))
    endorsed_on = dt.date(2024, 11, 8)
    signatory_level = SignatoryLevel.MINISTERIAL


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllianceMembership

    member_state = factory.LazyFunction(lambda: state("KEN"))
    joined_on = dt.date(2024, 11, 8)
