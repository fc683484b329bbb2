"""Token authentication: knox stores only a hash of each token; inactive users are refused."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from knox.auth import TokenAuthentication as KnoxTokenAuthentication


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Token <key>`; a deactivated user's tokens stop working at once."""


class TokenScheme(OpenApiAuthenticationExtension):
    """Describes our knox subclass in the OpenAPI schema as `Authorization: Token <key>`."""

    target_class = "engagement.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": _("Token-based authentication with the prefix `Token `."),
        }
