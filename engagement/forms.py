"""Form plumbing every app's pages share."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from engagement.choices import Role
from engagement.models import VNR_STAGES, MemberState, Organization, Region, VnrEngagement
from engagement.names import collation_key
from engagement.roles import role_of
from engagement.validators import (
    EARLIEST_RECORDED_DATE,
    LATEST_RECORDED_DATE,
    NOTE_MAX_LENGTH,
    validate_recorded_date,
)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has one, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


class DateInput(forms.DateInput):
    input_type = "date"


class RecordedDateField(forms.DateField):
    """A date a record carries, refused outside `validate_recorded_date`'s bounds as the model does."""

    default_validators = [validate_recorded_date]

    def __init__(self, **kwargs):
        bounds = {"min": EARLIEST_RECORDED_DATE.isoformat(), "max": LATEST_RECORDED_DATE.isoformat()}
        kwargs.setdefault("widget", DateInput(attrs=bounds))
        super().__init__(**kwargs)


def max_length_of(model, field_name: str) -> int:
    """The length a model's text field allows, for the plain form field that feeds it."""
    return model._meta.get_field(field_name).max_length


class LocalNameChoiceIterator(forms.models.ModelChoiceIterator):
    """Choices labelled and sorted by the name in the active language (Unicode collation)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(obj) for obj in self.queryset]
        yield from sorted(choices, key=lambda choice: collation_key(str(choice[1])))


class StateChoiceField(forms.ModelChoiceField):
    """A Member State (or region) select: local names (`engagement/names.py`) in the language's order."""

    iterator = LocalNameChoiceIterator


class StateMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several Member States: local names in the language's order."""

    iterator = LocalNameChoiceIterator


# --- The VNR board ------------------------------------------------------------------------------


def _stage_choices() -> list[tuple[str, str]]:
    return [("", _("Any")), *((s, VnrEngagement._meta.get_field(s).verbose_name) for s in VNR_STAGES)]


class VnrFilterForm(forms.Form):
    """The board's filters: region, a stage reached, a stage not reached yet, and a search."""

    q = forms.CharField(label=_("Search"), required=False)
    region = StateChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(parent__isnull=True),
        to_field_name="m49",
        required=False,
        empty_label=_("Any"),
    )
    reached = forms.ChoiceField(label=_("Stage reached"), choices=_stage_choices, required=False)
    not_reached = forms.ChoiceField(label=_("Stage not reached"), choices=_stage_choices, required=False)

    def filter(self, engagements: QuerySet) -> QuerySet:
        """Apply the valid filters; a region keeps only States (an organization has none)."""
        if not self.is_valid():
            return engagements
        data = self.cleaned_data
        if data["q"]:
            text = data["q"].strip()
            engagements = engagements.filter(
                Q(member_state__name__icontains=text)
                | Q(member_state__iso3__iexact=text)
                | Q(organization__name__icontains=text)
                | Q(organization__acronym__iexact=text)
            )
        if data["region"]:
            engagements = engagements.filter(member_state__region=data["region"])
        if data["reached"]:
            engagements = engagements.filter(**{data["reached"]: True})
        if data["not_reached"]:
            engagements = engagements.filter(**{data["not_reached"]: False})
        return engagements


class VnrPresenterForm(forms.Form):
    """One presenter for the year: a Member State (ISO3) or an organization, as the API takes it."""

    member_state = StateChoiceField(
        label=_("Member State"),
        queryset=MemberState.objects.order_by("name"),
        to_field_name="iso3",
        required=False,
        widget=forms.Select(attrs={"data-picker": ""}),
    )
    organization = forms.ModelChoiceField(
        label=_("or organization"),
        queryset=Organization.objects.order_by("name"),
        required=False,
        widget=forms.Select(attrs={"data-picker": ""}),
        help_text=_("A regional organization such as the European Union can present too."),
    )


def split_codes(text: str) -> list[str]:
    """ISO3 codes as pasted: separated by spaces, commas, semicolons or new lines."""
    return [code for code in re.split(r"[\s,;]+", text) if code]


class VnrCodesForm(forms.Form):
    """The year's official presenters pasted at once as ISO3 codes."""

    codes = forms.CharField(
        label=_("ISO3 codes"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "autocapitalize": "characters"}),
        help_text=_("Separated by spaces, commas or new lines, e.g. KEN, FJI, THA."),
    )

    def clean_codes(self) -> list[str]:
        return split_codes(self.cleaned_data["codes"])


# --- The account page ---------------------------------------------------------------------------


class AccountForm(forms.Form):
    """What a user changes on their own account; `user_update` holds the rules.

    Only focal points choose whether to get the weekly digest: every staff member receives it
    and viewers none.
    """

    language = forms.ChoiceField(
        label=_("Language"), help_text=_("The language of your pages and of the e-mails you receive.")
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    weekly_digest = forms.BooleanField(label=_("Send me the weekly digest of what is due"), required=False)

    def __init__(self, *args, user, **kwargs):
        initial = {"language": user.language, "email": user.email, "weekly_digest": user.weekly_digest}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES
        if role_of(user) != Role.FOCAL_POINT:
            del self.fields["weekly_digest"]


# --- Two-factor sign-in (engagement/two_factor.py holds the rules) -----------------------------


def _code_field(help_text: str) -> forms.CharField:
    return forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app, or one of the account's recovery codes."""

    code = _code_field(_("The 6-digit code your authenticator app shows now, or one of your recovery codes."))


class TwoFactorSetupForm(forms.Form):
    """The first code of the app being set up, which proves it holds the secret."""

    code = _code_field(_("The 6-digit code the app shows once it has the key."))


class TwoFactorDisableForm(TwoFactorCodeForm):
    """Turning two-factor sign-in off: the password and a current code."""

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "code"]
