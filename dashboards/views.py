"""Pages that read every app: the home dashboard, the annual report and the Member State page."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboards.selectors.annual import annual_report
from dashboards.selectors.dashboard import dashboard_summary
from dashboards.selectors.state_page import state_page
from engagement.choices import REPORT_YEARS
from engagement.models import VNR_STAGES, Indicator, MemberState, VnrEngagement
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

    def chosen_year(self, today) -> int:
        """The year asked for; this year when none was asked or the choice is invalid (the form says why)."""
        if self.is_bound and self.is_valid() and self.cleaned_data["year"]:
            return self.cleaned_data["year"]
        return today.year


@roles_required()
def dashboard(request):
    """Staff and viewers: the dashboard of a year. A focal point lands on its State's page instead."""
    state_id = focal_state_id(request.user)
    if state_id is not None:
        return redirect("state-detail", iso3=request.user.member_state.iso3)
    today = timezone.localdate()
    year_form = YearForm(request.GET or None, today=today)
    year = year_form.chosen_year(today)
    summary = dashboard_summary(user=request.user, year=year, today=today)
    context = {
        "year": year,
        "year_form": year_form,
        "summary": summary,
        "figures": key_figures(summary, _targets(year)),
        "labels": chart_labels(),
        "states": list(MemberState.objects.values("iso3", "m49", "name")),
    }
    return render(request, "dashboards/dashboard.html", context)


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
    names = dict(MemberState.objects.values_list("iso3", "name"))
    context = {
        "report": report,
        "year": year,
        "names": names,
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
