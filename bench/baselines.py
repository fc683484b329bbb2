"""Hand-written SQL doing the same aggregates as each dashboard endpoint: the floor to compare with.

Each baseline is the list of statements a careful engineer would run for that endpoint's figures
(PostgreSQL dialect), executed through the same connection and fully fetched.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection

from engagement.models import VNR_STAGES
from meetings.choices import MeetingKind
from pledges.choices import PledgeStatus
from visits.choices import VisitKind

Statement = tuple[str, list]


def _per_choice(column: str, values: list[str]) -> str:
    return ", ".join(f"COUNT(*) FILTER (WHERE {column} = '{value}')" for value in values)


def _year_range(year: int) -> list[dt.date]:
    return [dt.date(year, 1, 1), dt.date(year, 12, 31)]


def _meetings(year: int) -> Statement:
    kinds = _per_choice("kind", MeetingKind.values)
    return (
        f"SELECT COUNT(*), COALESCE(SUM(children_engaged), 0), {kinds} "
        "FROM meetings_meeting WHERE date BETWEEN %s AND %s",
        _year_range(year),
    )


def _visits(year: int) -> Statement:
    kinds = _per_choice("kind", VisitKind.values)
    return (
        f"SELECT COUNT(*), COALESCE(SUM(children_met), 0), {kinds} "
        "FROM visits_countryvisit WHERE start_date BETWEEN %s AND %s AND status <> 'cancelled'",
        _year_range(year),
    )


def _vnr(year: int) -> Statement:
    stages = ", ".join(f"COUNT(*) FILTER (WHERE {stage})" for stage in VNR_STAGES)
    return (f"SELECT COUNT(*), {stages} FROM engagement_vnrengagement WHERE hlpf_year = %s", [year])


def summary_statements(*, year: int, today: dt.date, stale_cycles: int) -> list[Statement]:
    """dashboard/summary/: meetings, visits, VNR, endorsements, alliance, pledge health."""
    first, last = _year_range(year)
    statuses = _per_choice("status", PledgeStatus.values)
    pledges = (
        f"SELECT COUNT(*), COUNT(*) FILTER (WHERE made_on BETWEEN %s AND %s), "
        "COUNT(*) FILTER (WHERE status NOT IN ('achieved', 'withdrawn') AND next_report_due < %s), "
        "COUNT(*) FILTER (WHERE status NOT IN ('achieved', 'withdrawn') AND next_report_due < %s "
        "  AND next_report_due + reporting_interval_days * %s < %s), "
        f"COUNT(*) FILTER (WHERE indicator = ''), {statuses} FROM pledges_pledge"
    )
    return [
        _meetings(year),
        _visits(year),
        _vnr(year),
        (
            "SELECT COUNT(*) FILTER (WHERE endorsed_on BETWEEN %s AND %s), COUNT(*) "
            "FROM pledges_ctaendorsement",
            [first, last],
        ),
        (
            "SELECT COUNT(*) FILTER (WHERE joined_on BETWEEN %s AND %s), COUNT(*), "
            "COUNT(*) FILTER (WHERE status <> 'inactive') FROM pledges_alliancemembership",
            [first, last],
        ),
        (pledges, [first, last, today, today, max(stale_cycles - 1, 0), today]),
    ]


def breakdown_statements() -> list[Statement]:
    """dashboard/pledges/?group_by=region: one GROUP BY over pledges joined to their region."""
    statuses = _per_choice("p.status", PledgeStatus.values)
    return [
        (
            f"SELECT r.m49, r.name, COUNT(*), {statuses} FROM pledges_pledge p "
            "JOIN engagement_memberstate s ON s.id = p.member_state_id "
            "JOIN engagement_region r ON r.id = s.region_id GROUP BY r.m49, r.name ORDER BY r.m49",
            [],
        )
    ]


def kpi_statements(*, first_month: dt.date, end: dt.date) -> list[Statement]:
    """dashboard/kpis/: indicators, targets, and one GROUP BY month per kind of record."""
    window = [first_month, end]
    month = "date_trunc('month', {})::date"
    return [
        ("SELECT id, code, name, unit, source, yearly_target FROM engagement_indicator ORDER BY code", []),
        (
            "SELECT indicator_id, year, target FROM engagement_indicatortarget WHERE year BETWEEN %s AND %s",
            [first_month.year, end.year],
        ),
        (
            f"SELECT {month.format('date')}, COUNT(*), COUNT(*) FILTER (WHERE kind = 'conference'), "
            "SUM(children_engaged) FROM meetings_meeting WHERE date >= %s AND date < %s GROUP BY 1",
            window,
        ),
        (
            f"SELECT {month.format('start_date')}, COUNT(*), SUM(children_met) FROM visits_countryvisit "
            "WHERE status <> 'cancelled' AND start_date >= %s AND start_date < %s GROUP BY 1",
            window,
        ),
        (
            "SELECT hlpf_year, COUNT(*) FROM engagement_vnrengagement "
            "WHERE outreach_sent AND hlpf_year BETWEEN %s AND %s GROUP BY 1",
            [first_month.year, end.year],
        ),
        (
            f"SELECT {month.format('endorsed_on')}, COUNT(*) FROM pledges_ctaendorsement "
            "WHERE endorsed_on >= %s AND endorsed_on < %s GROUP BY 1",
            window,
        ),
        (
            f"SELECT {month.format('joined_on')}, COUNT(*) FROM pledges_alliancemembership "
            "WHERE joined_on >= %s AND joined_on < %s GROUP BY 1",
            window,
        ),
        (
            "SELECT date_trunc('month', created_at AT TIME ZONE 'UTC')::date, COUNT(*) "
            "FROM pledges_progressreport WHERE created_at >= %s AND created_at < %s GROUP BY 1",
            [
                dt.datetime.combine(first_month, dt.time(), tzinfo=dt.UTC),
                dt.datetime.combine(end, dt.time(), tzinfo=dt.UTC),
            ],
        ),
        (
            f"SELECT {month.format('closed_on')}, COUNT(*) FROM meetings_followupaction "
            "WHERE status = 'done' AND closed_on <= due_date "
            "AND closed_on >= %s AND closed_on < %s GROUP BY 1",
            window,
        ),
        (
            "SELECT i.code, v.month, v.value FROM engagement_indicatorvalue v "
            "JOIN engagement_indicator i ON i.id = v.indicator_id "
            "WHERE i.source = 'manual' AND v.month >= %s AND v.month < %s",
            window,
        ),
    ]


def _states_of(table: str, column: str, year: int, extra: str = "") -> Statement:
    return (
        f"SELECT DISTINCT s.iso3 FROM {table} t JOIN engagement_memberstate s ON s.id = t.member_state_id "
        f"WHERE t.{column} BETWEEN %s AND %s {extra} ORDER BY 1",
        _year_range(year),
    )


def annual_statements(*, year: int) -> list[Statement]:
    """reports/annual/{year}/: the year's figures and the sorted lists of States behind them."""
    statuses = _per_choice("status", PledgeStatus.values)
    return [
        _meetings(year),
        _visits(year),
        _states_of("visits_countryvisit", "start_date", year, "AND t.status <> 'cancelled'"),
        _states_of("pledges_ctaendorsement", "endorsed_on", year),
        _states_of("pledges_alliancemembership", "joined_on", year),
        _vnr(year),
        (
            "SELECT COALESCE(s.iso3, NULLIF(o.acronym, ''), o.name) AS presenter "
            "FROM engagement_vnrengagement v "
            "LEFT JOIN engagement_memberstate s ON s.id = v.member_state_id "
            "LEFT JOIN engagement_organization o ON o.id = v.organization_id "
            "WHERE v.hlpf_year = %s ORDER BY 1",
            [year],
        ),
        (
            f"SELECT COUNT(*), {statuses} FROM pledges_pledge WHERE made_on BETWEEN %s AND %s",
            _year_range(year),
        ),
    ]


def run_statements(statements: list[Statement]) -> int:
    """Execute and fetch every statement; returns the number of rows fetched."""
    fetched = 0
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            fetched += len(cursor.fetchall())
    return fetched
