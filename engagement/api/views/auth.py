"""Token endpoints: obtain one (failures count towards the axes lockout), list, revoke, sign out."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in, user_logged_out
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from engagement.api.serializers.auth import (
    AuthTokenSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)
from engagement.api.viewsets import CSVStreamingMixin
from engagement.choices import Role
from engagement.roles import is_staff, role_of

ALL_ROLES = (Role.STAFF, Role.VIEWER, Role.FOCAL_POINT)


class TokenObtainView(APIView):
    """`POST {"username", "password"}` → `{"token"}`; after AXES_FAILURE_LIMIT failures, 403."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(request=TokenRequestSerializer, responses=TokenResponseSerializer)
    def post(self, request):
        credentials = TokenRequestSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        # axes reads and marks the Django request, not DRF's wrapper.
        django_request = request._request
        user = authenticate(request=django_request, **credentials.validated_data)
        if getattr(django_request, "axes_locked_out", False):
            # Answer the lockout here, in JSON, instead of letting AxesMiddleware replace the response.
            django_request.axes_locked_out = False
            minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
            raise PermissionDenied(
                _(
                    "Too many failed sign-in attempts: this account is locked from this address "
                    "for %(minutes)s minutes."
                )
                % {"minutes": minutes}
            )
        if user is None or role_of(user) is None:
            raise ValidationError({"non_field_errors": [_("Unable to sign in with these credentials.")]})
        instance, token = AuthToken.objects.create(user=user)
        user_logged_in.send(sender=user.__class__, request=django_request, user=user)
        return Response({"token": token, "expiry": instance.expiry}, status=status.HTTP_200_OK)


class TokenLogoutView(APIView):
    """`POST`: revoke the token this request carries (a session-signed request has none to revoke)."""

    reader_roles = writer_roles = ALL_ROLES

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if isinstance(request.auth, AuthToken):
            request.auth.delete()
        user_logged_out.send(sender=request.user.__class__, request=request._request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuthTokenViewSet(
    CSVStreamingMixin, mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """The caller's tokens (staff: `?user=<id>` for another's); `DELETE` revokes one."""

    serializer_class = AuthTokenSerializer
    lookup_field = "token_key"
    lookup_value_regex = "[A-Za-z0-9]+"
    reader_roles = writer_roles = ALL_ROLES
    filter_backends = [OrderingFilter]
    ordering_fields = ["created", "expiry"]
    ordering = ["-created"]

    def get_queryset(self):
        user = self.request.user
        # Staff may revoke any token; everyone else sees and revokes only their own.
        tokens = AuthToken.objects.all() if is_staff(user) else AuthToken.objects.filter(user=user)
        if self.action == "list":
            tokens = tokens.filter(user_id=self._listed_user_id())
        return tokens

    def _listed_user_id(self) -> int:
        requested = self.request.query_params.get("user")
        if requested is None:
            return self.request.user.pk
        try:
            return int(requested)
        except ValueError as error:
            raise ValidationError({"user": [_("Give a user id.")]}) from error
