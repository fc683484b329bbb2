"""Forms of the visit pages: the list's filters, named as the API's (`member_state=KEN`)."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from engagement.models import MemberState
from visits.choices import VisitKind, VisitStatus


class VisitFilterForm(forms.Form):
    """Filter visits by State, kind, status and year."""

    member_state = forms.ModelChoiceField(
        label=_("Member State"),
        queryset=MemberState.objects.all(),
        to_field_name="iso3",
        required=False,
        empty_label=_("Any"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any")), *VisitKind.choices], required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any")), *VisitStatus.choices], required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def filter(self, visits: QuerySet) -> QuerySet:
        if not self.is_valid():
            return visits
        data = self.cleaned_data
        if data["member_state"]:
            visits = visits.filter(member_state=data["member_state"])
        for field in ("kind", "status"):
            if data[field]:
                visits = visits.filter(**{field: data[field]})
        if data["year"]:
            visits = visits.filter(start_date__year=data["year"])
        return visits
