"""Pledge reporting discipline: report cycles due in a year, received, and received on time.

A report cycle is a (pledge, due date) pair. Each progress report records in `due_date` the
pledge's `next_report_due` when it was posted, so:

- a cycle is *received* when a report with that due date exists; several reports posted in one
  cycle count once;
- it is *on time* when one of those reports was made on or before the due date;
- it is *due* when it is received, or when it is the pledge's current `next_report_due` (an
  open pledge, due on or before today, with no report against it yet).

A cycle belongs to the year of its due date. Only the current unreported cycle of a pledge
counts as due: the cycles a silent pledge missed after it are not reconstructed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat, TruncDate

from dashboards.selectors.cache import cached_aggregate, caller_scope
from dashboards.selectors.counting import open_pledge_q
from pledges.models import Pledge, ProgressReport

# group_by value -> (field of the pledge giving the group's code, field giving its name)
REPORTING_GROUPINGS = {
    "member_state": ("member_state__iso3", "member_state__name"),
    "region": ("member_state__region__m49", "member_state__region__name"),
}


def reporting_rates(*, user, year: int, group_by: str, today: dt.date) -> dict[str, Any]:
    """Reports due, received and on time in `year`, per State or region and in total (two queries, cached)."""
    return cached_aggregate(
        ("reporting_rates", caller_scope(user), year, group_by, today),
        lambda: reporting_rates_among(
            user=user,
            pledges=Pledge.objects.with_readable_reports(user),
            year=year,
            group_by=group_by,
            today=today,
        ),
    )


def reporting_rates_among(
    *, user, pledges: QuerySet, year: int | None, group_by: str, today: dt.date
) -> dict[str, Any]:
    """`reporting_rates` of some of the pledges whose reports `user` reads (two queries, uncached:
    the caller caches under a key that names how it narrowed `pledges`).

    `pledges` must lie within `Pledge.objects.with_readable_reports(user)`: rates mix reports with
    pledges still waiting for one, and both sides must read the same scope. With `year` None,
    every cycle due to date counts, whatever its year.
    """
    received = _received_cycles(user=user, pledges=pledges, year=year, group_by=group_by)
    waiting = _waiting_cycles(user=user, pledges=pledges, year=year, today=today, group_by=group_by)
    groups: dict[str, dict[str, Any]] = {}
    for row in received:
        groups[row["group"]] = _row(row["group"], row["name"], row["received"], row["on_time"], 0)
    for row in waiting:
        group = groups.setdefault(row["group"], _row(row["group"], row["name"], 0, 0, 0))
        group["reports_due"] += row["waiting"]
    for group in groups.values():
        group["reports_due"] += group["reports_received"]
        _add_rates(group)
    results = sorted(groups.values(), key=lambda group: group["group"])
    total = {
        key: sum(group[key] for group in results)
        for key in ("reports_due", "reports_received", "received_on_time")
    }
    _add_rates(total)
    return {"year": year, "group_by": group_by, "results": results, "total": total}


def _due_in(field: str, year: int | None) -> dict[str, Any]:
    """The lookup of cycles due in `year`; with None, of every cycle that has a due date."""
    return {f"{field}__isnull": False} if year is None else {f"{field}__year": year}


def _received_cycles(*, user, pledges: QuerySet, year: int | None, group_by: str) -> QuerySet:
    """Distinct (pledge, due date) cycles with a report, and those reported by the due date."""
    cycle = Concat(Cast("pledge_id", CharField()), Value(":"), Cast("due_date", CharField()))
    code_field, name_field = REPORTING_GROUPINGS[group_by]
    return (
        ProgressReport.objects.visible_to(user)
        .filter(pledge__in=pledges, **_due_in("due_date", year))
        .annotate(reported_on=TruncDate("created_at"))
        .order_by()
        .values(group=F(f"pledge__{code_field}"), name=F(f"pledge__{name_field}"))
        .annotate(
            received=Count(cycle, distinct=True),
            on_time=Count(cycle, distinct=True, filter=Q(reported_on__lte=F("due_date"))),
        )
    )


def _waiting_cycles(*, user, pledges: QuerySet, year: int | None, today: dt.date, group_by: str) -> QuerySet:
    """Open pledges whose current report fell due in the year, on or before today, still unreported."""
    code_field, name_field = REPORTING_GROUPINGS[group_by]
    reported = ProgressReport.objects.visible_to(user).filter(
        pledge=OuterRef("pk"), due_date=OuterRef("next_report_due")
    )
    return (
        pledges.filter(open_pledge_q(), next_report_due__lte=today, **_due_in("next_report_due", year))
        .exclude(Exists(reported))
        .order_by()
        .values(group=F(code_field), name=F(name_field))
        .annotate(waiting=Count("pk"))
    )


def _row(group: str, name: str, received: int, on_time: int, due: int) -> dict[str, Any]:
    return {
        "group": group,
        "name": name,
        "reports_due": due,
        "reports_received": received,
        "received_on_time": on_time,
    }


def _add_rates(figures: dict[str, Any]) -> None:
    due = figures["reports_due"]
    figures["reporting_rate"] = round(figures["reports_received"] / due, 4) if due else None
    figures["on_time_rate"] = round(figures["received_on_time"] / due, 4) if due else None
