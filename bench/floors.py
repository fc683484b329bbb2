"""The floors: for each timed endpoint, ONE hand-written SQL statement that returns the same data.

A floor is what the answer costs at the least on this database: one statement over a persistent
psycopg connection (autocommit, no ORM, no Django), the JSON built by PostgreSQL
(`json_build_object`, `json_agg`), fetched, and serialized again with `json.dumps` as a view
would. Before any timing the harness checks that a floor's data equals its endpoint's JSON
(`FloorMismatch` otherwise): a floor that answers something else measures nothing.

The SQL is PostgreSQL's. Choice values come from the choices classes so that a renamed value
cannot make a floor count nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import psycopg

from engagement.models import VNR_STAGES
from meetings.choices import MeetingKind
from pledges.choices import FINAL_STATUSES, MembershipStatus, PledgeStatus, SmartGap, Verdict
from visits.choices import VisitKind, VisitStatus

PAGE_SIZE = 50


class FloorMismatch(AssertionError):
    """A floor's data differs from its endpoint's: the comparison would be meaningless."""


@dataclass
class Floor:
    """One statement and its parameters; `kind` is `json` (one JSON value) or `copy` (CSV rows)."""

    sql: str
    params: Any = None
    kind: str = "json"


class FloorConnection:
    """A persistent autocommit psycopg connection that runs floors."""

    def __init__(self, database_url: str) -> None:
        self.connection = psycopg.connect(database_url, autocommit=True)
        # As the app's sessions run (config/settings.py): a floor must not pay for JIT compiling
        # that the app does not.
        self.connection.execute("SET jit = off")
        self.has_stored_verification = self._has_column("pledges_pledge", "verified_progress")

    def _has_column(self, table: str, column: str) -> bool:
        row = self.connection.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            [table, column],
        ).fetchone()
        return row is not None

    def data(self, floor: Floor) -> Any:
        """The floor's JSON value, as Python objects (what the endpoint's JSON must equal)."""
        return self.connection.execute(floor.sql, floor.params).fetchone()[0]

    def body(self, floor: Floor) -> bytes:
        """The timed call: execute, fetch, and serialize the answer as a view would send it."""
        return json.dumps(self.data(floor)).encode()

    def copy(self, floor: Floor) -> tuple[bytes, int]:
        """`COPY (SELECT ...) TO STDOUT` read to the end: the CSV bytes and the rows (header excluded)."""
        chunks = []
        with self.connection.cursor() as cursor, cursor.copy(floor.sql, floor.params) as copy:
            for chunk in copy:
                chunks.append(bytes(chunk))
        data = b"".join(chunks)
        return data, data.count(b"\n") - 1

    def close(self) -> None:
        self.connection.close()


def _values(choices) -> list[str]:
    return [str(value) for value in choices]


def _per_value(column: str, values: list[str]) -> str:
    """`'value', COUNT(*) FILTER (WHERE column = 'value'), ...` for a json_build_object."""
    return ", ".join(f"'{value}', COUNT(*) FILTER (WHERE {column} = '{value}')" for value in values)


def _year(year: int) -> list[dt.date]:
    return [dt.date(year, 1, 1), dt.date(year, 12, 31)]


def _timestamp(column: str) -> str:
    """A timestamp as DRF writes it: ISO 8601 in UTC with `Z`, microseconds only when non-zero."""
    utc = f"({column} AT TIME ZONE 'UTC')"
    return (
        f"CASE WHEN {column} IS NULL THEN NULL ELSE to_char({utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS') "
        f"|| CASE WHEN to_char({utc}, 'US') <> '000000' "
        f"THEN to_char({utc}, '.US') ELSE '' END || 'Z' END"
    )


# --- The pledge list ------------------------------------------------------------------------


@dataclass
class PledgeScope:
    """Whose list: staff (every pledge, every meeting) or a focal point's State."""

    focal_state_id: int | None = None

    @property
    def is_staff(self) -> bool:
        return self.focal_state_id is None


def _pledge_where(scope: PledgeScope, status: str, region_m49: str | None) -> tuple[str, list[Any]]:
    conditions, params = ["p.status = %s"], [status]
    if region_m49:
        conditions.append(
            "p.member_state_id IN (SELECT s.id FROM engagement_memberstate s "
            "JOIN engagement_region r ON r.id = s.region_id WHERE r.m49 = %s)"
        )
        params.append(region_m49)
    if not scope.is_staff:
        conditions.append("(p.member_state_id = %s OR p.visibility = 'public')")
        params.append(scope.focal_state_id)
    return " AND ".join(conditions), params


def _verified_join(stored: bool) -> tuple[str, str, str]:
    """(join, verified progress, verified at): stored columns, or the latest verified report."""
    if stored:
        return "", "p.verified_progress", "p.last_verified_at"
    join = (
        "LEFT JOIN LATERAL (SELECT r.progress, v.created_at FROM pledges_progressreport r "
        "JOIN LATERAL (SELECT verdict, created_at FROM pledges_reportverification "
        "WHERE report_id = r.id ORDER BY created_at DESC, id DESC LIMIT 1) v "
        f"ON v.verdict = '{Verdict.VERIFIED.value}' "
        "WHERE r.pledge_id = p.id ORDER BY r.created_at DESC, r.id DESC LIMIT 1) vp ON true"
    )
    return join, "vp.progress", "vp.created_at"


def _smart_gaps(today_param: str, has_sdg: str) -> str:
    """The SMART gap codes in `SmartGap` order, as a text array (pledge_smart_gaps in SQL)."""
    final = ", ".join(f"'{status}'" for status in FINAL_STATUSES)
    checks = {
        SmartGap.NO_INDICATOR: "p.indicator = ''",
        SmartGap.NO_BASELINE: "p.baseline = ''",
        SmartGap.NO_TARGET_DATE: "p.target_date IS NULL",
        SmartGap.TARGET_DATE_PAST: f"p.target_date < {today_param} AND p.status NOT IN ({final})",
        SmartGap.NO_RESPONSIBLE_BODY: "p.responsible_body = ''",
        SmartGap.NO_BUDGET: "NOT p.budget_committed",
        SmartGap.NO_SDG_TARGET: f"NOT {has_sdg}",
    }
    cases = ", ".join(f"CASE WHEN {check} THEN '{code.value}' END" for code, check in checks.items())
    return f"array_remove(ARRAY[{cases}]::text[], NULL)"


def _missed_cycles(today_param: str) -> str:
    final = ", ".join(f"'{status}'" for status in FINAL_STATUSES)
    return (
        f"CASE WHEN p.next_report_due < {today_param} AND p.status NOT IN ({final}) "
        f"THEN 1 + (({today_param} - p.next_report_due) - 1) / p.reporting_interval_days ELSE 0 END"
    )


SDG_CODES = (
    "SELECT t.code FROM pledges_pledge_sdg_targets pt JOIN engagement_term t ON t.id = pt.term_id "
    "WHERE pt.pledge_id = p.id ORDER BY t.vocabulary, t.code"
)
MEETING_IDS = (
    "SELECT m.id FROM meetings_meeting_pledges mp JOIN meetings_meeting m ON m.id = mp.meeting_id "
    "WHERE mp.pledge_id = p.id ORDER BY m.date DESC, m.id DESC"
)
# For every pledge at once: each list grouped once and hash-joined, not looked up per row.
WHOLE_TABLE_JOINS = (
    "LEFT JOIN (SELECT pt.pledge_id, array_agg(t.code ORDER BY t.vocabulary, t.code) AS codes "
    "FROM pledges_pledge_sdg_targets pt JOIN engagement_term t ON t.id = pt.term_id "
    "GROUP BY pt.pledge_id) sdg "
    "ON sdg.pledge_id = p.id "
    "LEFT JOIN (SELECT mp.pledge_id, array_agg(m.id ORDER BY m.date DESC, m.id DESC) AS ids "
    "FROM meetings_meeting_pledges mp JOIN meetings_meeting m ON m.id = mp.meeting_id "
    "GROUP BY mp.pledge_id) mt "
    "ON mt.pledge_id = p.id "
)


def _pledge_columns(
    scope: PledgeScope, *, stored: bool, stale_cycles: int, whole_table: bool = False
) -> tuple[str, dict[str, str]]:
    """(joins, field name -> SQL value) of a pledge row, in the serializer's field order.

    `%(today)s` stands for today's date. Lists are SQL arrays here; the JSON and CSV floors
    render them each their way. A page looks its lists up per row; `whole_table` (the CSV)
    joins them grouped.
    """
    verified_join, verified_progress, verified_at = _verified_join(stored)
    today = "%(today)s::date"
    if whole_table:
        sdg_codes, has_sdg = "COALESCE(sdg.codes, ARRAY[]::text[])", "sdg.codes IS NOT NULL"
        meeting_ids = "COALESCE(mt.ids, ARRAY[]::bigint[])"
    else:
        sdg_codes, meeting_ids = f"ARRAY({SDG_CODES})", f"ARRAY({MEETING_IDS})"
        has_sdg = "EXISTS (SELECT 1 FROM pledges_pledge_sdg_targets x WHERE x.pledge_id = p.id)"
    meetings = meeting_ids if scope.is_staff else "ARRAY[]::bigint[]"  # focal points see no meetings
    columns = {
        "id": "p.id",
        "member_state": "s.iso3",
        "origin": "p.origin",
        "visit": "p.visit_id",
        "made_on": "p.made_on",
        "title": "p.title",
        "description": "p.description",
        "area": "p.area",
        "sdg_targets": sdg_codes,
        "target_date": "p.target_date",
        "status": "p.status",
        "progress": "p.progress",
        "visibility": "p.visibility",
        "reporting_interval_days": "p.reporting_interval_days",
        "last_reported_at": _timestamp("p.last_reported_at"),
        "next_report_due": "p.next_report_due",
        "indicator": "p.indicator",
        "baseline": "p.baseline",
        "responsible_body": "p.responsible_body",
        "budget_committed": "p.budget_committed",
        "budget_amount": "p.budget_amount::text",
        "budget_currency": "p.budget_currency",
        "responsible_staff": "u.username",
        "smart_gaps": _smart_gaps(today, has_sdg),
        "missed_cycles": _missed_cycles(today),
        "stale": f"({_missed_cycles(today)}) >= {stale_cycles}",
        "verified_progress": verified_progress,
        "last_verified_at": _timestamp(verified_at),
        "meetings": meetings,
        "created_at": _timestamp("p.created_at"),
        "updated_at": _timestamp("p.updated_at"),
    }
    if not scope.is_staff:
        del columns["responsible_staff"]  # staff-only: absent for every other caller
    joins = (
        "JOIN engagement_memberstate s ON s.id = p.member_state_id "
        "LEFT JOIN engagement_user u ON u.id = p.responsible_staff_id "
        + (WHOLE_TABLE_JOINS if whole_table else "")
        + verified_join
    )
    return joins, columns


def _named(sql: str, params: list[Any], today: dt.date) -> tuple[str, dict[str, Any]]:
    """Positional `%s` parameters and the `%(today)s` placeholder as one set of named parameters."""
    named: dict[str, Any] = {"today": today}
    parts = sql.split("%s")
    if len(parts) - 1 != len(params):
        raise ValueError("parameter count mismatch")
    out = parts[0]
    for index, (value, rest) in enumerate(zip(params, parts[1:], strict=True)):
        named[f"p{index}"] = value
        out += f"%(p{index})s" + rest
    return out, named


def pledge_list(
    *,
    scope: PledgeScope,
    status: str,
    region_m49: str | None,
    today: dt.date,
    next_url: str | None,
    stored_verification: bool,
    stale_cycles: int,
) -> Floor:
    """The first page of 50 pledges and the count, as `pledges/?status=...&page_size=50` answers.

    `next_url` is the link the API gives for page 2: the floor returns it when there is one.
    """
    where, params = _pledge_where(scope, status, region_m49)
    joins, columns = _pledge_columns(scope, stored=stored_verification, stale_cycles=stale_cycles)
    rendered = {name: f"to_json({value})" if "ARRAY" in value else value for name, value in columns.items()}
    row = ", ".join(f"'{name}', {value}" for name, value in rendered.items())
    sql = (
        f"WITH page AS (SELECT p.* FROM pledges_pledge p WHERE {where} "
        f"ORDER BY p.made_on DESC, p.id DESC LIMIT {PAGE_SIZE}), "
        f"counted AS (SELECT COUNT(*) AS n FROM pledges_pledge p WHERE {where}) "
        "SELECT json_build_object('count', counted.n, "
        f"'next', CASE WHEN counted.n > {PAGE_SIZE} THEN %s END, 'previous', NULL, "
        f"'results', COALESCE((SELECT json_agg(json_build_object({row}) ORDER BY p.made_on DESC, p.id DESC) "
        f"FROM page p {joins}), '[]'::json)) FROM counted"
    )
    sql, named = _named(sql, [*params, *params, next_url], today)
    return Floor(sql, named)


def _defused(value: str) -> str:
    """The CSV export's formula defusing in SQL: text starting like a formula gets a leading '."""
    return (
        f"CASE WHEN left({value}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') "
        f"THEN '''' || {value} ELSE {value} END"
    )


def pledge_csv(*, today: dt.date, stored_verification: bool, stale_cycles: int) -> Floor:
    """`COPY (SELECT the CSV's columns) TO STDOUT` for every pledge, as staff export them.

    The cells are the export's: lists joined with `;`, booleans `True`/`False`, empty for null,
    text that starts like a formula prefixed with `'`. The values are computed once in a
    subquery (`OFFSET 0` keeps PostgreSQL from inlining them into each cell's CASE).
    """
    joins, columns = _pledge_columns(
        PledgeScope(), stored=stored_verification, stale_cycles=stale_cycles, whole_table=True
    )
    booleans = {"budget_committed", "stale"}
    text = {
        "member_state", "origin", "title", "description", "area", "status", "visibility", "indicator",
        "baseline", "responsible_body", "budget_amount", "budget_currency", "responsible_staff",
    }  # fmt: skip
    cells = []
    for name, value in columns.items():
        column = f'c."{name}"'
        if "ARRAY" in value:
            cell = _defused(f"array_to_string({column}, ';')")
        elif name in booleans:
            cell = f"CASE WHEN {column} THEN 'True' ELSE 'False' END"
        elif name in text:
            cell = _defused(column)
        else:
            cell = column
        cells.append(f'{cell} AS "{name}"')
    values = ", ".join(f'{value} AS "{name}"' for name, value in columns.items())
    sql = (
        f"COPY (SELECT {', '.join(cells)} FROM (SELECT {values} FROM pledges_pledge p {joins} "
        "ORDER BY p.made_on DESC, p.id DESC OFFSET 0) c) TO STDOUT WITH (FORMAT csv, HEADER)"
    )
    return Floor(sql.replace("%(today)s", "%s"), [today] * sql.count("%(today)s"), kind="copy")


# --- The aggregates ---------------------------------------------------------------------------


def _meetings_cte() -> str:
    return (
        "m AS (SELECT COUNT(*) AS total, COALESCE(SUM(children_engaged), 0) AS children, "
        f"json_build_object({_per_value('kind', _values(MeetingKind))}) AS by_kind, "
        f"COUNT(*) FILTER (WHERE kind = '{MeetingKind.CONFERENCE.value}') AS conferences, "
        f"COUNT(*) FILTER (WHERE kind = '{MeetingKind.DIALOGUE_WITH_CHILDREN.value}') AS dialogues "
        "FROM meetings_meeting WHERE date BETWEEN %(first)s AND %(last)s)"
    )


def _visits_cte() -> str:
    kinds = ", ".join(f"COUNT(*) FILTER (WHERE kind = '{kind}') AS {kind}" for kind in _values(VisitKind))
    return (
        f"v AS (SELECT COUNT(*) AS total, COALESCE(SUM(children_met), 0) AS children, {kinds} "
        "FROM visits_countryvisit "
        f"WHERE start_date BETWEEN %(first)s AND %(last)s AND status <> '{VisitStatus.CANCELLED.value}')"
    )


def _visit_kinds() -> str:
    return ", ".join(f"'{kind}', v.{kind}" for kind in _values(VisitKind))


def summary(*, year: int, today: dt.date, stale_cycles: int) -> Floor:
    """`dashboard/summary/?year=...` as staff: one statement, one scan per table."""
    first, last = _year(year)
    final = ", ".join(f"'{status}'" for status in FINAL_STATUSES)
    overdue = f"status NOT IN ({final}) AND next_report_due < %(today)s"
    missed = (
        f"CASE WHEN {overdue} THEN 1 + ((%(today)s::date - next_report_due) - 1) / reporting_interval_days "
        "ELSE 0 END"
    )
    stages = ", ".join(f"'{stage}', COUNT(*) FILTER (WHERE {stage})" for stage in VNR_STAGES)
    sql = (
        f"WITH {_meetings_cte()}, {_visits_cte()}, "
        f"vnr AS (SELECT COUNT(*) AS presenters, json_build_object({stages}) AS stages "
        "FROM engagement_vnrengagement WHERE hlpf_year = %(year)s), "
        "cta AS (SELECT COUNT(*) FILTER (WHERE endorsed_on BETWEEN %(first)s AND %(last)s) AS in_year, "
        "COUNT(*) AS total FROM pledges_ctaendorsement), "
        "al AS (SELECT COUNT(*) FILTER (WHERE joined_on BETWEEN %(first)s AND %(last)s) AS joined, "
        f"COUNT(*) AS total, COUNT(*) FILTER (WHERE status <> '{MembershipStatus.INACTIVE.value}') AS active "
        "FROM pledges_alliancemembership), "
        "pl AS (SELECT COUNT(*) FILTER (WHERE made_on BETWEEN %(first)s AND %(last)s) AS made, "
        f"COUNT(*) AS total, json_build_object({_per_value('status', _values(PledgeStatus))}) AS by_status, "
        f"COUNT(*) FILTER (WHERE {overdue}) AS overdue, "
        f"COUNT(*) FILTER (WHERE ({missed}) >= %(stale)s) AS stale, "
        "COUNT(*) FILTER (WHERE indicator = '') AS without_indicator FROM pledges_pledge) "
        "SELECT json_build_object('year', %(year)s::int, "
        "'meetings', json_build_object('total', m.total, 'by_kind', m.by_kind), "
        f"'visits', json_build_object('total', v.total, {_visit_kinds()}), "
        "'children_engaged', m.children + v.children, "
        "'vnr', json_build_object('presenters', vnr.presenters, 'stages', vnr.stages), "
        "'cta_endorsements', json_build_object('in_year', cta.in_year, 'total', cta.total), "
        "'alliance', json_build_object('joined', al.joined, 'total', al.total, 'active', al.active), "
        "'pledges', json_build_object('made', pl.made, 'total', pl.total, 'by_status', pl.by_status, "
        "'overdue_reports', pl.overdue, 'stale', pl.stale, 'without_indicator', pl.without_indicator)) "
        "FROM m, v, vnr, cta, al, pl"
    )
    return Floor(sql, {"first": first, "last": last, "year": year, "today": today, "stale": stale_cycles})


def _iso3_list(table: str, column: str, extra: str = "") -> str:
    return (
        "(SELECT COALESCE(json_agg(iso3 ORDER BY iso3), '[]'::json) FROM (SELECT DISTINCT s.iso3 "
        f"FROM {table} t JOIN engagement_memberstate s ON s.id = t.member_state_id "
        f"WHERE t.{column} BETWEEN %(first)s AND %(last)s {extra}) states)"
    )


def annual(*, year: int) -> Floor:
    """`reports/annual/{year}/` as staff: the year's counts and sorted lists of States, one statement."""
    first, last = _year(year)
    vnr_counts = ", ".join(
        f"'{key}', COUNT(*) FILTER (WHERE {stage})"
        for key, stage in (
            ("outreach_sent", "outreach_sent"),
            ("meetings_held", "meeting_held"),
            ("vac_in_report", "vac_in_report"),
            ("children_involved", "children_involved"),
        )
    )
    cancelled = f"AND t.status <> '{VisitStatus.CANCELLED.value}'"
    endorsing = _iso3_list("pledges_ctaendorsement", "endorsed_on")
    joining = _iso3_list("pledges_alliancemembership", "joined_on")
    sql = (
        f"WITH {_meetings_cte()}, {_visits_cte()}, "
        f"vnr AS (SELECT json_build_object('presenters', COUNT(*), {vnr_counts}) AS figures "
        "FROM engagement_vnrengagement WHERE hlpf_year = %(year)s), "
        "presenters AS (SELECT COALESCE(json_agg(presenter ORDER BY presenter), '[]'::json) AS list FROM "
        "(SELECT COALESCE(s.iso3, NULLIF(o.acronym, ''), o.name) AS presenter "
        "FROM engagement_vnrengagement e "
        "LEFT JOIN engagement_memberstate s ON s.id = e.member_state_id "
        "LEFT JOIN engagement_organization o ON o.id = e.organization_id WHERE e.hlpf_year = %(year)s) x), "
        f"endorsing AS (SELECT {endorsing} AS list), joining AS (SELECT {joining} AS list), "
        "pl AS (SELECT COUNT(*) AS made, "
        f"json_build_object({_per_value('status', _values(PledgeStatus))}) AS by_status "
        "FROM pledges_pledge WHERE made_on BETWEEN %(first)s AND %(last)s) "
        "SELECT json_build_object('year', %(year)s::int, "
        "'meetings', json_build_object('total', m.total, 'by_kind', m.by_kind, "
        "'conferences', m.conferences, 'dialogues_with_children', m.dialogues), "
        "'children_engaged', m.children + v.children, "
        f"'visits', json_build_object('total', v.total, {_visit_kinds()}, 'children_met', v.children, "
        f"'member_states', {_iso3_list('visits_countryvisit', 'start_date', cancelled)}), "
        "'vnr', (vnr.figures::jsonb || jsonb_build_object('presenters_list', presenters.list))::json, "
        "'cta_endorsements', json_build_object('total', json_array_length(endorsing.list), "
        "'member_states', endorsing.list), "
        "'alliance', json_build_object('joined', json_array_length(joining.list), "
        "'member_states', joining.list), "
        "'pledges', json_build_object('made', pl.made, 'by_status', pl.by_status)) "
        "FROM m, v, vnr, presenters, endorsing, joining, pl"
    )
    return Floor(sql, {"first": first, "last": last, "year": year})


def breakdown_by_region() -> Floor:
    """`dashboard/pledges/?group_by=region` as staff: one GROUP BY, totals by a window over it."""
    statuses = _values(PledgeStatus)
    counts = ", ".join(f"COUNT(*) FILTER (WHERE p.status = '{status}') AS {status}" for status in statuses)
    row = ", ".join(f"'{status}', g.{status}" for status in statuses)
    totals = ", ".join(f"'{status}', COALESCE(SUM(g.{status}), 0)" for status in statuses)
    sql = (
        f"WITH g AS (SELECT r.m49, r.name, COUNT(*) AS total, {counts} FROM pledges_pledge p "
        "JOIN engagement_memberstate s ON s.id = p.member_state_id "
        "JOIN engagement_region r ON r.id = s.region_id GROUP BY r.m49, r.name) "
        "SELECT json_build_object('group_by', 'region', "
        f"'results', COALESCE(json_agg(json_build_object('group', g.m49, 'name', g.name, {row}, "
        "'total', g.total) ORDER BY g.m49), '[]'::json), "
        f"'totals', json_build_object({totals}, 'total', COALESCE(SUM(g.total), 0))) FROM g"
    )
    return Floor(sql, None)


def check_equal(name: str, endpoint: Any, floor: Any) -> None:
    """Raise FloorMismatch, naming the first difference, unless both answers hold the same data."""
    if endpoint == floor:
        return
    raise FloorMismatch(
        f"{name}: the floor's data differs from the endpoint's: {_first_difference(endpoint, floor)}"
    )


def _first_difference(left: Any, right: Any, path: str = "") -> str:
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right), key=str):
            if key not in left or key not in right:
                return f"{path}.{key}: only in {'endpoint' if key in left else 'floor'}"
            if left[key] != right[key]:
                return _first_difference(left[key], right[key], f"{path}.{key}")
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return f"{path}: {len(left)} items against {len(right)}"
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{path}[{index}]")
    return f"{path}: endpoint {left!r:.200} != floor {right!r:.200}"
