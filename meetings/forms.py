"""Forms of the meeting pages: meeting filters, the meeting log form (with pledges) and its follow-ups."""

from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from engagement.choices import Vocabulary
from engagement.forms import (
    DateInput,
    RecordedDateField,
    StateChoiceField,
    StateMultipleChoiceField,
    max_length_of,
)
from engagement.models import MemberState, Organization, Term, User
from meetings.choices import FollowUpStatus, MeetingKind, MeetingLevel, MeetingMode
from meetings.models import FollowUpAction, Meeting, MeetingDraft
from meetings.services import MEETING_RELATIONS
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


class PledgeOptions(forms.SelectMultiple):
    """Pledge options carry their State's code, so the page offers only the chosen States' pledges."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["data-state"] = value.instance.member_state.iso3
        return option


def picker(**attrs) -> forms.SelectMultiple:
    """A multiple select that pickers.js turns into a type-ahead picker."""
    return forms.SelectMultiple(attrs={"data-picker": "", **attrs})


def staff_members() -> QuerySet:
    return User.objects.staff().order_by("first_name", "last_name", "username")


class StaffChoiceField(forms.ModelChoiceField):
    """An active staff member, by name."""

    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class MeetingForm(forms.Form):
    """What a staff member types after a meeting; the meeting service does the writing.

    Field names are the API's: States by ISO3 code, topics by theme code.
    """

    date = RecordedDateField(label=_("Date"), initial=timezone.localdate)
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    mode = forms.ChoiceField(label=_("Mode"), choices=MeetingMode.choices)
    # No default: a forgotten level must not record a summit.
    level = forms.ChoiceField(label=_("Level"), choices=[("", _("Choose a level")), *MeetingLevel.choices])
    member_states = StateMultipleChoiceField(
        label=_("Member States"),
        queryset=MemberState.objects.order_by("name"),
        to_field_name="iso3",
        required=False,
        widget=picker(),
        help_text=_("Type a name to add it."),
    )
    pledges = forms.ModelMultipleChoiceField(
        label=_("Pledges discussed"),
        queryset=Pledge.objects.select_related("member_state").order_by("member_state__name", "title"),
        required=False,
        widget=PledgeOptions(attrs={"data-picker": "", "data-filter-by": "id_member_states"}),
        help_text=_("Only the pledges of the chosen Member States are offered."),
    )
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organizations"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        widget=picker(),
        help_text=_("Type a name to add it."),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=themes(),
        to_field_name="code",
        required=False,
        widget=picker(),
        help_text=_("Themes of the office's vocabulary."),
        error_messages={"invalid_choice": _("Unknown topic: %(value)s.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=max_length_of(Meeting, "summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    notes = forms.CharField(
        label=_("Confidential notes (staff only)"),
        required=False,
        max_length=max_length_of(Meeting, "notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    chatham_house = forms.BooleanField(label=_("Held under the Chatham House rule"), required=False)
    children_engaged = forms.IntegerField(
        label=_("Children engaged"), min_value=0, initial=0, help_text=_("A count only: never names.")
    )

    @classmethod
    def initial_from(cls, meeting: Meeting) -> dict:
        """The form's values for an existing meeting."""
        initial = {name: getattr(meeting, name) for name in cls.base_fields if name not in MEETING_RELATIONS}
        for name in MEETING_RELATIONS:
            initial[name] = list(getattr(meeting, name).all())
        return initial

    @classmethod
    def initial_from_draft(cls, draft: MeetingDraft) -> dict:
        """The form's values for a meeting read from an e-mail: what the e-mail said, to correct."""
        return {
            "date": draft.date,
            "title": draft.title,
            "summary": draft.summary,
            "member_states": list(draft.member_states.all()),
            "organizations": list(draft.organizations.all()),
        }


class FollowUpForm(forms.Form):
    """One follow-up action added on the meeting form; a row left blank is ignored."""

    title = forms.CharField(label=_("Follow-up action"), max_length=300)
    assignee = StaffChoiceField(label=_("Owner"), queryset=staff_members())
    due_date = RecordedDateField(label=_("Due date"))


FollowUpFormSet = forms.formset_factory(FollowUpForm, extra=2, max_num=20)


class FollowUpActionForm(forms.Form):
    """A follow-up on its own page: what, who, when, its status; names are the API's."""

    title = forms.CharField(label=_("Title"), max_length=300)
    notes = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=max_length_of(FollowUpAction, "notes"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    assignee = StaffChoiceField(label=_("Assignee"), queryset=staff_members())
    due_date = RecordedDateField(label=_("Due date"))
    status = forms.ChoiceField(label=_("Status"), choices=FollowUpStatus.choices, initial=FollowUpStatus.OPEN)


class FollowUpFilterForm(forms.Form):
    """The follow-up list's filters; an unset assignee means the caller, an unset status `open`."""

    ANY = "any"

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[*FollowUpStatus.choices, (ANY, _("Any"))],
        required=False,
    )
    assignee = StaffChoiceField(
        label=_("Assignee"), queryset=staff_members(), required=False, empty_label=_("Anyone")
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    due_after = forms.DateField(label=_("Due from"), required=False, widget=DateInput)
    due_before = forms.DateField(label=_("Due by"), required=False, widget=DateInput)
    member_state = StateChoiceField(
        label=_("Member State"),
        queryset=MemberState.objects.order_by("name"),
        to_field_name="iso3",
        required=False,
        empty_label=_("Any"),
    )

    def __init__(self, data, *, user, **kwargs):
        data = data.copy()
        # Opening the list shows the caller's open actions; a filter left blank means any.
        data.setdefault("assignee", str(user.pk))
        data.setdefault("status", FollowUpStatus.OPEN)
        super().__init__(data, **kwargs)

    def filter(self, actions: QuerySet, *, today) -> QuerySet:
        """Apply the valid filters; the State is the meeting's, the visit's or the pledge's."""
        if not self.is_valid():
            return actions.none()
        data = self.cleaned_data
        if data["status"] and data["status"] != self.ANY:
            actions = actions.filter(status=data["status"])
        if data["assignee"]:
            actions = actions.filter(assignee=data["assignee"])
        if data["overdue"]:
            actions = actions.overdue(today)
        if data["due_after"]:
            actions = actions.filter(due_date__gte=data["due_after"])
        if data["due_before"]:
            actions = actions.filter(due_date__lte=data["due_before"])
        if data["member_state"]:
            state = data["member_state"]
            actions = actions.filter(
                Q(meeting__member_states=state) | Q(visit__member_state=state) | Q(pledge__member_state=state)
            ).distinct()
        return actions
