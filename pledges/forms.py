"""Forms of the pledge pages: list filters, the pledge form and its SMART preview, reports and verdicts."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.choices import Vocabulary
from engagement.forms import DateInput
from engagement.models import MemberState, Region, Term, User
from pledges.choices import PledgeArea, PledgeOrigin, PledgeStatus, Verdict
from pledges.models import MEASURABILITY_FIELDS, Pledge
from pledges.selectors import pledges_with_missed_cycles, stale_condition
from visits.models import CountryVisit


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
    stale = forms.BooleanField(label=_("Stale (report cycles missed)"), required=False)

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
        if data.get("stale"):
            pledges = pledges_with_missed_cycles(pledges, timezone.localdate()).filter(stale_condition())
        return pledges

    def api_query(self) -> str:
        """The same filters as an API query string (for the CSV download link)."""
        if not self.is_valid():
            return ""
        # A ticked box sends "on"; the API's boolean filters (and this form) read "true".
        params = {
            key: "true" if isinstance(self.fields.get(key), forms.BooleanField) else value
            for key, value in self.data.items()
            if key != "page" and value
        }
        return urlencode(params)


class PublicPledgeFilterForm(PledgeFilterForm):
    """The public feed's filters: no overdue or stale filter (report dates are internal)."""

    overdue = None
    stale = None


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


class PledgeForm(forms.ModelForm):
    """Staff draft or edit a pledge; the pledge services do the writing and hold the rules.

    The measurable fields are optional: the SMART checklist beside the form names what is still
    missing, and a gap never blocks saving.
    """

    class Meta:
        model = Pledge
        fields = [
            "member_state",
            "title",
            "description",
            "origin",
            "visit",
            "made_on",
            "area",
            "sdg_targets",
            "target_date",
            *MEASURABILITY_FIELDS,
            "visibility",
            "reporting_interval_days",
            "responsible_staff",
        ]
        widgets = {
            "made_on": DateInput,
            "target_date": DateInput,
            "sdg_targets": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "indicator": _("The figure that will show progress, e.g. number of districts with a hotline."),
            "baseline": _("Where that figure stands today."),
            "responsible_body": _("The ministry or agency that delivers the pledge."),
            "budget_currency": _("ISO 4217 code, e.g. USD."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_state"].queryset = MemberState.objects.order_by("name")
        self.fields["visit"].queryset = CountryVisit.objects.select_related("member_state").order_by(
            "-start_date"
        )
        self.fields["responsible_staff"].queryset = User.objects.staff().order_by("username")
        self.fields["sdg_targets"].queryset = Term.objects.filter(vocabulary=Vocabulary.SDG_TARGET).order_by(
            "code"
        )


# What `pledge_smart_gaps` reads, and the value each has while still blank or mistyped.
SMART_FIELDS = {
    "indicator": "",
    "baseline": "",
    "target_date": None,
    "responsible_body": "",
    "budget_committed": False,
    "sdg_targets": (),
}


class _Terms(list):
    """A list answering `.all()`, as the related manager of a saved pledge does."""

    def all(self) -> list:
        return self


def pledge_draft(form: PledgeForm, pledge: Pledge | None = None) -> Pledge | SimpleNamespace:
    """The SMART values typed so far (blank or mistyped ones as missing), shaped for `pledge_smart_gaps`.

    Nothing is saved: the checklist previews the gaps of a pledge that may not exist yet. An
    unbound form shows the pledge as saved.
    """
    if not form.is_bound and pledge is not None:
        return pledge
    values = dict(SMART_FIELDS)
    if form.is_bound:
        for name, blank in SMART_FIELDS.items():
            try:
                values[name] = form.fields[name].clean(form[name].data)
            except ValidationError:
                values[name] = blank
    return SimpleNamespace(
        **{**values, "sdg_targets": _Terms(values["sdg_targets"] or ())},
        status=pledge.status if pledge else PledgeStatus.PLANNED,
    )


class VerificationForm(forms.Form):
    """A staff verdict on one progress report, with the note the focal point will read."""

    verification = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The State's focal points read this note."),
    )


class MilestoneTickForm(forms.Form):
    """The day a Pathfinding milestone was done (the service refuses a future date)."""

    done_on = forms.DateField(label=_("Done on"), widget=DateInput, initial=timezone.localdate)
