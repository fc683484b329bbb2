"""Forms of the meeting pages: meeting filters, the meeting log form (with pledges) and its follow-ups."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.choices import Vocabulary
from engagement.forms import DateInput
from engagement.models import MemberState, Organization, Term, User
from meetings.choices import MeetingKind, MeetingLevel, MeetingMode
from pledges.models import Pledge


def themes() -> QuerySet:
    return Term.objects.filter(vocabulary=Vocabulary.THEME).order_by("name")


class MeetingFilterForm(forms.Form):
    """The meeting list's filters; names and values are the API's (`member_state=KEN`, `topic=code`)."""

    q = forms.CharField(label=_("Search"), required=False)
    member_state = forms.ModelChoiceField(
        label=_("Member State"),
        queryset=MemberState.objects.all(),
        to_field_name="iso3",
        required=False,
        empty_label=_("Any"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any")), *MeetingKind.choices], required=False)
    date_after = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_before = forms.DateField(label=_("To"), required=False, widget=DateInput)
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=themes(), to_field_name="code", required=False, empty_label=_("Any")
    )

    def filter(self, meetings: QuerySet) -> QuerySet:
        """Apply the valid filters; the search reads titles and summaries, never the notes."""
        if not self.is_valid():
            return meetings
        data = self.cleaned_data
        if data["q"]:
            meetings = meetings.filter(Q(title__icontains=data["q"]) | Q(summary__icontains=data["q"]))
        if data["member_state"]:
            meetings = meetings.filter(member_states=data["member_state"])
        if data["kind"]:
            meetings = meetings.filter(kind=data["kind"])
        if data["date_after"]:
            meetings = meetings.filter(date__gte=data["date_after"])
        if data["date_before"]:
            meetings = meetings.filter(date__lte=data["date_before"])
        if data["topic"]:
            meetings = meetings.filter(topics=data["topic"])
        return meetings


class TopicsField(forms.CharField):
    """Topics typed as tags: comma-separated theme codes or names, each matched to a theme."""

    def clean(self, value):
        value = super().clean(value)
        names = [name.strip() for name in (value or "").split(",") if name.strip()]
        found, unknown = [], []
        catalogue = list(themes())
        for name in names:
            match = next((t for t in catalogue if name.lower() in (t.code.lower(), t.name.lower())), None)
            (found if match else unknown).append(match or name)
        if unknown:
            raise forms.ValidationError(
                _("Unknown topic: %(names)s."), params={"names": ", ".join(unknown)}, code="unknown_topic"
            )
        return found


class PledgeOptions(forms.SelectMultiple):
    """Pledge options carry their State's code, so the page offers only the chosen States' pledges."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["data-state"] = value.instance.member_state.iso3
        return option


class MeetingForm(forms.Form):
    """What a staff member types after a meeting; the meeting service does the writing."""

    date = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    mode = forms.ChoiceField(label=_("Mode"), choices=MeetingMode.choices)
    level = forms.ChoiceField(label=_("Level"), choices=MeetingLevel.choices)
    member_states = forms.ModelMultipleChoiceField(
        label=_("Member States"),
        queryset=MemberState.objects.all(),
        to_field_name="iso3",
        required=False,
        widget=forms.SelectMultiple(
            attrs={"size": 5, "data-autocomplete": "states", "data-type-label": _("type to add")}
        ),
        help_text=_("Type a name to add it, or pick in the list."),
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organizations"),
        queryset=Organization.objects.all(),
        required=False,
        widget=forms.SelectMultiple(
            attrs={"size": 5, "data-autocomplete": "organizations", "data-type-label": _("type to add")}
        ),
        help_text=_("Type a name to add it, or pick in the list."),
    )
    pledges = forms.ModelMultipleChoiceField(
        label=_("Pledges discussed"),
        queryset=Pledge.objects.select_related("member_state").order_by("member_state__name", "title"),
        required=False,
        widget=PledgeOptions(
            attrs={
                "size": 5,
                "data-autocomplete": "pledges",
                "data-filter-by": "id_member_states",
                "data-type-label": _("type to add"),
            }
        ),
        help_text=_("Type a title to add it; only the pledges of the chosen Member States are offered."),
    )
    topics = TopicsField(
        label=_("Topics"),
        required=False,
        widget=forms.TextInput(attrs={"list": "theme-names"}),
        help_text=_("Themes separated by commas, e.g. online protection, trafficking."),
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    notes = forms.CharField(
        label=_("Confidential notes (staff only)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    chatham_house = forms.BooleanField(label=_("Held under the Chatham House rule"), required=False)
    children_engaged = forms.IntegerField(
        label=_("Children engaged"), min_value=0, initial=0, help_text=_("A count only: never names.")
    )


class FollowUpForm(forms.Form):
    """One follow-up action added on the meeting form; a row left blank is ignored."""

    title = forms.CharField(label=_("Follow-up action"), max_length=300)
    assignee = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.staff().order_by("username"))
    due_date = forms.DateField(label=_("Due date"), widget=DateInput)


FollowUpFormSet = forms.formset_factory(FollowUpForm, extra=2, max_num=20)
