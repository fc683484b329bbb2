"""Fields every API serializer shares: Member States by ISO3 code, vocabulary terms by code."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from engagement.models import MemberState, Term
from engagement.roles import is_staff

# Checked before any query: a NUL byte or a stray character never reaches the database.
ISO3_PATTERN = re.compile(r"[A-Za-z]{3}")
TERM_CODE_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.]{0,59}")


class Iso3Field(serializers.SlugRelatedField):
    """A Member State written and read as its ISO 3166 alpha-3 code (`"KEN"`).

    Lower-case input is accepted (`"ken"`); an unknown code is a 400 naming the code.
    """

    default_error_messages = {
        "does_not_exist": _("Unknown ISO3 code '{value}'."),
        "invalid": _("Give an ISO 3166 alpha-3 code such as 'KEN'."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "iso3")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", MemberState.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str) or not ISO3_PATTERN.fullmatch(data.strip()):
            self.fail("invalid")
        return super().to_internal_value(data.strip().upper())


class TermCodesField(serializers.SlugRelatedField):
    """A vocabulary term written and read as its code (`"16.2"`, `"online_protection"`).

    Use with `many=True` for a list of codes. An unknown code is a 400 naming the code and
    the vocabulary.
    """

    default_error_messages = {
        "does_not_exist": _("Unknown {vocabulary} code '{value}'."),
        "invalid": _("Give a code as a string."),
    }

    def __init__(self, *, vocabulary: str, **kwargs):
        self.vocabulary = vocabulary
        kwargs.setdefault("slug_field", "code")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Term.objects.filter(vocabulary=vocabulary))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if not TERM_CODE_PATTERN.fullmatch(data.strip()):
            self.fail("does_not_exist", vocabulary=self.vocabulary, value=data)
        queryset = self.get_queryset()
        try:
            return queryset.get(code=data.strip())
        except Term.DoesNotExist:
            self.fail("does_not_exist", vocabulary=self.vocabulary, value=data)
        except (TypeError, ValueError):
            self.fail("invalid")
        return None  # unreachable: fail() raises


class StaffOnlyFieldsMixin:
    """Drops `staff_only_fields` for any caller who is not staff: absent, not null, in JSON and CSV."""

    staff_only_fields: tuple[str, ...] = ()

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None or not is_staff(request.user):
            for name in self.staff_only_fields:
                fields.pop(name, None)
        return fields


__all__ = ["Iso3Field", "StaffOnlyFieldsMixin", "TermCodesField"]
