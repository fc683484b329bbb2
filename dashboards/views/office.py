"""The office's pages that read every app: the home dashboard, the annual report and the Member State page."""

from __future__ import annotations

import csv

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboards.selectors.annual import annual_report
from dashboards.selectors.charts import CHART_SLUGS, NOW, YEAR, dashboard_charts
from dashboards.selectors.dashboard import dashboard_summary, latest_year_with_records
from dashboards.selectors.focal_home import focal_home
from dashboards.selectors.state_page import state_page
from engagement.choices import REPORT_YEARS
from engagement.models import VNR_STAGES, Indicator, MemberState, VnrEngagement
from engagement.names import collation_key
from engagement.roles import focal_state_id
from engagement.views import OFFICE_READERS, roles_required
from meetings.choices import MeetingKind
from pledges.choices import PledgeStatus
from pledges.forms import MilestoneTickForm

FIGURE_LABELS = {
    "meetings": _("Meetings with stakeholders"),
    "conferences": _("High-level conferences"),
    "visits": _("Country visits"),
    "children_engaged": _("Children engaged"),
    "vnr_presenters_reached": _("VNR presenters reached"),
    "cta_endorsements": _("Call to Action endorsements"),
    "alliance_members": _("New Alliance members"),
}


def chart_labels() -> dict:
    """The words the charts and the map draw, translated here because JavaScript cannot."""
    return {
        "meetings": _("Meetings"),
        "children": _("Children engaged"),
        "members": _("Alliance members"),
        "none": _("No data"),
        "visits": _("Country visits"),
        "member": _("Alliance member"),
        "endorsed": _("Endorsed the Call to Action only"),
        "reporting_rate": _("Reports received (%)"),
        "on_time_rate": _("Received on time (%)"),
        "statuses": dict(PledgeStatus.choices),
        "stages": {stage: VnrEngagement._meta.get_field(stage).verbose_name for stage in VNR_STAGES},
    }


def _targets(year: int) -> dict[str, int]:
    """Each indicator's target for the year: the year's own target, else the default."""
    indicators = Indicator.objects.prefetch_related("targets")
    return {
        indicator.code: next(
            (t.target for t in indicator.targets.all() if t.year == year), indicator.yearly_target
        )
        for indicator in indicators
    }


def key_figures(summary: dict, targets: dict[str, int]) -> list[dict]:
    """The figures the office reports on, each with its indicator's target (None when untargeted)."""
    figures = [
        ("meetings", summary["meetings"]["total"]),
        ("conferences", summary["meetings"]["by_kind"].get("conference", 0)),
        ("visits", summary["visits"]["total"]),
        ("children_engaged", summary["children_engaged"]),
        ("vnr_presenters_reached", summary["vnr"]["stages"]["outreach_sent"]),
        ("cta_endorsements", summary["cta_endorsements"]["in_year"]),
        ("alliance_members", summary["alliance"]["joined"]),
    ]
    return [
        {"code": code, "label": FIGURE_LABELS[code], "value": value, "target": targets.get(code)}
        for code, value in figures
    ]


FIRST_YEAR = 2023  # the office's records start with the 2023-2030 strategy


class YearForm(forms.Form):
    """`?year=` of the dashboard: any year of the office's records, this year by default."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in range(today.year, FIRST_YEAR - 1, -1)]

    def chosen_year(self, today) -> int | None:
        """The year asked for; None when none was asked or the choice is invalid (the form says why)."""
        if self.is_bound and self.is_valid() and self.cleaned_data["year"]:
            return self.cleaned_data["year"]
        return None


def dashboard_year(*, user, year_form: YearForm, today) -> dict:
    """The year the dashboard shows, and why: the one asked for, else this year when it has
    records, else the latest year that has them (so it never opens on a year of zeros)."""
    asked = year_form.chosen_year(today)
    latest = latest_year_with_records(user=user, up_to=today.year)
    if asked is not None:
        year = asked
    else:
        year = latest if latest is not None and latest < today.year else today.year
    return {"year": year, "asked": asked, "latest_with_records": latest, "this_year": today.year}


@roles_required()
def dashboard(request):
    """Staff and viewers: the dashboard of a year. A focal point lands on what is due from its State."""
    today = timezone.localdate()
    if focal_state_id(request.user) is not None:
        return focal_home_page(request, today)
    year_form = YearForm(request.GET or None, today=today)
    shown = dashboard_year(user=request.user, year_form=year_form, today=today)
    year = shown["year"]
    year_form.fields["year"].initial = year
    summary = dashboard_summary(user=request.user, year=year, today=today)
    charts = dashboard_charts(user=request.user, year=year, today=today, summary=summary)
    context = {
        "year": year,
        "shown": shown,
        "year_form": year_form,
        "summary": summary,
        "figures": key_figures(summary, _targets(year)),
        "charts": charts,
        "chart_data": [chart.as_json() for chart in charts],
        "YEAR": YEAR,
        "NOW": NOW,
        "labels": chart_labels(),
        # The map's names in the page's language (engagement/names.py).
        "states": [
            {"iso3": state.iso3, "m49": state.m49, "name": state.local_name}
            for state in MemberState.objects.only("iso3", "m49", "name")
        ],
    }
    return render(request, "dashboards/dashboard.html", context)


def focal_home_page(request, today):
    """What is due from the focal point's State (reports, disputes, milestones), then its record."""
    context = focal_home(user=request.user, today=today)
    if context is None:
        raise Http404
    context["tick_form"] = MilestoneTickForm()
    return render(request, "dashboards/focal_home.html", context)


@roles_required(read=OFFICE_READERS)
def annual_report_current(request):
    """Last year's report: the current year is not over yet."""
    return redirect("annual-report", year=timezone.localdate().year - 1)


@roles_required(read=OFFICE_READERS)
def annual_report_page(request, year: int):
    """The same figures as GET /api/v1/reports/annual/{year}/, with States named."""
    if year not in REPORT_YEARS:
        raise Http404
    report = annual_report(user=request.user, year=year)
    names = {state.iso3: state.local_name for state in MemberState.objects.only("iso3", "name")}

    def by_name(codes: list[str]) -> list[str]:
        # The API lists ISO3 codes in code order; people read names in their language's order.
        return sorted((names.get(code, code) for code in codes), key=collation_key)

    context = {
        "report": report,
        "year": year,
        "names": names,
        "visited": by_name(report["visits"]["member_states"]),
        "vnr_presenters": by_name(report["vnr"]["presenters_list"]),
        "endorsing": by_name(report["cta_endorsements"]["member_states"]),
        "joining": by_name(report["alliance"]["member_states"]),
        "meeting_kinds": [(MeetingKind(kind).label, n) for kind, n in report["meetings"]["by_kind"].items()],
        "pledge_statuses": [(PledgeStatus(s).label, n) for s, n in report["pledges"]["by_status"].items()],
        "previous": year - 1,
        "next": year + 1,
    }
    return render(request, "dashboards/annual_report.html", context)


@roles_required()
def state_detail(request, iso3: str):
    """One State's focal points, pledges, endorsement, membership and milestones, and its story."""
    context = state_page(user=request.user, iso3=iso3)
    if context is None:
        raise Http404
    context["tick_form"] = MilestoneTickForm()
    return render(request, "dashboards/state_detail.html", context)


@roles_required(read=OFFICE_READERS)
def dashboard_chart_csv(request, chart: str):
    """One dashboard chart's figures as CSV (`?year=` as on the dashboard): what its table shows."""
    if chart not in CHART_SLUGS:
        raise Http404
    today = timezone.localdate()
    shown = dashboard_year(
        user=request.user, year_form=YearForm(request.GET or None, today=today), today=today
    )
    summary = dashboard_summary(user=request.user, year=shown["year"], today=today)
    table = next(
        table
        for table in dashboard_charts(user=request.user, year=shown["year"], today=today, summary=summary)
        if table.slug == chart
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"dashboard-{chart}-{shown['year']}.csv" if table.scope == YEAR else f"dashboard-{chart}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    csv.writer(response).writerows(table.csv_rows())
    return response
