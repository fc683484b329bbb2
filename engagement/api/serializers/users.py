"""Accounts, as staff manage them: never a password or a token on the way out."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from engagement.api.serializers.fields import Iso3Field
from engagement.choices import Role
from engagement.models import User


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
        data["role"] = instance.effective_role
        return data
