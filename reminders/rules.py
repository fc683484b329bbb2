"""The reminder rules: for a given day, which reminders are due and to whom."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

from django.conf import settings
from django.utils import timezone

from engagement.models import User
from meetings.models import FollowUpAction
from pledges.models import Pledge, ProgressReport
from pledges.selectors import reports_without_verdict
from reminders import selectors as due
from reminders.choices import ReminderRule
from reminders.schedule import Candidate, days, step_due

logger = logging.getLogger(__name__)


def pledge_report_candidates(today: dt.date) -> Iterator[Candidate]:
    """Report due: focal points 14 days before, on the day, every 14 days overdue (3 times), then staff."""
    reference = dt.date(2000, 1, 1)  # any day: the steps' offsets from the due date
    offsets = [(name, (day - reference).days) for name, day in pledge_report_steps(reference)]
    pledges = list(
        due.pledges_with_unsent_report_step(
            today=today,
            steps=offsets,
            due_rule=ReminderRule.PLEDGE_REPORT_DUE,
            escalation_rule=ReminderRule.PLEDGE_REPORT_ESCALATION,
        )
    )
    focal_points = due.focal_points_by_state(pledge.member_state_id for pledge in pledges)
    for pledge in pledges:
        step = step_due(today=today, steps=pledge_report_steps(pledge.next_report_due))
        if step is None:
            continue
        if step == "escalation":
            for user in escalation_recipients(pledge):
                yield Candidate(
                    ReminderRule.PLEDGE_REPORT_ESCALATION, pledge, pledge.next_report_due, step, user
                )
            continue
        if not focal_points.get(pledge.member_state_id):
            logger.info(
                "Pledge %s: report due but %s has no active focal point", pledge.pk, pledge.member_state
            )
        for user in focal_points.get(pledge.member_state_id, []):
            yield Candidate(
                ReminderRule.PLEDGE_REPORT_DUE,
                pledge,
                pledge.next_report_due,
                step,
                user,
                member_state_id=pledge.member_state_id,
            )


def pledge_report_steps(due_date: dt.date) -> list[tuple[str, dt.date]]:
    """The days a pledge report is chased: before, on the day, each overdue cycle, escalation."""
    every = settings.REMINDER_PLEDGE_OVERDUE_EVERY
    most = settings.REMINDER_PLEDGE_OVERDUE_MAX
    return [
        ("before", due_date - days(settings.REMINDER_PLEDGE_DAYS_BEFORE)),
        ("due", due_date),
        *[(f"overdue_{cycle}", due_date + days(every * cycle)) for cycle in range(1, most + 1)],
        ("escalation", due_date + days(every * (most + 1))),
    ]


def escalation_recipients(pledge: Pledge) -> list[User]:
    """The pledge's responsible staff member if active, otherwise every active staff member."""
    responsible = pledge.responsible_staff
    if responsible is not None and responsible.is_active and responsible.is_staff:
        return [responsible]
    logger.info("Pledge %s: no active responsible staff member, escalating to all staff", pledge.pk)
    return due.active_staff()


def report_received_recipients(report: ProgressReport) -> list[User]:
    """Who hears of a new progress report: the Office, when a focal point (not staff) wrote it.

    A staff member's own report is the Office's record already: it waits in the verification
    queue, and nobody is e-mailed about it.
    """
    if report.author.is_staff:
        return []
    return [user for user in escalation_recipients(report.pledge) if user.pk != report.author_id]


# A follow-up action's steps: (name, days from its due date).
FOLLOW_UP_STEPS = [("day_before", -1), ("overdue", 1)]


def follow_up_candidates(today: dt.date) -> Iterator[Candidate]:
    """Follow-up action due: its assignee the day before, and on the first overdue day."""
    actions = due.follow_ups_with_unsent_step(
        today=today, steps=FOLLOW_UP_STEPS, rule=ReminderRule.FOLLOW_UP_DUE
    )
    for action in actions:
        steps = [(name, action.due_date + days(offset)) for name, offset in FOLLOW_UP_STEPS]
        step = step_due(today=today, steps=steps)
        if step is not None:
            yield Candidate(
                ReminderRule.FOLLOW_UP_DUE,
                action,
                action.due_date,
                step,
                action.assignee,
                member_state_id=follow_up_state_id(action),
            )


def follow_up_state_id(action: FollowUpAction) -> int | None:
    if action.pledge_id:
        return action.pledge.member_state_id
    if action.visit_id:
        return action.visit.member_state_id
    return None


def visit_follow_up_candidates(today: dt.date) -> Iterator[Candidate]:
    """Visit follow-up: its staff owner (else every active staff member) 90 days after it ended."""
    after = settings.REMINDER_VISIT_FOLLOW_UP_DAYS
    visits = due.visits_completed_between(
        first=today - days(after + settings.REMINDER_CATCH_UP_DAYS), last=today - days(after)
    )
    for visit in visits:
        follow_up_day = visit.end_date + days(after)
        if step_due(today=today, steps=[("", follow_up_day)]) is None:
            continue
        owner = visit.owner
        recipients = (
            [owner] if owner is not None and owner.is_active and owner.is_staff else due.active_staff()
        )
        for user in recipients:
            yield Candidate(ReminderRule.VISIT_FOLLOW_UP, visit, follow_up_day, "", user)


def vnr_outreach_candidates(today: dt.date) -> Iterator[Candidate]:
    """VNR outreach: staff hear of next year's presenters once listed, and again each January."""
    years = [(today.year + 1, "listed")]
    if today.month == 1:
        years.append((today.year, "january"))
    staff = due.active_staff()
    for hlpf_year, step in years:
        for engagement in due.vnr_presenters_without_outreach(hlpf_year=hlpf_year):
            for user in staff:
                yield Candidate(ReminderRule.VNR_OUTREACH, engagement, dt.date(hlpf_year, 1, 1), step, user)


def milestone_candidates(today: dt.date) -> Iterator[Candidate]:
    """Pathfinding milestones: focal points and staff 60 days before the 18-month deadline, and after it."""
    before = settings.REMINDER_MILESTONE_DAYS_BEFORE
    memberships = due.memberships_with_milestones_due_between(
        first=today - days(1 + settings.REMINDER_CATCH_UP_DAYS), last=today + days(before)
    )
    focal_points = due.focal_points_by_state(membership.member_state_id for membership in memberships)
    staff = due.active_staff() if memberships else []
    for membership in memberships:
        due_date = due.milestone_due_date(membership)
        step = step_due(
            today=today, steps=[("before", due_date - days(before)), ("overdue", due_date + days(1))]
        )
        if step is None:
            continue
        for user in [*focal_points.get(membership.member_state_id, []), *staff]:
            yield Candidate(
                ReminderRule.MILESTONE_DUE,
                membership,
                due_date,
                step,
                user,
                member_state_id=membership.member_state_id,
            )


def weekly_digest_candidates(today: dt.date) -> Iterator[Candidate]:
    """Weekly digest on Mondays: staff, and focal points who did not opt out, when something is due."""
    week_start = today - days(today.weekday())
    if step_due(today=today, steps=[("", week_start)]) is None:
        return
    ahead = today + days(settings.REMINDER_DIGEST_AHEAD_DAYS)
    # Overdue, or due in the next days: an open pledge whose report is due by `ahead`.
    states_with_work = due.states_with_reports_due_by(ahead)
    staff_with_work = due.staff_with_follow_ups_due_by(ahead)
    # Staff hear of reports to verify and of reminders that did not go out in the past week (older
    # ones stay on the dashboard).
    office_work = (
        reports_without_verdict().exists()
        or due.undelivered_reminders().filter(failed_at__gte=timezone.now() - days(7)).exists()
    )
    for user in due.digest_recipients():
        if user.is_staff:
            has_work = bool(states_with_work) or office_work or user.pk in staff_with_work
        else:
            has_work = user.member_state_id in states_with_work
        if has_work:
            yield Candidate(
                ReminderRule.WEEKLY_DIGEST, user, week_start, "", user, member_state_id=user.member_state_id
            )


RULES = (
    pledge_report_candidates,
    follow_up_candidates,
    visit_follow_up_candidates,
    vnr_outreach_candidates,
    milestone_candidates,
    weekly_digest_candidates,
)
