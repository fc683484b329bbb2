"""`load_demo_data`: the office's documented figures, consistent pledges, and a load that is idempotent."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

from engagement.models import User, VnrEngagement
from meetings.models import Meeting
from pledges.models import AllianceMembership, CtaEndorsement, Pledge, ProgressReport, ReportVerification
from pledges.selectors import pledges_with_computed_verification
from visits.models import CountryVisit

DEMO_TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once for the module, inside a transaction rolled back at the end (setUpTestData)."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo_data", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_output, db):
    return demo_output


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models(include_auto_created=True)}


def test_the_command_prints_the_demo_logins(demo):
    for line in (
        "staff / demo-password-2024 (staff)",
        "viewer / demo-password-2024 (viewer)",
        "kenya / demo-password-2024 (focal_point)",
        "fiji / demo-password-2024 (focal_point)",
    ):
        assert line in demo


def test_the_demo_accounts_have_their_roles(demo):
    roles = {user.username: (user.role, user.is_staff, user.member_state_id and user.member_state.iso3)
             for user in User.objects.filter(username__in=["staff", "viewer", "kenya", "fiji"])}  # fmt: skip
    assert roles == {
        "staff": ("staff", True, None),
        "viewer": ("viewer", False, None),
        "kenya": ("focal_point", False, "KEN"),
        "fiji": ("focal_point", False, "FJI"),
    }


def test_2023_has_nine_official_and_three_follow_up_visits(demo):
    visits_2023 = CountryVisit.objects.filter(start_date__year=2023).exclude(status="cancelled")
    assert visits_2023.count() == 12
    assert set(visits_2023.filter(kind="official").values_list("member_state__iso3", flat=True)) == {
        "AND", "FJI", "KEN", "LVA", "LTU", "LUX", "SEN", "SLB", "THA",
    }  # fmt: skip
    assert set(visits_2023.filter(kind="follow_up").values_list("member_state__iso3", flat=True)) == {
        "ISL", "MAR", "LBN",
    }  # fmt: skip
    assert not visits_2023.exclude(status="completed").exists()


def test_two_visits_are_planned_or_confirmed_after_today(demo):
    upcoming = CountryVisit.objects.filter(start_date__gt=DEMO_TODAY, status__in=["planned", "confirmed"])
    assert upcoming.count() == 2


def test_2023_children_are_the_2200_met_through_8_dialogues(demo):
    dialogues = Meeting.objects.filter(date__year=2023, kind="dialogue_with_children")
    meetings_total = Meeting.objects.filter(date__year=2023).aggregate(total=Sum("children_engaged"))["total"]
    # The children met during 2023 visits are logged on the dialogues held during them, not twice.
    visits_total = CountryVisit.objects.filter(start_date__year=2023).aggregate(total=Sum("children_met"))[
        "total"
    ]
    assert dialogues.count() == 8
    assert meetings_total == 2200
    assert visits_total == 0
    assert meetings_total + visits_total == 2200


def test_2024_children_engaged_add_up_to_2730(demo):
    meetings_total = Meeting.objects.filter(date__year=2024).aggregate(total=Sum("children_engaged"))["total"]
    visits_total = CountryVisit.objects.filter(start_date__year=2024).aggregate(total=Sum("children_met"))[
        "total"
    ]
    assert meetings_total + visits_total == 2730


def test_about_120_meetings_are_spread_over_every_month_of_2023_and_2024(demo):
    meetings = Meeting.objects.filter(date__year__in=[2023, 2024])
    assert 110 <= meetings.count() <= 130
    assert {(day.year, day.month) for day in meetings.values_list("date", flat=True)} == {
        (year, month) for year in (2023, 2024) for month in range(1, 13)
    }


def test_the_investment_case_roundtable_is_under_the_chatham_house_rule(demo):
    roundtable = Meeting.objects.get(date=dt.date(2024, 3, 12))
    assert (roundtable.kind, roundtable.mode, roundtable.level) == ("roundtable", "online", "ministerial")
    assert roundtable.chatham_house
    assert roundtable.notes
    assert roundtable.member_states.filter(iso3="ISL").exists()


def test_2023_vnr_reached_39_presenters_and_met_34(demo):
    vnr_2023 = VnrEngagement.objects.filter(hlpf_year=2023)
    assert vnr_2023.count() == 39
    assert vnr_2023.filter(outreach_sent=True).count() == 39
    assert vnr_2023.filter(meeting_held=True).count() == 34
    assert vnr_2023.get(organization__acronym="EU").meeting_held


def test_2024_vnr_reached_all_36_presenters(demo):
    vnr_2024 = VnrEngagement.objects.filter(hlpf_year=2024)
    assert vnr_2024.count() == 36
    assert vnr_2024.filter(meeting_held=True).count() == 36


def test_55_states_endorsed_the_call_to_action_by_january_2025(demo):
    endorsements = CtaEndorsement.objects.all()
    assert endorsements.count() == 55
    assert endorsements.filter(endorsed_on__range=(dt.date(2024, 11, 7), dt.date(2025, 1, 31))).count() == 55
    assert {"COL", "SWE"} <= set(endorsements.values_list("member_state__iso3", flat=True))


def test_over_40_states_joined_the_alliance_from_its_launch(demo):
    members = AllianceMembership.objects.all()
    assert members.count() >= 40
    assert not members.filter(joined_on__lt=dt.date(2024, 11, 8)).exists()


def test_over_100_states_made_pledges(demo):
    assert Pledge.objects.values("member_state").distinct().count() >= 100
    assert 110 <= Pledge.objects.count() <= 130


def test_every_pledge_has_the_status_and_progress_of_its_latest_report(demo):
    for pledge in Pledge.objects.prefetch_related("reports"):
        latest = max(pledge.reports.all(), key=lambda report: report.created_at, default=None)
        if latest is None:
            assert (pledge.status, pledge.progress, pledge.last_reported_at) == ("planned", 0, None)
            expected_due = pledge.made_on + dt.timedelta(days=pledge.reporting_interval_days)
        else:
            assert (pledge.status, pledge.progress) == (latest.status, latest.progress)
            assert pledge.last_reported_at == latest.created_at
            expected_due = latest.created_at.date() + dt.timedelta(days=pledge.reporting_interval_days)
        assert pledge.next_report_due == expected_due


def test_reports_are_all_in_the_past_and_some_pledges_are_overdue(demo):
    assert not ProgressReport.objects.filter(created_at__date__gte=DEMO_TODAY).exists()
    assert Pledge.objects.overdue(DEMO_TODAY).exists()
    assert Pledge.objects.not_overdue(DEMO_TODAY).exists()
    assert Pledge.objects.filter(reports__isnull=True).exists()


def test_kenya_has_a_public_an_internal_and_an_overdue_pledge(demo):
    kenya = Pledge.objects.filter(member_state__iso3="KEN")
    assert kenya.filter(visibility="public").exists()
    assert kenya.filter(visibility="internal").exists()
    assert kenya.overdue(DEMO_TODAY).exists()
    assert set(
        ProgressReport.objects.filter(pledge__in=kenya).values_list("author__username", flat=True)
    ) == {"kenya"}


def test_a_kenyan_report_is_disputed_with_a_note(demo):
    disputed = ReportVerification.objects.get(verdict="disputed")
    assert disputed.report.pledge.member_state.iso3 == "KEN"
    assert disputed.note
    assert ReportVerification.objects.filter(verdict="verified").count() == 1


def test_every_pledge_stores_the_verification_of_its_reports(demo):
    pledges = pledges_with_computed_verification(Pledge.objects.all())
    stored = {(p.pk, p.verified_progress, p.last_verified_at) for p in pledges}
    assert stored == {(p.pk, p.computed_verified_progress, p.computed_last_verified_at) for p in pledges}
    lesotho = Pledge.objects.get(verified_progress__isnull=False)
    assert lesotho.member_state.iso3 == "LSO"


def test_thailand_article_22_pledge_comes_from_the_2023_visit(demo):
    pledge = Pledge.objects.get(member_state__iso3="THA", origin="country_visit")
    assert "article 22" in pledge.title
    assert (pledge.visit.member_state.iso3, pledge.visit.start_date.year) == ("THA", 2023)


def test_loading_twice_changes_no_row_and_no_pledge_field(demo):
    counts = _row_counts()
    pledges = list(Pledge.objects.order_by("pk").values())
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    assert "already up to date" in out.getvalue()
    assert _row_counts() == counts
    assert list(Pledge.objects.order_by("pk").values()) == pledges


def test_a_changed_password_is_kept_on_reload(demo):
    kenya = User.objects.get(username="kenya")
    kenya.set_password("chosen by the focal point")
    kenya.save(update_fields=["password"])
    call_command("load_demo_data", stdout=StringIO())
    kenya.refresh_from_db()
    assert kenya.check_password("chosen by the focal point")


def test_a_new_account_gets_the_password_from_the_environment(demo, monkeypatch):
    User.objects.filter(username="viewer").delete()
    monkeypatch.setenv("DEMO_PASSWORD", "from the environment")
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    assert User.objects.get(username="viewer").check_password("from the environment")
    assert "viewer / from the environment (viewer)" in out.getvalue()
