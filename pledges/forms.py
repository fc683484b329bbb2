"""Forms of the pledge pages: list filters, the pledge form and its SMART preview, reports and verdicts."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from engagement.choices import Vocabulary
from engagement.forms import DateInput, RecordedDateField, StateChoiceField, max_length_of
from engagement.models import MemberState, Region, Term, User, terms_in_order
from pledges.choices import (
    LatestVerification,
    MembershipStatus,
    NationalPlanStatus,
    PledgeArea,
    PledgeOrigin,
    PledgeStatus,
    SignatoryLevel,
    Verdict,
)
from pledges.evidence import FILE_INPUT_ACCEPT, limits_help_text
from pledges.models import (
    MEASURABILITY_FIELDS,
    AllianceMembership,
    Pledge,
    ProgressReport,
    ReportVerification,
)
from pledges.selectors import pledges_by_latest_verification, pledges_with_missed_cycles, stale_condition
from visits.models import CountryVisit


def _blank(choices) -> list[tuple[str, str]]:
    return [("", _("Any")), *choices]


class PledgeFilterForm(forms.Form):
    """The pledge list's filters; parameter names and values are the API's (`member_state=KEN`)."""

    q = forms.CharField(label=_("Search"), required=False)
    member_state = StateChoiceField(
        label=_("Member State"),
        queryset=MemberState.objects.order_by("name"),
        to_field_name="iso3",
        required=False,
        empty_label=_("Any"),
    )
    region = StateChoiceField(
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
    verification = forms.ChoiceField(
        label=_("Verification"), choices=_blank(LatestVerification.choices), required=False
    )

    def filter(self, pledges: QuerySet, user: User | None = None) -> QuerySet:
        """Apply the valid filters; an invalid form leaves the list unfiltered.

        The verification filter matches only pledges whose reports `user` may read (none without a user).
        """
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
        if data.get("verification"):
            pledges = pledges_by_latest_verification(pledges, data["verification"], user)
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
    verification = None


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that takes several files at once."""

    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several uploaded files; their types, sizes and number are checked by the report service."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": FILE_INPUT_ACCEPT}))
        # Lazy: the current limits (settings), in the language of the request that shows them.
        kwargs.setdefault("help_text", lazy(limits_help_text, str)())
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        clean_one = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        return [clean_one(file, initial) for file in files if file]


class ProgressReportForm(forms.Form):
    """A focal point's progress report; the rules (status, progress, dates) are the service's."""

    status = forms.ChoiceField(label=_("Status"), choices=PledgeStatus.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, help_text=_("A whole number from 0 to 100.")
    )
    narrative = forms.CharField(
        label=_("What happened since the last report?"),
        max_length=max_length_of(ProgressReport, "narrative"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    evidence_url = forms.URLField(
        label=_("Evidence link"),
        required=False,
        assume_scheme="https",
        help_text=_("A public web page or document that shows the progress (optional)."),
    )
    evidence_files = EvidenceFilesField(label=_("Evidence files"), required=False)


class VisitOptions(forms.Select):
    """A visit picker whose options carry their State, so the picker offers the chosen State's visits."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-state"] = instance.member_state.iso3
        return option


class SdgTargetChoices(forms.models.ModelChoiceIterator):
    """SDG targets in numeric order (4.7 before 11.7), each labelled with its code and title."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for term in terms_in_order(self.queryset):
            yield self.choice(term)


class StaffChoiceField(forms.ModelChoiceField):
    """A staff member chosen by username, as the API names them, shown by name."""

    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class PledgeForm(forms.ModelForm):
    """Staff draft or edit a pledge; the pledge services do the writing and hold the rules.

    The measurable fields are optional: the SMART checklist beside the form names what is still
    missing, and a gap never blocks saving. Visibility is not here: a new pledge starts internal
    and is published on purpose from its page. The State and the staff member are named as the
    API names them (ISO3 code, username).
    """

    member_state = StateChoiceField(
        label=_("Member State"),
        queryset=MemberState.objects.order_by("name"),
        to_field_name="iso3",
        widget=forms.Select(attrs={"data-picker": ""}),
    )
    responsible_staff = StaffChoiceField(
        label=_("Responsible staff member"),
        queryset=User.objects.staff().order_by("first_name", "last_name", "username"),
        to_field_name="username",
        required=False,
        widget=forms.Select(attrs={"data-picker": ""}),
    )

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
            "reporting_interval_days",
            "responsible_staff",
        ]
        widgets = {
            "visit": VisitOptions(attrs={"data-picker": "", "data-filter-by": "id_member_state"}),
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
        if self.instance.pk:  # the instance's values as the pickers name them, not as ids
            self.initial["member_state"] = self.instance.member_state.iso3
            staff = self.instance.responsible_staff
            self.initial["responsible_staff"] = staff.username if staff else None
        self.fields["visit"].queryset = CountryVisit.objects.select_related("member_state").order_by(
            "-start_date"
        )
        targets = self.fields["sdg_targets"]
        targets.iterator = SdgTargetChoices  # before the queryset, which hands the widget its choices
        targets.label_from_instance = lambda term: term.history_label
        targets.queryset = Term.objects.filter(vocabulary=Vocabulary.SDG_TARGET)


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
        max_length=max_length_of(ReportVerification, "note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The State's focal points read this note."),
    )


class MilestoneTickForm(forms.Form):
    """The day a Pathfinding milestone was done (the service refuses a future date)."""

    done_on = RecordedDateField(label=_("Done on"), initial=timezone.localdate)


# The queue's age filter: reports waiting longer than this many days.
QUEUE_AGES = (
    (7, _("more than 7 days")),
    (30, _("more than 30 days")),
    (90, _("more than 90 days")),
)


class VerificationQueueFilterForm(forms.Form):
    """The verification queue's filters: the pledge's State and region, the author's State, the age."""

    member_state = StateChoiceField(
        label=_("Member State"),
        queryset=MemberState.objects.order_by("name"),
        to_field_name="iso3",
        required=False,
        empty_label=_("Any"),
        widget=forms.Select(attrs={"data-picker": ""}),
    )
    region = StateChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(parent__isnull=True),
        to_field_name="m49",
        required=False,
        empty_label=_("Any"),
    )
    author_state = StateChoiceField(
        label=_("Author's State"),
        queryset=MemberState.objects.order_by("name"),
        to_field_name="iso3",
        required=False,
        empty_label=_("Any"),
        widget=forms.Select(attrs={"data-picker": ""}),
        help_text=_("The State of the focal point who reported."),
    )
    age = forms.TypedChoiceField(
        label=_("Waiting"),
        choices=_blank(QUEUE_AGES),
        coerce=int,
        empty_value=None,
        required=False,
    )

    def filter(self, reports: QuerySet) -> QuerySet:
        """Apply the valid filters; an invalid form leaves the queue unfiltered."""
        if not self.is_bound or not self.is_valid():
            return reports
        data = self.cleaned_data
        if data["member_state"]:
            reports = reports.filter(pledge__member_state=data["member_state"])
        if data["region"]:
            reports = reports.filter(pledge__member_state__region=data["region"])
        if data["author_state"]:
            reports = reports.filter(author__member_state=data["author_state"])
        if data["age"]:
            reports = reports.filter(created_at__lt=timezone.now() - dt.timedelta(days=data["age"]))
        return reports


# --- Call-to-Action endorsements and Alliance memberships ---------------------------------------


def _top_regions():
    return Region.objects.filter(parent__isnull=True)


class EndorsementFilterForm(forms.Form):
    """The endorsement list's filters: region, signatory level (the API's values) and year endorsed."""

    region = forms.ModelChoiceField(
        label=_("Region"), queryset=_top_regions(), to_field_name="m49", required=False, empty_label=_("Any")
    )
    signatory_level = forms.ChoiceField(
        label=_("Signatory level"), choices=_blank(SignatoryLevel.choices), required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False)

    def __init__(self, *args, years: tuple[int, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _blank([(year, str(year)) for year in years])

    def filter(self, endorsements: QuerySet) -> QuerySet:
        """Apply the valid filters; an invalid form leaves the list unfiltered."""
        if not self.is_valid():
            return endorsements
        data = self.cleaned_data
        if data["region"]:
            endorsements = endorsements.filter(member_state__region=data["region"])
        if data["signatory_level"]:
            endorsements = endorsements.filter(signatory_level=data["signatory_level"])
        if data["year"]:
            endorsements = endorsements.filter(endorsed_on__year=data["year"])
        return endorsements


def _state_picker(**kwargs) -> forms.ModelChoiceField:
    """A Member State by ISO3 code, as the API names it, with a type-ahead picker."""
    return StateChoiceField(
        label=_("Member State"),
        queryset=MemberState.objects.order_by("name"),
        to_field_name="iso3",
        widget=forms.Select(attrs={"data-picker": ""}),
        **kwargs,
    )


class EndorsementForm(forms.Form):
    """A State's endorsement of the Call to Action; `endorsement_create`/`_update` hold the rules."""

    member_state = _state_picker()
    endorsed_on = RecordedDateField(label=_("Endorsed on"))
    signatory_level = forms.ChoiceField(
        label=_("Signatory level"), choices=[("", "—"), *SignatoryLevel.choices]
    )
    signatory = forms.CharField(
        label=_("Signatory"),
        max_length=200,
        required=False,
        help_text=_("Name and title of the person who signed, e.g. Minister of Social Development."),
    )


class MembershipForm(forms.Form):
    """A State's Alliance membership; `membership_create`/`_update` hold the rules.

    On edit the State is fixed (its milestones belong to it): the form has no `member_state`.
    """

    member_state = _state_picker()
    joined_on = RecordedDateField(
        label=_("Joined on"),
        help_text=_("The five Pathfinding milestones fall due 18 months after this date."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=MembershipStatus.choices, initial=MembershipStatus.ACTIVE
    )
    national_plan_status = forms.ChoiceField(
        label=_("National plan"), choices=NationalPlanStatus.choices, initial=NationalPlanStatus.NONE
    )
    focal_point = forms.CharField(label=_("National focal point"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=max_length_of(AllianceMembership, "notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Staff only: focal points and viewers never see these notes."),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["member_state"]


class AllianceFilterForm(forms.Form):
    """The Alliance list's filters: region, national plan status, milestones overdue."""

    region = forms.ModelChoiceField(
        label=_("Region"), queryset=_top_regions(), to_field_name="m49", required=False, empty_label=_("Any")
    )
    national_plan_status = forms.ChoiceField(
        label=_("National plan"), choices=_blank(NationalPlanStatus.choices), required=False
    )
    overdue = forms.BooleanField(label=_("Milestones overdue"), required=False)

    def filter(self, memberships: QuerySet) -> QuerySet:
        """Apply the valid filters to memberships annotated by `memberships_with_milestone_counts`."""
        if not self.is_valid():
            return memberships
        data = self.cleaned_data
        if data["region"]:
            memberships = memberships.filter(member_state__region=data["region"])
        if data["national_plan_status"]:
            memberships = memberships.filter(national_plan_status=data["national_plan_status"])
        if data["overdue"]:
            memberships = memberships.filter(milestones_overdue__gt=0)
        return memberships


class NoChangeReportForm(forms.Form):
    """ "No change since the last report": the pledge's status and progress again, and an optional word."""

    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded as the report's narrative; without one it says that nothing changed."),
    )

    def narrative(self) -> str:
        """The report's narrative (the service requires one): the comment, else the standard sentence."""
        return self.cleaned_data["comment"].strip() or str(_("No change since the last report."))
