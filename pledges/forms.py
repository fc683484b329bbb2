"""Forms of the pledge pages: list filters (shared with the public page) and the progress report."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.models import MemberState, Region
from pledges.choices import PledgeArea, PledgeOrigin, PledgeStatus


def _blank(choices) -> list[tuple[str, str]]:
    return [("", _("Any")), *choices]


class PledgeFilterForm(forms.Form):
    """The pledge list's filters; parameter names and values are the API's (`member_state=KEN`)."""

    q = forms.CharField(label=_("Search"), required=False)
    member_state = forms.ModelChoiceField(
        label=_("Member State"),
        queryset=MemberState.objects.order_by("name"),
        to_field_name="iso3",
        required=False,
        empty_label=_("Any"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(parent__isnull=True),
        to_field_name="m49",
        required=False,
        empty_label=_("Any"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=_blank(PledgeStatus.choices), required=False)
    origin = forms.ChoiceField(label=_("Origin"), choices=_blank(PledgeOrigin.choices), required=False)
    area = forms.ChoiceField(label=_("Commitment area"), choices=_blank(PledgeArea.choices), required=False)
    overdue = forms.BooleanField(label=_("Report overdue"), required=False)

    def filter(self, pledges: QuerySet) -> QuerySet:
        """Apply the valid filters; an invalid form leaves the list unfiltered."""
        if not self.is_valid():
            return pledges
        data = self.cleaned_data
        if data["q"]:
            pledges = pledges.filter(title__icontains=data["q"])
        if data["member_state"]:
            pledges = pledges.filter(member_state=data["member_state"])
        if data["region"]:
            pledges = pledges.filter(member_state__region=data["region"])
        for field in ("status", "origin", "area"):
            if data[field]:
                pledges = pledges.filter(**{field: data[field]})
        if data.get("overdue"):
            pledges = pledges.overdue(timezone.localdate())
        return pledges

    def api_query(self) -> str:
        """The same filters as an API query string (for the CSV download link)."""
        if not self.is_valid():
            return ""
        params = {key: value for key, value in self.data.items() if key != "page" and value}
        return urlencode(params)


class PublicPledgeFilterForm(PledgeFilterForm):
    """The public feed's filters: no overdue filter (report dates are internal)."""

    overdue = None


class ProgressReportForm(forms.Form):
    """A focal point's progress report; the rules (status, progress, dates) are the service's."""

    status = forms.ChoiceField(label=_("Status"), choices=PledgeStatus.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, help_text=_("A whole number from 0 to 100.")
    )
    narrative = forms.CharField(
        label=_("What happened since the last report?"), widget=forms.Textarea(attrs={"rows": 6})
    )
    evidence_url = forms.URLField(
        label=_("Evidence link"),
        required=False,
        assume_scheme="https",
        help_text=_("A public web page or document that shows the progress (optional)."),
    )
