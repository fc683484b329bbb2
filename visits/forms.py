"""Forms of the visit pages, named as the API's fields (`member_state=KEN`, `start_date`, `sites`)."""

from __future__ import annotations

from django import forms
from django.db.models import Case, F, IntegerField, QuerySet, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.choices import Vocabulary
from engagement.forms import DateInput, RecordedDateField, StateChoiceField, max_length_of
from engagement.models import MemberState, Term, User
from visits.choices import SiteKind, VisitKind, VisitStatus
from visits.models import CountryVisit

UPCOMING, PAST, ALL = "upcoming", "past", "all"


def upcoming_first(visits: QuerySet, today) -> QuerySet:
    """Visits not yet over (soonest first), then past ones (latest first)."""
    past = Case(When(end_date__lt=today, then=1), default=0, output_field=IntegerField())
    upcoming_start = Case(When(end_date__gte=today, then=F("start_date")), default=None)
    return visits.annotate(is_past=past).order_by("is_past", upcoming_start.asc(), "-start_date", "id")


class VisitFilterForm(forms.Form):
    """Filter visits by when, State, kind, status and dates; upcoming and under way ones come first."""

    when = forms.ChoiceField(
        label=_("When"),
        choices=[
            (ALL, _("All: upcoming first, then past")),
            (UPCOMING, _("Upcoming and under way")),
            (PAST, _("Past")),
        ],
        required=False,
    )
    member_state = StateChoiceField(
        label=_("Member State"),
        queryset=MemberState.objects.order_by("name"),
        to_field_name="iso3",
        required=False,
        empty_label=_("Any"),
        widget=forms.Select(attrs={"data-picker": ""}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any")), *VisitKind.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *VisitStatus.choices], required=False
    )
    date_after = forms.DateField(label=_("Starting from"), required=False, widget=DateInput)
    date_before = forms.DateField(label=_("Starting until"), required=False, widget=DateInput)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def filter(self, visits: QuerySet) -> QuerySet:
        """Apply the valid filters; an invalid form leaves the list unfiltered."""
        if not self.is_valid():
            return visits
        data, today = self.cleaned_data, timezone.localdate()
        if data["when"] == UPCOMING:
            visits = visits.filter(end_date__gte=today)
        elif data["when"] == PAST:
            visits = visits.filter(end_date__lt=today)
        if data["member_state"]:
            visits = visits.filter(member_state=data["member_state"])
        for field in ("kind", "status"):
            if data[field]:
                visits = visits.filter(**{field: data[field]})
        if data["date_after"]:
            visits = visits.filter(start_date__gte=data["date_after"])
        if data["date_before"]:
            visits = visits.filter(start_date__lte=data["date_before"])
        if data["year"]:
            visits = visits.filter(start_date__year=data["year"])
        return visits


class StaffChoiceField(forms.ModelChoiceField):
    """An active staff member, by name."""

    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def stakeholder_categories_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Stakeholders met"),
        queryset=Term.objects.filter(vocabulary=Vocabulary.STAKEHOLDER_CATEGORY).order_by("name"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class VisitForm(forms.Form):
    """Plan a visit or change one; the visit services do the writing and hold the rules."""

    member_state = StateChoiceField(
        label=_("Member State"),
        queryset=MemberState.objects.order_by("name"),
        to_field_name="iso3",
        widget=forms.Select(attrs={"data-picker": ""}),
        help_text=_("Type a name to find it."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Choose a kind")), *VisitKind.choices])
    start_date = RecordedDateField(label=_("Start date"))
    end_date = RecordedDateField(label=_("End date"))
    objectives = forms.CharField(
        label=_("Objectives"),
        required=False,
        max_length=max_length_of(CountryVisit, "objectives"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    owner = StaffChoiceField(
        label=_("Staff owner"),
        queryset=User.objects.staff().order_by("first_name", "last_name", "username"),
        required=False,
        empty_label=_("No one yet"),
    )
    stakeholder_categories = stakeholder_categories_field()


class VisitEditForm(VisitForm):
    """Change a visit, its outcome included; its status moves through the visit page's actions."""

    children_met = forms.IntegerField(label=_("Children met"), min_value=0, initial=0)
    summary = forms.CharField(
        label=_("Outcome summary"),
        required=False,
        max_length=max_length_of(CountryVisit, "summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class VisitConfirmForm(forms.Form):
    """Confirm a visit with its dates (agreed with the Government, they may have moved)."""

    start_date = RecordedDateField(label=_("Start date"))
    end_date = RecordedDateField(label=_("End date"))


class VisitCompleteForm(forms.Form):
    """Complete a visit: the dates it actually ran, what came of it, whom and what it saw."""

    start_date = RecordedDateField(label=_("First day of the visit"))
    end_date = RecordedDateField(label=_("Last day of the visit"))
    summary = forms.CharField(
        label=_("Outcome summary"),
        max_length=max_length_of(CountryVisit, "summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What came of the visit: agreements, commitments welcomed, next steps."),
    )
    children_met = forms.IntegerField(
        label=_("Children met"), min_value=0, initial=0, help_text=_("A count only: no names.")
    )
    stakeholder_categories = stakeholder_categories_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page names the required summary; the service gives the reason when it is blank.
        self.fields["summary"].required = False


class VisitCancelForm(forms.Form):
    """Cancel a visit, saying why (kept as its outcome summary)."""

    summary = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=max_length_of(CountryVisit, "summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: postponed at the request of the Government."),
    )


class SiteForm(forms.Form):
    """A place seen during the visit."""

    name = forms.CharField(label=_("Site name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of site"), choices=[("", _("Choose a kind")), *SiteKind.choices])
    location = forms.CharField(label=_("Location"), max_length=200, required=False)


class BaseSiteFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this site")


SiteFormSet = forms.formset_factory(SiteForm, formset=BaseSiteFormSet, extra=2, can_delete=True)


def site_rows(formset) -> list[dict]:
    """The sites a valid formset names, blank and removed rows left out (the services' `sites`)."""
    return [
        {field: row[field] for field in ("name", "kind", "location")}
        for row in formset.cleaned_data
        if row and not row.get("DELETE")
    ]


def site_initial(visit) -> list[dict]:
    return [{"name": site.name, "kind": site.kind, "location": site.location} for site in visit.sites.all()]
