"""Token endpoints: the credentials in, the token out once, and the token list without secrets."""

from __future__ import annotations

from knox.models import AuthToken
from rest_framework import serializers


class TokenRequestSerializer(serializers.Serializer):
    """`{"username", "password"}`."""

    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


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
