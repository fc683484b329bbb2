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
from engagement.models import MemberState, User, VnrEngagement
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


def _step_due_in_sql(*, today: dt.date, steps: list[tuple[str, int]], due_field: str) -> tuple[Case, Q]:
    """`schedule.step_due` in SQL: the name of the latest step whose day lies within the catch-up
    days up to today (NULL if none), and the condition that some step's day does.

    `steps` are (name, days from the date in `due_field`) in date order.
    """
    catch_up = settings.REMINDER_CATCH_UP_DAYS
    whens, in_a_window = [], Q()
    for name, offset in reversed(steps):
        last = today - dt.timedelta(days=offset)
        window = Q(**{f"{due_field}__range": (last - dt.timedelta(days=catch_up - 1), last)})
        whens.append(When(window, then=Value(name)))
        in_a_window |= window
    return Case(*whens, default=None, output_field=CharField()), in_a_window


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
    step, in_a_window = _step_due_in_sql(today=today, steps=steps, due_field="next_report_due")
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
    # The step windows alone choose the pledges, with no join: the database then looks only at the
    # pledges in a window (by the due-date index) even without statistics (a restored copy), where
    # a join with the States had it scan every State's pledges due in the whole range. The rows
    # found are read in full by id.
    found = list(
        Pledge.objects.exclude(status__in=FINAL_STATUSES)
        .filter(in_a_window)
        .annotate(step=step)
        .filter((~Q(step=escalation) & focal_point_unsent) | (Q(step=escalation) & escalation_unsent))
        .values_list("pk", "step")
    )
    if not found:
        return Pledge.objects.none()
    return (
        Pledge.objects.filter(pk__in=[pk for pk, _step in found])
        .select_related("member_state", "responsible_staff")
        .annotate(step=step)
        .order_by("next_report_due", "id")
    )


def follow_ups_due_between(*, first: dt.date, last: dt.date) -> QuerySet[FollowUpAction]:
    """Open follow-up actions due between two dates (inclusive), with their assignee."""
    return (
        FollowUpAction.objects.filter(status=FollowUpStatus.OPEN, due_date__range=(first, last))
        .select_related("assignee", "pledge", "visit", "meeting")
        .order_by("due_date", "id")
    )


def follow_ups_with_unsent_step(*, today: dt.date, steps: list[tuple[str, int]], rule: str) -> QuerySet:
    """Open follow-up actions whose step is due today (or within the catch-up days) and not yet
    recorded for their assignee, each annotated with its `step`, with what the rule reads of them.

    `steps` are (name, days from the due date) in date order. As for the pledges, the log is checked
    in the database: a sweep that finds everything recorded reads no follow-up action.
    """
    step, in_a_window = _step_due_in_sql(today=today, steps=steps, due_field="due_date")
    recorded = Reminder.objects.filter(
        rule=rule,
        content_type=ContentType.objects.get_for_model(FollowUpAction),
        object_id=OuterRef("pk"),
        due_date=OuterRef("due_date"),
        step=OuterRef("step"),
        recipient=OuterRef("assignee_id"),
    )
    return (
        FollowUpAction.objects.filter(status=FollowUpStatus.OPEN)
        .filter(in_a_window)
        .annotate(step=step)
        .filter(~Exists(recorded))
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


def states_with_reports_due_by(last: dt.date) -> set[int]:
    """The States with an open pledge whose report is due by `last` (overdue ones included).

    One probe per State (EXISTS), not every such pledge read: the cost of a sweep's digest rule
    does not grow with the pledges.
    """
    due_by = Pledge.objects.exclude(status__in=FINAL_STATUSES).filter(
        member_state=OuterRef("pk"), next_report_due__lte=last
    )
    return set(MemberState.objects.filter(Exists(due_by)).values_list("pk", flat=True))


def staff_with_follow_ups_due_by(last: dt.date) -> set[int]:
    """Active staff members with an open follow-up action due by `last` (overdue ones included)."""
    due_by = FollowUpAction.objects.open().filter(assignee=OuterRef("pk"), due_date__lte=last)
    return set(User.objects.staff().filter(Exists(due_by)).values_list("pk", flat=True))


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
