"""API serializers of the ground floor, and the fields every app's serializers share."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from knox.models import AuthToken
from rest_framework import serializers

from engagement.choices import Role
from engagement.models import VNR_STAGES, Contact, MemberState, Organization, Term, User, VnrEngagement
from engagement.roles import assigned_role, is_staff

# Checked before any query: a NUL byte or a stray character never reaches the database.
ISO3_PATTERN = re.compile(r"[A-Za-z]{3}")


TERM_CODE_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.]{0,59}")
TERM_CODE_MAX_LENGTH = 60


@extend_schema_field({"type": "string", "minLength": 3, "maxLength": 3, "example": "KEN"})
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


@extend_schema_field({"type": "string", "minLength": 1, "maxLength": TERM_CODE_MAX_LENGTH})
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


class MemberStateSerializer(serializers.ModelSerializer):
    """A State by ISO3, with its region names and its Bogota and Alliance commitments."""

    # Names follow Accept-Language (CLDR through engagement/names.py); English without the header.
    name = serializers.CharField(
        source="local_name", read_only=True, help_text="The State's name in the Accept-Language language."
    )
    region = serializers.CharField(
        source="region.local_name",
        read_only=True,
        help_text="The region's name in the Accept-Language language.",
    )
    subregion = serializers.CharField(
        source="subregion.local_name",
        read_only=True,
        help_text="The sub-region's name in the Accept-Language language.",
    )
    # Annotated by pledges.selectors.member_states_with_commitment_flags (registered by pledges).
    alliance_member = serializers.BooleanField(read_only=True)
    cta_endorsed = serializers.BooleanField(read_only=True)

    class Meta:
        model = MemberState
        fields = [
            "iso3",
            "m49",
            "name",
            "region",
            "subregion",
            "is_un_member",
            "alliance_member",
            "cta_endorsed",
        ]
        read_only_fields = fields


class OrganizationSerializer(serializers.ModelSerializer):
    """A stakeholder organization; `member_states` lists the ISO3 codes of its members."""

    member_states = Iso3Field(many=True, required=False)

    class Meta:
        model = Organization
        fields = ["id", "name", "kind", "acronym", "member_states", "website"]


class UserSerializer(serializers.ModelSerializer):
    """An account; `password` is write-only and optional (without it the user gets a link)."""

    role = serializers.ChoiceField(choices=Role.choices)
    member_state = Iso3Field(allow_null=True, required=False)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    password = serializers.CharField(
        write_only=True, required=False, allow_blank=True, style={"input_type": "password"}
    )

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "role",
            "member_state",
            "language",
            "weekly_digest",
            "is_active",
            "last_login",
            "date_joined",
            "password",
        ]
        read_only_fields = ["last_login", "date_joined"]
        # Reminders and the password link go by e-mail: an account without an address is no use.
        extra_kwargs = {"email": {"required": True, "allow_blank": False}}

    def validate_is_active(self, value: bool) -> bool:
        request = self.context.get("request")
        if not value and request is not None and self.instance == request.user:
            raise serializers.ValidationError(_("You cannot deactivate your own account."))
        return value

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is None:
            # A new account is active; deactivating is a later PATCH.
            fields["is_active"].read_only = True
        else:
            # The user name is the sign-in identity, and a password is the user's own to change.
            fields["username"].read_only = True
            fields["password"].read_only = True
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        # A staff flag set by createsuperuser makes the account staff whatever its stored role.
        data["role"] = assigned_role(instance)
        return data


class ContactSerializer(serializers.ModelSerializer):
    """A person at a State (ISO3) or an organization (id); `user` links a focal point's account."""

    member_state = Iso3Field(allow_null=True, required=False)

    class Meta:
        model = Contact
        fields = [
            "id",
            "name",
            "position",
            "member_state",
            "organization",
            "email",
            "phone",
            "is_focal_point",
            "user",
            "notes",
        ]


class VnrEngagementSerializer(StaffOnlyFieldsMixin, serializers.ModelSerializer):
    """A presenter's outreach stages; exactly one of `member_state` and `organization`."""

    staff_only_fields = ("notes",)
    member_state = Iso3Field(allow_null=True, required=False)
    presenter = serializers.CharField(read_only=True)

    class Meta:
        model = VnrEngagement
        fields = ["id", "hlpf_year", "member_state", "organization", "presenter", *VNR_STAGES, "notes"]
        # Exactly-one and duplicate rules are the service's: 400 naming the field, 409 for a duplicate.
        validators = []


class VnrStageSerializer(serializers.Serializer):
    """Input of the stage action: reached or not."""

    done = serializers.BooleanField()


class TokenRequestSerializer(serializers.Serializer):
    """`{"username", "password"}`, and `"otp"` for an account with two-factor sign-in."""

    username = serializers.CharField(max_length=150)  # Django's user name limit
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=32,
        help_text=_(
            "Required for an account with two-factor sign-in: the 6-digit code its authenticator app "
            "shows now, or one of its unused recovery codes (each works once)."
        ),
    )


class TokenResponseSerializer(serializers.Serializer):
    """`{"token", "expiry"}`: the only response that ever carries a token."""

    token = serializers.CharField()
    expiry = serializers.DateTimeField(allow_null=True)


class AuthTokenSerializer(serializers.ModelSerializer):
    """A token as listed: `id` is knox's public key prefix, never the secret token or its digest."""

    id = serializers.CharField(source="token_key", read_only=True)
    user = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = AuthToken
        fields = ["id", "user", "created", "expiry"]
        read_only_fields = fields
