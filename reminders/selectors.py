"""What is due: the rows each reminder rule looks at, and who may hear about them."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Value, When

from engagement.choices import Role
from engagement.models import User, VnrEngagement
from engagement.roles import role_of
from meetings.choices import FollowUpStatus
from meetings.models import FollowUpAction
from pledges.choices import FINAL_STATUSES, MILESTONE_DUE_MONTHS, MembershipStatus, Milestone
from pledges.models import AllianceMembership, Pledge
from reminders.choices import UNDELIVERED_STATUSES
from reminders.models import Reminder, ReminderSweep
from visits.choices import VisitStatus
from visits.models import CountryVisit


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's last day (31 Aug + 18 months = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def milestone_due_date(membership: AllianceMembership) -> dt.date:
    """A pathfinding State commits to its five milestones within 18 months of joining."""
    return add_months(membership.joined_on, MILESTONE_DUE_MONTHS)


def outstanding_milestones(membership: AllianceMembership) -> list[str]:
    """Milestone labels not yet done; a milestone without a row is not done. Needs `milestones` prefetched."""
    done = {milestone.code for milestone in membership.milestones.all() if milestone.done_on}
    return [label for code, label in Milestone.choices if code not in done]


def pledges_with_report_due_between(*, first: dt.date, last: dt.date) -> QuerySet[Pledge]:
    """Open pledges whose next report is due between two dates (inclusive)."""
    return (
        Pledge.objects.exclude(status__in=FINAL_STATUSES)
        .filter(next_report_due__range=(first, last))
        .select_related("member_state", "responsible_staff")
        .order_by("next_report_due", "id")
    )


def pledges_with_unsent_report_step(
    *, today: dt.date, steps: list[tuple[str, int]], due_rule: str, escalation_rule: str
) -> QuerySet[Pledge]:
    """Open pledges whose report step is due today (or within the catch-up days) and not yet
    recorded for someone who should hear of it: each annotated with its `step`.

    `steps` are (name, days from the due date) in date order; the last one is the escalation to
    staff. The log is checked here, in the database, so a sweep that finds everything recorded
    reads no pledge, and probes only pledges whose step day is within the catch-up days. A superset
    of the exact candidates (the rules decide who is reminded, the unique reason what is recorded).
    """
    catch_up = settings.REMINDER_CATCH_UP_DAYS
    # The latest step whose day lies in [today - catch_up + 1, today], as step_due decides it.
    whens, in_a_window = [], Q()
    for name, offset in reversed(steps):
        last = today - dt.timedelta(days=offset)
        window = Q(next_report_due__range=(last - dt.timedelta(days=catch_up - 1), last))
        whens.append(When(window, then=Value(name)))
        in_a_window |= window
    pledge_type = ContentType.objects.get_for_model(Pledge)

    def unsent(rule: str) -> Exists:
        return ~Exists(
            Reminder.objects.filter(
                rule=rule,
                content_type=pledge_type,
                object_id=OuterRef(OuterRef("pk")),
                due_date=OuterRef(OuterRef("next_report_due")),
                step=OuterRef(OuterRef("step")),
                recipient=OuterRef("pk"),
            )
        )

    reachable = User.objects.active().exclude(email="")
    focal_point_unsent = Exists(
        reachable.filter(
            is_staff=False, role=Role.FOCAL_POINT, member_state_id=OuterRef("member_state_id")
        ).filter(unsent(due_rule))
    )
    staff_unsent = reachable.filter(is_staff=True).filter(unsent(escalation_rule))
    responsible_active = Exists(User.objects.staff().filter(pk=OuterRef("responsible_staff_id")))
    escalation_unsent = Exists(staff_unsent.filter(pk=OuterRef("responsible_staff_id"))) | (
        ~responsible_active & Exists(staff_unsent)
    )
    escalation = steps[-1][0]
    return (
        pledges_with_report_due_between(
            first=today - dt.timedelta(days=steps[-1][1] + catch_up),
            last=today - dt.timedelta(days=steps[0][1]),
        )
        .filter(in_a_window)
        .annotate(step=Case(*whens, default=None, output_field=CharField()))
        .filter((~Q(step=escalation) & focal_point_unsent) | (Q(step=escalation) & escalation_unsent))
    )


def follow_ups_due_between(*, first: dt.date, last: dt.date) -> QuerySet[FollowUpAction]:
    """Open follow-up actions due between two dates (inclusive), with their assignee."""
    return (
        FollowUpAction.objects.filter(status=FollowUpStatus.OPEN, due_date__range=(first, last))
        .select_related("assignee", "pledge", "visit", "meeting")
        .order_by("due_date", "id")
    )


def visits_completed_between(*, first: dt.date, last: dt.date) -> QuerySet[CountryVisit]:
    """Completed visits that ended between two dates, with the commitments welcomed during them."""
    return (
        CountryVisit.objects.filter(status=VisitStatus.COMPLETED, end_date__range=(first, last))
        .select_related("member_state", "owner")
        .prefetch_related(Prefetch("pledges", queryset=Pledge.objects.order_by("id")))
        .order_by("end_date", "id")
    )


def vnr_presenters_without_outreach(*, hlpf_year: int) -> QuerySet[VnrEngagement]:
    """The year's VNR presenters the office has not reached out to yet."""
    return (
        VnrEngagement.objects.filter(hlpf_year=hlpf_year, outreach_sent=False)
        .select_related("member_state", "organization")
        .order_by("id")
    )


def memberships_with_milestones_due_between(*, first: dt.date, last: dt.date) -> list[AllianceMembership]:
    """Active alliance members whose milestone deadline falls between two dates and who have work left."""
    # joined_on + 18 months lies in [first, last] only if joined_on lies in this slightly wider range.
    joined_from = add_months(first, -MILESTONE_DUE_MONTHS) - dt.timedelta(days=3)
    joined_to = add_months(last, -MILESTONE_DUE_MONTHS) + dt.timedelta(days=3)
    memberships = (
        AllianceMembership.objects.exclude(status=MembershipStatus.INACTIVE)
        .filter(joined_on__range=(joined_from, joined_to))
        .select_related("member_state")
        .prefetch_related("milestones")
        .order_by("joined_on", "id")
    )
    return [
        membership
        for membership in memberships
        if first <= milestone_due_date(membership) <= last and outstanding_milestones(membership)
    ]


def focal_points_by_state(state_ids: Iterable[int]) -> dict[int, list[User]]:
    """Active focal points of the given States, grouped by State, in one query."""
    grouped: dict[int, list[User]] = defaultdict(list)
    focal_points = User.objects.active().filter(
        is_staff=False, role=Role.FOCAL_POINT, member_state_id__in=set(state_ids)
    )
    for user in focal_points.order_by("id"):
        grouped[user.member_state_id].append(user)
    return grouped


def active_staff() -> list[User]:
    """Every active staff account."""
    return list(User.objects.staff().order_by("id"))


def digest_recipients() -> QuerySet[User]:
    """Who gets the weekly digest: every active staff member, and focal points who did not opt out."""
    focal_points = Q(is_staff=False, role=Role.FOCAL_POINT, member_state__isnull=False, weekly_digest=True)
    return User.objects.active().filter(Q(is_staff=True) | focal_points).order_by("id")


def pledges_overdue(*, today: dt.date, member_state_id: int | None = None) -> QuerySet[Pledge]:
    """Open pledges whose report is past due; one State's when `member_state_id` is given."""
    pledges = Pledge.objects.overdue(today).select_related("member_state").order_by("next_report_due", "id")
    return pledges.filter(member_state_id=member_state_id) if member_state_id else pledges


def pledges_due_soon(*, today: dt.date, member_state_id: int | None = None) -> QuerySet[Pledge]:
    """Open pledges whose report is due from today to REMINDER_DIGEST_AHEAD_DAYS ahead."""
    last = today + dt.timedelta(days=settings.REMINDER_DIGEST_AHEAD_DAYS)
    pledges = pledges_with_report_due_between(first=today, last=last)
    return pledges.filter(member_state_id=member_state_id) if member_state_id else pledges


def follow_ups_overdue(*, today: dt.date, assignee: User) -> QuerySet[FollowUpAction]:
    """A staff member's open follow-up actions past their due date."""
    return FollowUpAction.objects.overdue(today).filter(assignee=assignee).order_by("due_date", "id")


def follow_ups_due_soon(*, today: dt.date, assignee: User) -> QuerySet[FollowUpAction]:
    """A staff member's open follow-up actions due from today to REMINDER_DIGEST_AHEAD_DAYS ahead."""
    last = today + dt.timedelta(days=settings.REMINDER_DIGEST_AHEAD_DAYS)
    return follow_ups_due_between(first=today, last=last).filter(assignee=assignee)


def last_sweep_finished_at() -> dt.datetime | None:
    """When the latest daily reminder sweep finished; None before the first one."""
    return ReminderSweep.objects.aggregate(last=Max("finished_at"))["last"]


def undelivered_reminders() -> QuerySet[Reminder]:
    """Reminders that did not go out (failed, or delivery uncertain), latest first: staff resend them."""
    return (
        Reminder.objects.filter(status__in=UNDELIVERED_STATUSES)
        .select_related("recipient")
        .order_by(F("failed_at").desc(nulls_last=True), "-created_at", "-id")
    )


def undelivered_reminders_count(user) -> int:
    """How many reminders did not go out, for staff (the navigation's and the dashboard's figure)."""
    if role_of(user) == Role.STAFF:
        return Reminder.objects.filter(status__in=UNDELIVERED_STATUSES).count()
    return 0
