"""Reads the pledges API, pages and tasks share: SMART gaps, missed report cycles, verification.

Each accountability rule is written here twice, side by side: as a Python function of one
pledge (for showing it, no query) and as a SQL expression (for filtering lists). Keep each pair
in step; tests/pledges/test_services.py checks they agree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING, NamedTuple

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from engagement.exports import JoinedValues, ordering_through
from engagement.history import ReadableEntry, readable_history
from engagement.models import MemberState, Term, User
from engagement.roles import PUBLIC, is_staff
from meetings.models import Meeting
from pledges.choices import (
    FINAL_STATUSES,
    MILESTONE_DUE_MONTHS,
    LatestVerification,
    Milestone,
    PledgeOrigin,
    SmartGap,
    Verdict,
    VerificationState,
)
from pledges.models import (
    AllianceMembership,
    AllianceMilestone,
    CtaEndorsement,
    Pledge,
    ProgressReport,
    ReportPublication,
    ReportVerification,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.db.models import QuerySet

    from visits.models import CountryVisit


# --- SMART gaps -------------------------------------------------------------------------------


def pledge_smart_gaps(pledge: Pledge, today: dt.date, *, has_sdg_target: bool | None = None) -> list[str]:
    """The SMART gap codes of one pledge, in the order of `SmartGap`; empty when it is SMART.

    Reads `sdg_targets.all()` unless the caller already knows `has_sdg_target` (a list row).
    """
    open_pledge = pledge.status not in FINAL_STATUSES
    checks = {
        SmartGap.NO_INDICATOR: not pledge.indicator,
        SmartGap.NO_BASELINE: not pledge.baseline,
        SmartGap.NO_TARGET_DATE: pledge.target_date is None,
        SmartGap.TARGET_DATE_PAST: (
            pledge.target_date is not None and pledge.target_date < today and open_pledge
        ),
        SmartGap.NO_RESPONSIBLE_BODY: not pledge.responsible_body,
        SmartGap.NO_BUDGET: not pledge.budget_committed,
        SmartGap.NO_SDG_TARGET: not (pledge.sdg_targets.all() if has_sdg_target is None else has_sdg_target),
    }
    return [code.value for code, missing in checks.items() if missing]


def smart_gap_condition(today: dt.date) -> Q:
    """SQL twin of `pledge_smart_gaps`: true for a pledge with at least one gap."""
    has_sdg_target = Exists(Pledge.sdg_targets.through.objects.filter(pledge_id=OuterRef("pk")))
    return (
        Q(indicator="")
        | Q(baseline="")
        | Q(target_date__isnull=True)
        | (Q(target_date__lt=today) & ~Q(status__in=FINAL_STATUSES))
        | Q(responsible_body="")
        | Q(budget_committed=False)
        | ~Q(has_sdg_target)
    )


# --- Report cycles ----------------------------------------------------------------------------


def pledge_missed_cycles(pledge: Pledge, today: dt.date) -> int:
    """Report cycles missed: 0 until the due date has passed, 1 the day after, +1 per interval.

    Achieved and withdrawn pledges owe no reports, so they miss none.
    """
    due = pledge.next_report_due
    if due is None or pledge.status in FINAL_STATUSES or today <= due:
        return 0
    return 1 + ((today - due).days - 1) // pledge.reporting_interval_days


def pledge_is_stale(pledge: Pledge, today: dt.date) -> bool:
    """A pledge is stale once it has missed `PLEDGE_STALE_AFTER_CYCLES` report cycles."""
    return pledge_missed_cycles(pledge, today) >= settings.PLEDGE_STALE_AFTER_CYCLES


class DaysBetween(Func):
    """Whole days from the first date expression to the second (`second - first`)."""

    output_field = models.IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL: date - date is an integer number of days.
        first, second = self.source_expressions
        sql_first, params_first = compiler.compile(first)
        sql_second, params_second = compiler.compile(second)
        return f"(({sql_second})::date - ({sql_first})::date)", (*params_second, *params_first)

    def as_sqlite(self, compiler, connection, **extra_context):
        first, second = self.source_expressions
        sql_first, params_first = compiler.compile(first)
        sql_second, params_second = compiler.compile(second)
        sql = f"CAST(julianday({sql_second}) - julianday({sql_first}) AS INTEGER)"
        return sql, (*params_second, *params_first)


def missed_cycles_expression(today: dt.date) -> Case:
    """SQL twin of `pledge_missed_cycles`."""
    days_late = DaysBetween(F("next_report_due"), Value(today, output_field=models.DateField()))
    return Case(
        When(
            Q(next_report_due__lt=today) & ~Q(status__in=FINAL_STATUSES),
            then=Value(1) + (days_late - Value(1)) / F("reporting_interval_days"),
        ),
        default=Value(0),
        output_field=models.IntegerField(),
    )


def pledges_with_missed_cycles(queryset: models.QuerySet, today: dt.date) -> models.QuerySet:
    """Annotate `missed_cycles_sql` so lists can filter on staleness in the database."""
    return queryset.annotate(missed_cycles_sql=missed_cycles_expression(today))


def stale_condition() -> Q:
    """SQL twin of `pledge_is_stale`; needs `pledges_with_missed_cycles`."""
    return Q(missed_cycles_sql__gte=settings.PLEDGE_STALE_AFTER_CYCLES)


# --- Verification -----------------------------------------------------------------------------


def _latest_verification(report_ref: str = "pk") -> models.QuerySet:
    return ReportVerification.objects.filter(report=OuterRef(report_ref)).order_by("-created_at", "-id")


def reports_with_verification(queryset: models.QuerySet) -> models.QuerySet:
    """Annotate `verification`: the latest verdict on each report, or `unverified`."""
    latest = Subquery(_latest_verification().values("verdict")[:1])
    return queryset.annotate(verification=Coalesce(latest, Value(VerificationState.UNVERIFIED.value)))


def computed_verification() -> dict[str, Subquery]:
    """`verified_progress` and `last_verified_at` as SQL over the reports, for one pledge (`pk`).

    The latest report whose latest verdict is `verified` (reports and verdicts each ordered by
    time, then id): its progress, and the time of that verdict; None without one. This is the
    rule the stored columns keep: `report_verify` writes them with it, the tests compare them.
    """
    verified_reports = (
        ProgressReport.objects.filter(pledge=OuterRef("pk"))
        .annotate(
            latest_verdict=Subquery(_latest_verification().values("verdict")[:1]),
            verified_at=Subquery(_latest_verification().values("created_at")[:1]),
        )
        .filter(latest_verdict=Verdict.VERIFIED)
        .order_by("-created_at", "-id")
    )
    return {
        "verified_progress": Subquery(verified_reports.values("progress")[:1]),
        "last_verified_at": Subquery(verified_reports.values("verified_at")[:1]),
    }


def pledges_with_computed_verification(queryset: models.QuerySet) -> models.QuerySet:
    """Annotate `computed_verified_progress` and `computed_last_verified_at` from the reports:
    what the stored columns must hold (tests and checks only; pages and the API read the columns)."""
    return queryset.annotate(**{f"computed_{name}": value for name, value in computed_verification().items()})


# What a pledge row of the API reads: every column of the pledge (the stored verification
# included: no subquery) and its State's ISO3 code; staff also the responsible staff's username.
PLEDGE_ROW_COLUMNS = (*(field.name for field in Pledge._meta.concrete_fields), "member_state__iso3")


def pledges_for_display(queryset: models.QuerySet, user) -> models.QuerySet:
    """One pledge as the API shows it, its relations prefetched (the list reads `pledges_for_list`).

    One query for the row, with the State's code and, for staff, the responsible staff member's
    username; one for the SDG targets' codes and one for the meetings' ids. Meetings are those
    the caller may see (focal points see none, and that costs no query).
    """
    columns, related = _pledge_row_columns(user)
    return (
        queryset.select_related(*related)
        .only(*columns)
        .prefetch_related(
            models.Prefetch("sdg_targets", queryset=Term.objects.only("id", "code")),
            models.Prefetch("meetings", queryset=Meeting.objects.visible_to(user).only("id")),
        )
    )


def pledges_for_list(queryset: models.QuerySet, user) -> models.QuerySet:
    """A page of pledges as the API lists them, in one query whatever its length.

    The row's columns as `pledges_for_display` reads them; the SDG target codes and the ids of
    the meetings `user` may see come in the same query, joined (`listed_sdg_targets`,
    `listed_meetings`: `a;b;c`, in the order the relations list), so a page builds no related
    objects. `PledgeListSerializer` reads them.
    """
    columns, related = _pledge_row_columns(user)
    return (
        queryset.select_related(*related)
        .only(*columns)
        .annotate(
            listed_sdg_targets=pledge_sdg_target_codes_joined(),
            listed_meetings=pledge_meeting_ids_joined(user),
        )
    )


def _pledge_row_columns(user) -> tuple[list[str], list[str]]:
    columns, related = [*PLEDGE_ROW_COLUMNS], ["member_state"]
    if is_staff(user):
        columns.append("responsible_staff__username")
        related.append("responsible_staff")
    return columns, related


def pledge_sdg_target_ids_joined() -> models.Expression:
    """The ids of the pledge's SDG targets joined in SQL (`12;40`), from the link table alone (an
    index-only scan): for the CSV of every pledge, which writes the codes from the ids."""
    links = Pledge.sdg_targets.through.objects.filter(pledge_id=OuterRef("pk")).order_by()
    return JoinedValues(links.values(joined_value=F("term_id")))


def pledge_sdg_target_codes_joined() -> models.Expression:
    """The pledge's SDG target codes joined in SQL (`16.2;5.3`), in the order the relation lists."""
    links = Pledge.sdg_targets.through.objects.filter(pledge_id=OuterRef("pk"))
    return JoinedValues(links.order_by(*ordering_through("term", Term)).values(joined_value=F("term__code")))


class PublicDataState(NamedTuple):
    """When the public pledge data last changed, and a token that changes with it."""

    changed_at: dt.datetime
    token: str


def public_data_state(today: dt.date) -> PublicDataState:
    """What a public answer depends on beside its request: every pledge's latest change (a
    publish, an unpublish and a new set of SDG targets move `updated_at`), the pledges' number (a
    deletion), the latest report and verdict (they write the stored status and verification), the
    latest change to a report's publication, an endorsement, an Alliance membership or a milestone
    (their history rows: edits and deletions included), and the day (`stale` moves at midnight).
    Each read from the end of an index.
    """
    pledges = Pledge.objects.aggregate(changed=models.Max("updated_at"), count=models.Count("pk"))
    moments, parts = [pledges["changed"]], [pledges["count"], pledges["changed"]]
    for rows, at in (
        (ProgressReport.objects, "created_at"),
        (ReportVerification.objects, "created_at"),
        (ReportPublication.history, "history_date"),
        (CtaEndorsement.history, "history_date"),
        (AllianceMembership.history, "history_date"),
        (AllianceMilestone.history, "history_date"),
    ):
        latest = rows.order_by().aggregate(at=models.Max(at), last=models.Max("pk"))
        moments.append(latest["at"])
        parts.append(latest["last"])
    midnight = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    changed_at = max(moment for moment in (*moments, midnight) if moment)
    return PublicDataState(changed_at, ":".join(str(part) for part in (*parts, today)))


def public_pledges() -> models.QuerySet:
    """Public pledges as the open feed shows them (the verification is the pledge's own columns)."""
    return Pledge.objects.public().select_related("member_state").prefetch_related("sdg_targets")


def report_is_on_time(report: ProgressReport) -> bool:
    """A report is on time when made on or before the date it was due (or nothing was due)."""
    if report.due_date is None:
        return True
    return timezone.localdate(report.created_at) <= report.due_date


# --- Concurrency --------------------------------------------------------------------------------


def pledge_etag(pledge: Pledge) -> str:
    """A strong ETag for one pledge: changes whenever the pledge row is saved."""
    version = f"{pledge.pk}:{pledge.updated_at.isoformat()}".encode()
    return f'"{hashlib.sha256(version).hexdigest()[:40]}"'


def etag_matches(etag: str, if_match: Iterable[str]) -> bool:
    """`If-Match` semantics (RFC 9110): `*` or a strong tag equal to the current one."""
    return any(candidate == "*" or candidate == etag for candidate in if_match)


# --- Alliance milestones ------------------------------------------------------------------------


def membership_milestones(membership: AllianceMembership) -> list[dict]:
    """The five Pathfinding milestones of a membership: `{code, due, done_on}`, done or not.

    Reads `milestones.all()`: prefetch it on lists.
    """
    due = membership.joined_on + relativedelta(months=MILESTONE_DUE_MONTHS)
    done = {milestone.code: milestone.done_on for milestone in membership.milestones.all()}
    return [{"code": code.value, "due": due, "done_on": done.get(code.value)} for code in Milestone]


# --- History ------------------------------------------------------------------------------------


def _history_lookups(records: list) -> dict[str, dict[int, str]]:
    """Names for the ids a history holds: ISO3 codes, usernames and SDG target codes."""
    state_ids = {record.member_state_id for record in records}
    user_ids = {record.responsible_staff_id for record in records} - {None}
    return {
        "member_state": dict(MemberState.objects.filter(pk__in=state_ids).values_list("pk", "iso3")),
        "responsible_staff": dict(User.objects.filter(pk__in=user_ids).values_list("pk", "username")),
        "sdg_targets": dict(Term.objects.values_list("pk", "code")),
    }


def _history_value(field: str, value, lookups: dict[str, dict[int, str]]):
    if field == "sdg_targets":
        return sorted(lookups["sdg_targets"].get(row["term"], row["term"]) for row in value)
    if field in ("member_state", "responsible_staff") and value is not None:
        return lookups[field].get(value, value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, int | bool | str) or value is None:
        return value
    return str(value)


def _first_record_changes(record, fields: list[str], lookups: dict) -> list[dict]:
    changes = []
    for field in fields:
        if field == "sdg_targets":
            value = list(record.sdg_targets.values("term"))
        else:
            value = getattr(record, Pledge._meta.get_field(field).attname)
        if value not in (None, "", []):
            changes.append({"field": field, "old": None, "new": _history_value(field, value, lookups)})
    return changes


# Pledge fields only staff read; and the fields each progress report moves (its trail).
STAFF_ONLY_PLEDGE_FIELDS = ("responsible_staff",)
REPORT_TRAIL_FIELDS = ("status", "progress", "last_reported_at", "next_report_due")


def pledge_history_fields_for(*, pledge: Pledge, user) -> set[str]:
    """The pledge fields whose history `user` may read.

    Non-staff never see staff-only fields; a caller who may not read the pledge's reports
    (a viewer on an internal pledge, a focal point on another State's) does not see the fields
    the reports move either, or the history would replay the report trail.
    """
    fields = {field.name for field in Pledge.history.model.tracked_fields} | {"sdg_targets"}
    if not is_staff(user):
        fields -= set(STAFF_ONLY_PLEDGE_FIELDS)
    if not Pledge.objects.with_readable_reports(user).filter(pk=pledge.pk).exists():
        fields -= set(REPORT_TRAIL_FIELDS)
    return fields


def pledge_history_for(*, pledge: Pledge, user) -> list[dict]:
    """The changes to a pledge that `user` may read, as the API gives them (field names, codes)."""
    return pledge_history(pledge, pledge_history_fields_for(pledge=pledge, user=user))


def pledge_readable_history_for(*, pledge: Pledge, user) -> list[ReadableEntry]:
    """The same changes as the pledge page shows them: labels, names and formatted values, newest first."""
    tracked = {field.name for field in Pledge.history.model.tracked_fields if field.editable} | {
        "sdg_targets"
    }
    fields = tracked & pledge_history_fields_for(pledge=pledge, user=user)
    records = list(pledge.history.select_related("history_user").order_by("history_date", "history_id"))
    return readable_history(records, fields=fields)[::-1]


def pledge_history(pledge: Pledge, fields: Iterable[str]) -> list[dict]:
    """Every recorded change to a pledge, oldest first: `{id, at, by, change_reason, changes}`.

    Only `fields` (the names the caller may read) are reported; a change touching none of them
    is left out. The first entry lists the values the pledge was recorded with.
    """
    tracked = {field.name for field in Pledge.history.model.tracked_fields if field.editable}
    tracked.add("sdg_targets")
    fields = sorted(tracked.intersection(fields))
    records = list(pledge.history.select_related("history_user").order_by("history_date", "history_id"))
    lookups = _history_lookups(records)
    entries, previous = [], None
    for record in records:
        if previous is None:
            changes = _first_record_changes(record, fields, lookups)
        else:
            delta = record.diff_against(previous, included_fields=fields)
            changes = [
                {
                    "field": change.field,
                    "old": _history_value(change.field, change.old, lookups),
                    "new": _history_value(change.field, change.new, lookups),
                }
                for change in delta.changes
            ]
        previous = record
        if changes or record.history_type != "~":
            entries.append(
                {
                    "id": record.history_id,
                    "at": record.history_date,
                    "by": record.history_user.username if record.history_user else None,
                    "change_reason": record.history_change_reason,
                    "created": record.history_type == "+",
                    "changes": changes,
                }
            )
    return entries


# --- Member States' commitments -------------------------------------------------------------


def member_states_with_commitment_flags(states: QuerySet[MemberState], user: User) -> QuerySet[MemberState]:
    """Annotate `alliance_member` and `cta_endorsed`, each from what `user` may see of them.

    A focal point reads only its own State's endorsement and membership, so the flags of
    other States are false for it, as the endorsement and membership lists are empty.
    """
    memberships = AllianceMembership.objects.visible_to(user)
    endorsements = CtaEndorsement.objects.visible_to(user)
    return states.annotate(
        alliance_member=Exists(memberships.filter(member_state=OuterRef("pk"))),
        cta_endorsed=Exists(endorsements.filter(member_state=OuterRef("pk"))),
    )


def visit_commitments(user: User, visit: CountryVisit) -> QuerySet[Pledge]:
    """The commitments welcomed during a visit (pledges whose origin is it) that `user` may read."""
    return Pledge.objects.visible_to(user).filter(visit=visit, origin=PledgeOrigin.COUNTRY_VISIT)


# --- What pages show of pledges and memberships ---------------------------------------------


def with_staleness(pledges: Iterable[Pledge], today: dt.date) -> None:
    """Set `missed_cycles` and `stale` on each pledge shown (the selectors' rules; no query)."""
    for pledge in pledges:
        pledge.missed_cycles = pledge_missed_cycles(pledge, today)
        pledge.stale = pledge_is_stale(pledge, today)


def milestones_for_display(membership: AllianceMembership, today: dt.date) -> list[dict]:
    """A membership's milestones with their label, and `overdue` when past due and not done."""
    return [
        {
            **milestone,
            "label": Milestone(milestone["code"]).label,
            "overdue": milestone["done_on"] is None and milestone["due"] < today,
        }
        for milestone in membership_milestones(membership)
    ]


def milestones_tickable(user: User, membership: AllianceMembership) -> bool:
    """Whether `user` may mark this member's milestones done (the rule membership_milestone_tick applies)."""
    return AllianceMembership.objects.actionable_by(user).filter(pk=membership.pk).exists()


# --- The verification queue -------------------------------------------------------------------


def reports_without_verdict() -> QuerySet[ProgressReport]:
    """Every progress report with no verdict yet, oldest first (for tasks that serve the Office)."""
    has_verdict = Exists(ReportVerification.objects.filter(report=OuterRef("pk")))
    return ProgressReport.objects.filter(~has_verdict).order_by("created_at", "id")


def reports_awaiting_verification(user: User) -> QuerySet[ProgressReport]:
    """The progress reports `user` may read that have no verdict yet, oldest first."""
    return reports_without_verdict().visible_to(user)


def _earlier_than(created_at, report_id) -> Q:
    """Reports made before a report, in the order of the trail (time, then id for equal times)."""
    return Q(created_at__lt=created_at) | Q(created_at=created_at, id__lt=report_id)


def report_before(report: ProgressReport) -> ProgressReport | None:
    """The report on the same pledge just before `report`, if any: what its changes are measured from."""
    return (
        ProgressReport.objects.filter(_earlier_than(report.created_at, report.pk), pledge_id=report.pledge_id)
        .order_by("-created_at", "-id")
        .first()
    )


def reports_awaiting_verification_count(user: User) -> int:
    """How many reports wait for a verdict: one COUNT query (the navigation and the dashboard)."""
    return reports_awaiting_verification(user).count()


def verification_queue(user: User) -> QuerySet[ProgressReport]:
    """The reports awaiting a verdict with their pledge, State and author, oldest first.

    Each carries `previous_status` and `previous_progress`, those of the pledge's report before it
    (None for a pledge's first report), read in the same query whatever the length of the queue.
    """
    previous = ProgressReport.objects.filter(
        _earlier_than(OuterRef("created_at"), OuterRef("id")), pledge=OuterRef("pledge")
    ).order_by("-created_at", "-id")
    return (
        reports_awaiting_verification(user)
        .select_related("pledge__member_state", "author__member_state")
        .annotate(
            previous_status=Subquery(previous.values("status")[:1]),
            previous_progress=Subquery(previous.values("progress")[:1]),
        )
    )


def pledges_by_latest_verification(
    queryset: QuerySet[Pledge], verification: str, user: User
) -> QuerySet[Pledge]:
    """Pledges whose latest report has the verdict `verification` (a `LatestVerification` value).

    `none` is a pledge with no report yet. Only pledges whose report trail `user` may read ever
    match, so the filter tells no one about reports they could not open.
    """
    latest = reports_with_verification(ProgressReport.objects.filter(pledge=OuterRef("pk"))).order_by(
        "-created_at", "-id"
    )
    annotated = queryset.with_readable_reports(user).annotate(
        latest_verification=Coalesce(
            Subquery(latest.values("verification")[:1]), Value(LatestVerification.NONE.value)
        )
    )
    return annotated.filter(latest_verification=verification)


# --- The Alliance list ----------------------------------------------------------------------------


class AddMonths(Func):
    """A date `months` months later, kept to the month's last day (31 January + 1 month is 28 or
    29 February), as `relativedelta(months=...)` does."""

    output_field = models.DateField()

    def __init__(self, date: models.Expression, months: int):
        super().__init__(date)
        self.months = int(months)

    def as_sql(self, compiler, connection, **extra_context):
        # PostgreSQL's interval arithmetic keeps to the month's last day.
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) + interval '{self.months} months')::date", params

    def as_sqlite(self, compiler, connection, **extra_context):
        # SQLite's '+N months' runs over into the next month: count from the first of the month,
        # add the day, and keep to the last day of the month reached.
        sql, params = compiler.compile(self.source_expressions[0])
        first = f"date({sql}, 'start of month', '+{self.months} months')"
        day = f"(CAST(strftime('%%d', {sql}) AS INTEGER) - 1)"
        last = f"date({sql}, 'start of month', '+{self.months + 1} months', '-1 day')"
        return f"MIN(date({first}, '+' || {day} || ' days'), {last})", (*params, *params, *params)


def memberships_with_milestone_counts(
    queryset: QuerySet[AllianceMembership], today: dt.date
) -> QuerySet[AllianceMembership]:
    """Memberships with `milestone_due`, `milestones_done` and `milestones_overdue`, counted in SQL.

    The rule of `milestones_for_display`, for sorting, filtering and totalling a list: every
    milestone falls due MILESTONE_DUE_MONTHS after joining (PostgreSQL's month arithmetic keeps
    to the month's last day, as relativedelta does), and one not done by a due date before today
    is overdue.
    """
    due = AddMonths(F("joined_on"), MILESTONE_DUE_MONTHS)
    done = models.Count("milestones", filter=Q(milestones__done_on__isnull=False))
    overdue = Case(
        When(milestone_due__lt=today, then=Value(len(Milestone)) - F("milestones_done")),
        default=Value(0),
        output_field=models.IntegerField(),
    )
    return queryset.annotate(milestone_due=due, milestones_done=done).annotate(milestones_overdue=overdue)


# --- What a focal point must answer, and what the report form shows -----------------------------


def _latest_report(pledge_ref: str = "pk") -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(pledge=OuterRef(pledge_ref)).order_by("-created_at", "-id")


def pledges_with_disputed_latest_report(queryset: QuerySet[Pledge], user: User) -> QuerySet[Pledge]:
    """Pledges whose latest report's latest verdict is `disputed`, with that report and the note.

    Each carries `disputed_report_id`, `disputed_report_at`, `dispute_note` and `disputed_at`, read
    in the same query. A new report on the pledge answers the dispute: it is then the latest one.
    """
    disputed = pledges_by_latest_verification(queryset, LatestVerification.DISPUTED, user)
    verdict = _latest_verification("disputed_report_id")
    return (
        disputed.annotate(
            disputed_report_id=Subquery(_latest_report().values("id")[:1]),
            disputed_report_at=Subquery(_latest_report().values("created_at")[:1]),
        )
        .annotate(
            dispute_note=Subquery(verdict.values("note")[:1]),
            disputed_at=Subquery(verdict.values("created_at")[:1]),
        )
        .select_related("member_state")
        .order_by("disputed_at", "id")
    )


def pledge_last_report(*, pledge: Pledge, user: User) -> ProgressReport | None:
    """The pledge's latest report `user` may read, with `verification` and `verification_note` (its
    latest verdict's note, empty when none), in one query; None before the first report."""
    reports = reports_with_verification(ProgressReport.objects.visible_to(user).filter(pledge=pledge))
    return (
        reports.annotate(
            verification_note=Coalesce(
                Subquery(_latest_verification().values("note")[:1]),
                Value(""),
                output_field=models.TextField(),
            )
        )
        .order_by("-created_at", "-id")
        .first()
    )


def pledge_meeting_ids_joined(user) -> models.Expression:
    """The ids of the meetings `user` may see where the pledge was discussed, joined in SQL for the
    list and the streamed CSV (focal points: none). Here, beside the detail's prefetch: the sideways
    read of meetings.models is this module's (docs/architecture.md)."""
    visible = Meeting.objects.visible_to(user)
    if visible.query.is_empty():
        return models.Value("")
    links = Meeting.pledges.through.objects.filter(pledge_id=models.OuterRef("pk"))
    if visible.query.has_filters():
        links = links.filter(meeting__in=visible)
    return JoinedValues(
        links.order_by(*ordering_through("meeting", Meeting)).values(joined_value=models.F("meeting_id"))
    )


# --- Public pages -------------------------------------------------------------------------------

# What the public pages read of a pledge: the open feed's fields and what staleness needs. The
# internal ones (the responsible staff member, the measurability notes, the budget) are never
# loaded, so no template can show them by mistake.
PUBLIC_PAGE_PLEDGE_COLUMNS = (
    "id",
    "member_state",
    "origin",
    "made_on",
    "title",
    "description",
    "area",
    "target_date",
    "status",
    "progress",
    "verified_progress",
    "last_verified_at",
    "last_reported_at",
    "next_report_due",
    "reporting_interval_days",
)


def public_pledge_page(*, pk: int, today: dt.date) -> dict | None:
    """One public pledge as anyone reads it, with `stale`, its SDG targets and its public timeline.

    None when it is missing or internal: the same answer, so the page never tells that an
    internal pledge exists. Three queries whatever the number of reports.
    """
    pledge = (
        Pledge.objects.visible_to(PUBLIC)
        .select_related("member_state")
        .only(*PUBLIC_PAGE_PLEDGE_COLUMNS)
        .prefetch_related("sdg_targets")
        .filter(pk=pk)
        .first()
    )
    if pledge is None:
        return None
    with_staleness([pledge], today)
    return {"pledge": pledge, "reports": public_pledge_timeline(pledge)}


def public_pledge_timeline(pledge: Pledge) -> list[ProgressReport]:
    """A public pledge's reports, newest first, in one query: date, status, progress, the latest
    verdict (`verification`) and its time (`verified_on`).

    `public_narrative` and `public_evidence_url` hold the report's words and link only when staff
    made its narrative public (`ReportPublication.narrative_public`), else "": the narrative of
    any other report is not even read. Authors, verdict notes and evidence files never are.
    """
    shown = Exists(ReportPublication.objects.filter(report=OuterRef("pk"), narrative_public=True))
    reports = reports_with_verification(
        ProgressReport.objects.visible_to(PUBLIC)
        .filter(pledge=pledge)
        .only("id", "pledge_id", "status", "progress", "created_at")
    )
    return list(
        reports.annotate(
            narrative_shown=shown,
            verified_on=Subquery(_latest_verification().values("created_at")[:1]),
        )
        .annotate(
            public_narrative=Case(
                When(narrative_shown=True, then=F("narrative")),
                default=Value(""),
                output_field=models.TextField(),
            ),
            public_evidence_url=Case(
                When(narrative_shown=True, then=F("evidence_url")),
                default=Value(""),
                output_field=models.CharField(),
            ),
        )
        .order_by("-created_at", "-id")
    )


def public_state_page(*, iso3: str, today: dt.date) -> dict | None:
    """A State's public record: its Call-to-Action endorsement, its Alliance membership with the
    five milestones (`milestones_for_display`), and its public pledges with `stale`.

    None for an unknown ISO3 code. The signatory's name, the national focal point and the
    membership's notes are not read. At most five queries whatever the number of pledges.
    """
    state = (
        MemberState.objects.visible_to(PUBLIC)
        .select_related("region", "subregion")
        .filter(iso3=iso3.upper())
        .first()
    )
    if state is None:
        return None
    endorsement = (
        CtaEndorsement.objects.visible_to(PUBLIC)
        .filter(member_state=state)
        .only("id", "member_state_id", "endorsed_on", "signatory_level")
        .first()
    )
    milestones = AllianceMilestone.objects.visible_to(PUBLIC).only("id", "membership_id", "code", "done_on")
    membership = (
        AllianceMembership.objects.visible_to(PUBLIC)
        .filter(member_state=state)
        .only("id", "member_state_id", "joined_on", "status", "national_plan_status")
        .prefetch_related(models.Prefetch("milestones", queryset=milestones))
        .first()
    )
    pledges = list(
        Pledge.objects.visible_to(PUBLIC)
        .filter(member_state=state)
        .only(*PUBLIC_PAGE_PLEDGE_COLUMNS)
        .order_by("-made_on", "-id")
    )
    with_staleness(pledges, today)
    return {
        "state": state,
        "endorsement": endorsement,
        "membership": membership,
        "milestones": milestones_for_display(membership, today) if membership else [],
        "milestone_due_months": MILESTONE_DUE_MONTHS,
        "pledges": pledges,
    }
