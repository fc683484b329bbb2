"""Key performance indicators month by month against their targets, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import DateField, DateTimeField, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from dashboards.selectors.cache import cached_aggregate, caller_scope
from dashboards.selectors.counting import count_rows
from engagement.choices import IndicatorSource
from engagement.models import Indicator, IndicatorTarget, IndicatorValue, VnrEngagement
from meetings.choices import FollowUpStatus, MeetingKind
from meetings.models import FollowUpAction, Meeting
from pledges.models import AllianceMembership, CtaEndorsement, ProgressReport
from visits.choices import VisitStatus
from visits.models import CountryVisit

MonthlyValues = dict[str, dict[dt.date, int]]

# The HLPF meets in July: VNR outreach has no date of its own, so it counts in July of its year.
HLPF_MONTH = 7


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    """The first day of the month `count` months after (or before) `month`."""
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of every month from `first` to `last`, both included."""
    span = (last.year - first.year) * 12 + last.month - first.month
    return [add_months(first, offset) for offset in range(span + 1)]


def kpi_rows(*, user, first_month: dt.date, last_month: dt.date) -> list[dict[str, Any]]:
    """One row per indicator per month: value, monthly target (yearly target / 12, rounded).

    Ten queries whatever the span: the indicators, their yearly targets, the manual values,
    and one TruncMonth aggregate per kind of record. A manual indicator with no value entered
    for a month has value null. Cached.
    """
    return cached_aggregate(
        ("kpi_rows", caller_scope(user), first_month, last_month),
        lambda: _count_kpis(user=user, first_month=first_month, last_month=last_month),
    )


def _count_kpis(*, user, first_month: dt.date, last_month: dt.date) -> list[dict[str, Any]]:
    months = months_between(first_month, last_month)
    end = add_months(last_month, 1)
    indicators = list(Indicator.objects.order_by("code"))
    yearly_targets = {
        (target.indicator_id, target.year): target.target
        for target in IndicatorTarget.objects.filter(year__range=(first_month.year, last_month.year))
    }
    values = _computed_values(user=user, start=first_month, end=end)
    values.update(_manual_values(indicators=indicators, start=first_month, end=end))
    rows = []
    for indicator in indicators:
        by_month = values.get(indicator.code)
        for month in months:
            yearly = yearly_targets.get((indicator.pk, month.year), indicator.yearly_target)
            value = _value_for(indicator, by_month, month)
            rows.append(
                {
                    "indicator": indicator.code,
                    "name": indicator.name,
                    "unit": indicator.unit,
                    "source": indicator.source,
                    "month": f"{month:%Y-%m}",
                    "value": value,
                    "target": (yearly + 6) // 12,  # yearly / 12, halves rounded up
                    "yearly_target": yearly,
                }
            )
    return rows


def _value_for(indicator: Indicator, by_month: dict[dt.date, int] | None, month: dt.date) -> int | None:
    if by_month is None:
        return None
    if indicator.source == IndicatorSource.MANUAL:
        return by_month.get(month)
    return by_month.get(month, 0)


def _monthly(queryset: QuerySet, date_field: str, start: dt.date, end: dt.date, **aggregates) -> list[dict]:
    """One GROUP BY month query over the rows dated in [start, end) (in local time for timestamps)."""
    if isinstance(queryset.model._meta.get_field(date_field), DateTimeField):
        start, end = (timezone.make_aware(dt.datetime.combine(day, dt.time.min)) for day in (start, end))
    return list(
        queryset.filter(**{f"{date_field}__gte": start, f"{date_field}__lt": end})
        .annotate(month=TruncMonth(date_field, output_field=DateField()))
        .order_by()
        .values("month")
        .annotate(**aggregates)
    )


def _as_series(rows: Iterable[dict], key: str) -> dict[dt.date, int]:
    return {row["month"]: row[key] or 0 for row in rows}


def _computed_values(*, user, start: dt.date, end: dt.date) -> MonthlyValues:
    """The computed indicators (codes of engagement/reference/indicators.csv), by month."""
    meetings = _monthly(
        Meeting.objects.visible_to(user),
        "date",
        start,
        end,
        total=count_rows(),
        conferences=count_rows(Q(kind=MeetingKind.CONFERENCE)),
        children=Sum("children_engaged"),
    )
    visits = _monthly(
        CountryVisit.objects.visible_to(user).exclude(status=VisitStatus.CANCELLED),
        "start_date",
        start,
        end,
        total=count_rows(),
        children=Sum("children_met"),
    )
    children = defaultdict(int)
    for row in (*meetings, *visits):
        children[row["month"]] += row["children"] or 0
    closed_on_time = FollowUpAction.objects.visible_to(user).filter(
        status=FollowUpStatus.DONE, closed_on__lte=F("due_date")
    )
    return {
        "meetings": _as_series(meetings, "total"),
        "conferences": _as_series(meetings, "conferences"),
        "visits": _as_series(visits, "total"),
        "children_engaged": dict(children),
        "vnr_presenters_reached": _vnr_reached(user=user, start=start, end=end),
        "cta_endorsements": _as_series(
            _monthly(CtaEndorsement.objects.visible_to(user), "endorsed_on", start, end, n=count_rows()), "n"
        ),
        "alliance_members": _as_series(
            _monthly(AllianceMembership.objects.visible_to(user), "joined_on", start, end, n=count_rows()),
            "n",
        ),
        "pledge_reports_received": _as_series(
            _monthly(ProgressReport.objects.visible_to(user), "created_at", start, end, n=count_rows()), "n"
        ),
        "follow_ups_closed_on_time": _as_series(
            _monthly(closed_on_time, "closed_on", start, end, n=count_rows()), "n"
        ),
    }


def _vnr_reached(*, user, start: dt.date, end: dt.date) -> dict[dt.date, int]:
    """Presenters the office sent outreach to, counted in July of their HLPF year."""
    rows = (
        VnrEngagement.objects.visible_to(user)
        .filter(outreach_sent=True, hlpf_year__range=(start.year, end.year))
        .order_by()
        .values("hlpf_year")
        .annotate(n=count_rows())
    )
    series = {dt.date(row["hlpf_year"], HLPF_MONTH, 1): row["n"] for row in rows}
    return {month: n for month, n in series.items() if start <= month < end}


def _manual_values(*, indicators: list[Indicator], start: dt.date, end: dt.date) -> MonthlyValues:
    """Values entered by hand for the manual indicators, by indicator code and month."""
    values: MonthlyValues = {
        indicator.code: {} for indicator in indicators if indicator.source == IndicatorSource.MANUAL
    }
    entries = IndicatorValue.objects.filter(
        indicator__source=IndicatorSource.MANUAL, month__gte=start, month__lt=end
    ).values_list("indicator__code", "month", "value")
    for code, month, value in entries:
        values[code][month] = value
    return values
