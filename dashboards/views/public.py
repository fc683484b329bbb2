"""The public dashboard (/public/) and its charts' CSV downloads: anyone may read them, no sign-in.

Only public records are counted (`dashboards.selectors.public`). Both are cached as the open
feed is (`pledges.caching.public_page`): ETag, Last-Modified, 304, shared for five minutes.
A filter the page cannot read is shown on the form with its error, and the page counts every
public record; a CSV asked for with such a filter is a 400, since it could not be what was asked.
"""

from __future__ import annotations

import csv

from django import forms
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dashboards.selectors.public import (
    PUBLIC_CHART_SLUGS,
    PublicFilters,
    public_chart,
    public_dashboard_figures,
    public_first_year,
)
from dashboards.views.office import FIRST_YEAR
from engagement.exports import defuse_formula
from engagement.forms import StateChoiceField
from engagement.models import Region
from pledges.caching import public_page
from pledges.choices import PledgeArea, PledgeStatus


class PublicDashboardFilterForm(forms.Form):
    """The public dashboard's filters; names and values are the public feed's (`region=002`)."""

    region = StateChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(parent__isnull=True),
        to_field_name="m49",
        required=False,
        empty_label=_("Any"),
    )
    area = forms.ChoiceField(
        label=_("Commitment area"), choices=[("", _("Any")), *PledgeArea.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *PledgeStatus.choices], required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Any")), *((year, year) for year in years)]

    def chosen(self) -> PublicFilters:
        """The filters asked for; none when nothing was asked or a value is invalid (the form says which)."""
        if not self.is_bound or not self.is_valid():
            return PublicFilters()
        data = self.cleaned_data
        return PublicFilters(
            region=data["region"].m49 if data["region"] else "",
            area=data["area"],
            status=data["status"],
            year=data["year"],
        )


def _filter_form(request, today) -> PublicDashboardFilterForm:
    # Every year from the earliest public pledge (or the Office's first year) to this one.
    first = min(public_first_year() or today.year, FIRST_YEAR)
    years = list(range(today.year, first - 1, -1))
    return PublicDashboardFilterForm(request.GET or None, years=years)


def map_labels() -> dict:
    """The words the map draws, translated here because JavaScript cannot."""
    return {
        "statuses": dict(PledgeStatus.choices),
        "none": _("No public pledge"),
        "pledges": _("Public pledges"),
        "endorsed": _("Endorsed the Call to Action"),
        "not_endorsed": _("Not endorsed"),
        "member": _("Pathfinding Alliance member"),
        "not_member": _("Not a member"),
    }


@public_page
def public_dashboard(request):
    """Public pledges by status, region, area and origin; progress, self-reported and verified;
    endorsements and Alliance members over time; reporting rates; the world map."""
    today = timezone.localdate()
    form = _filter_form(request, today)
    filters = form.chosen()
    shown = public_dashboard_figures(filters=filters, today=today)
    context = {
        **shown,
        "form": form,
        "filters": filters,
        "query": filters.query(),
        "chart_data": [chart.as_json() for chart in shown["charts"]],
        "labels": map_labels(),
    }
    return render(request, "dashboards/public_dashboard.html", context)


@public_page
def public_chart_csv(request, chart: str):
    """One chart's figures as CSV with the page's filters: what its table shows, in UTF-8 with a
    byte order mark (so spreadsheets read every name right) and formulas defused."""
    if chart not in PUBLIC_CHART_SLUGS:
        raise Http404
    today = timezone.localdate()
    form = _filter_form(request, today)
    if form.is_bound and not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in form.errors.items())
        return HttpResponseBadRequest(
            gettext("These filters are not valid: %(errors)s") % {"errors": errors},
            content_type="text/plain; charset=utf-8",
        )
    table = public_chart(slug=chart, filters=form.chosen(), today=today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="public-{chart}.csv"'
    response.write("\ufeff")
    csv.writer(response).writerows([defuse_formula(cell) for cell in row] for row in table.csv_rows())
    return response
