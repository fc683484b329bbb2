"""Scale rows for the office's activity: country visits, meetings and follow-up actions."""

from __future__ import annotations

import datetime as dt

from demo.scale.context import SeedContext
from demo.scale.plan import HISTORY_START, Draws, zipf_weights
from demo.scale.writer import reserve_ids, write_links, write_rows
from engagement.choices import Vocabulary
from meetings.choices import FollowUpStatus, MeetingKind, MeetingLevel, MeetingMode
from meetings.models import FollowUpAction, Meeting
from visits.choices import VisitKind, VisitStatus
from visits.models import CountryVisit

MEETING_KINDS = {
    MeetingKind.BILATERAL: 50,
    MeetingKind.MULTILATERAL: 15,
    MeetingKind.CONFERENCE: 10,
    MeetingKind.BRIEFING: 10,
    MeetingKind.ROUNDTABLE: 7,
    MeetingKind.OTHER: 5,
    MeetingKind.DIALOGUE_WITH_CHILDREN: 3,
}
MEETING_LEVELS = {
    MeetingLevel.TECHNICAL: 40,
    MeetingLevel.SENIOR_OFFICIAL: 35,
    MeetingLevel.MINISTERIAL: 20,
    MeetingLevel.HEAD_OF_STATE: 5,
}
MEETING_MODES = {MeetingMode.IN_PERSON: 55, MeetingMode.ONLINE: 35, MeetingMode.HYBRID: 10}
VISIT_KINDS = {VisitKind.OFFICIAL: 60, VisitKind.FOLLOW_UP: 25, VisitKind.VIRTUAL: 15}
# Share of meetings held during a country visit.
MEETINGS_DURING_VISITS = 0.1


def seed_visits(context: SeedContext) -> int:
    """Country visits to Zipf-weighted States, past ones completed (or cancelled), future ones planned."""
    plan = context.plan
    draws = Draws(plan.seed, "visits")
    count = plan.count("visits")
    first = reserve_ids(CountryVisit, count)
    states = draws.random.choices(context.state_ids, weights=zipf_weights(len(context.state_ids)), k=count)
    kinds = draws.weighted(VISIT_KINDS, count)
    rows = []
    for offset in range(count):
        start = draws.date_between(HISTORY_START, plan.as_of + dt.timedelta(days=180))
        end = start + dt.timedelta(days=draws.random.randint(0, 6))
        if draws.random.random() < 0.05:
            status = VisitStatus.CANCELLED
        elif end < plan.as_of:
            status = VisitStatus.COMPLETED
        else:
            status = draws.random.choice([VisitStatus.PLANNED, VisitStatus.CONFIRMED])
        children = draws.random.randint(0, 120) if status == VisitStatus.COMPLETED else 0
        owner = draws.random.choice(context.staff_ids)
        pk = first + offset
        rows.append((pk, states[offset], start, end, kinds[offset], status, children, owner))
        context.visit_ids.append(pk)
        context.visit_states[pk] = states[offset]
        context.visit_starts[pk] = start
        context.visit_status[pk] = status
    attnames = [
        "id",
        "member_state_id",
        "start_date",
        "end_date",
        "kind",
        "status",
        "children_met",
        "owner_id",
    ]
    written = write_rows(CountryVisit, attnames, rows, now=plan.now)
    categories = context.terms[Vocabulary.STAKEHOLDER_CATEGORY]
    links = ((visit, term) for visit in context.visit_ids for term in draws.sample(categories, 2, 4))
    write_links(CountryVisit.stakeholder_categories.through, "countryvisit", "term", links)
    return written


def _meeting_rows(context: SeedContext, draws: Draws, first: int, visits: dict[int, tuple]):
    plan = context.plan
    count = plan.count("meetings")
    kinds = draws.weighted(MEETING_KINDS, count)
    levels = draws.weighted(MEETING_LEVELS, count)
    modes = draws.weighted(MEETING_MODES, count)
    for offset in range(count):
        pk = first + offset
        visit = visits.get(pk)
        date = visit[1] if visit else draws.date_between(HISTORY_START, plan.as_of)
        kind = kinds[offset]
        children = draws.random.randint(20, 400) if kind == MeetingKind.DIALOGUE_WITH_CHILDREN else 0
        title = f"{kind.label} {pk}"
        chatham = kind == MeetingKind.ROUNDTABLE or draws.random.random() < 0.03
        author = draws.random.choice(context.staff_ids)
        yield (
            pk,
            date,
            title,
            kind,
            modes[offset],
            levels[offset],
            visit and visit[0],
            chatham,
            children,
            author,
        )


def seed_meetings(context: SeedContext) -> int:
    """Meetings over the office's history; a tenth held during visits, with States, bodies and topics."""
    plan = context.plan
    draws = Draws(plan.seed, "meetings")
    count = plan.count("meetings")
    first = reserve_ids(Meeting, count)
    context.meeting_ids = range(first, first + count)
    visits: dict[int, tuple] = {}
    if context.visit_ids:
        during = draws.random.sample(list(context.meeting_ids), int(count * MEETINGS_DURING_VISITS))
        for pk in during:
            visit = draws.random.choice(context.visit_ids)
            visits[pk] = (visit, context.visit_starts[visit])
    attnames = [
        "id",
        "date",
        "title",
        "kind",
        "mode",
        "level",
        "visit_id",
        "chatham_house",
        "children_engaged",
        "created_by_id",
    ]
    written = write_rows(Meeting, attnames, _meeting_rows(context, draws, first, visits), now=plan.now)
    weights = zipf_weights(len(context.state_ids))

    def state_links():
        for pk in context.meeting_ids:
            if pk in visits:
                yield pk, context.visit_states[visits[pk][0]]
                continue
            chosen = draws.random.choices(context.state_ids, weights=weights, k=draws.random.randint(1, 3))
            for state in sorted(set(chosen)):
                yield pk, state

    write_links(Meeting.member_states.through, "meeting", "memberstate", state_links())
    organizations = context.organization_ids
    organization_links = (
        (pk, org) for pk in context.meeting_ids for org in sorted(draws.sample(organizations, 0, 2))
    )
    write_links(Meeting.organizations.through, "meeting", "organization", organization_links)
    themes = context.terms[Vocabulary.THEME]
    topic_links = ((pk, term) for pk in context.meeting_ids for term in sorted(draws.sample(themes, 1, 2)))
    write_links(Meeting.topics.through, "meeting", "term", topic_links)
    return written


def _follow_up_row(context: SeedContext, draws: Draws, offset: int):
    plan = context.plan
    roll = draws.random.random()
    meeting = visit = pledge = None
    if roll < 0.4 and context.meeting_ids:
        meeting = draws.random.choice(context.meeting_ids)
    elif roll < 0.6 and context.visit_ids:
        visit = draws.random.choice(context.visit_ids)
    elif context.pledge_ids:
        pledge = draws.random.choice(context.pledge_ids)
    due = draws.date_between(HISTORY_START, plan.as_of + dt.timedelta(days=120))
    status, closed_on = FollowUpStatus.OPEN, None
    if due < plan.as_of:
        # Most past actions are closed, some on time and some late; a few are still open.
        status = draws.weighted(
            {FollowUpStatus.DONE: 80, FollowUpStatus.CANCELLED: 5, FollowUpStatus.OPEN: 15}, 1
        )[0]
        if status != FollowUpStatus.OPEN:
            closed_on = min(due + dt.timedelta(days=draws.random.randint(-20, 30)), plan.as_of)
    assignee = draws.random.choice(context.staff_ids)
    return (f"Follow-up action {offset + 1}", due, status, assignee, meeting, visit, pledge, closed_on)


def seed_follow_ups(context: SeedContext) -> int:
    """Follow-up actions on meetings, visits and pledges; past ones mostly closed."""
    plan = context.plan
    draws = Draws(plan.seed, "follow_ups")
    count = plan.count("follow_ups")
    first = reserve_ids(FollowUpAction, count)
    rows = []
    for offset in range(count):
        row = (first + offset, *_follow_up_row(context, draws, offset))
        rows.append(row)
        context.follow_ups.append((row[0], row[2], row[3], row[4]))
    attnames = [
        "id",
        "title",
        "due_date",
        "status",
        "assignee_id",
        "meeting_id",
        "visit_id",
        "pledge_id",
        "closed_on",
    ]
    return write_rows(FollowUpAction, attnames, rows, now=plan.now)
