"""Viewsets of the ground floor: reference data, people, VNR engagements, tokens, and the API root."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from django.conf import settings
from django.contrib.auth import authenticate, user_logged_in, user_logged_out
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.serializers import as_serializer_error
from rest_framework.views import APIView

from engagement.api.exceptions import Conflict
from engagement.api.filters import (
    ContactFilterSet,
    MemberStateFilterSet,
    OrganizationFilterSet,
    UserFilterSet,
    VnrEngagementFilterSet,
)
from engagement.api.permissions import StaffOnly
from engagement.api.serializers import (
    AuthTokenSerializer,
    ContactSerializer,
    MemberStateSerializer,
    OrganizationSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
    UserSerializer,
    VnrEngagementSerializer,
    VnrStageSerializer,
)
from engagement.api.viewsets import CSVStreamingMixin, ModelViewSet, ReadOnlyViewSet, ScopedMixin
from engagement.choices import Role
from engagement.models import VNR_STAGES, Contact, MemberState, Organization, User, VnrEngagement
from engagement.roles import is_staff, role_of
from engagement.services import (
    DUPLICATE,
    user_create,
    user_update,
    vnr_engagement_create,
    vnr_engagement_delete,
    vnr_engagement_update,
    vnr_stage_set,
)
from engagement.two_factor import sign_in_failed, two_factor_enabled, two_factor_required, two_factor_verify

# The collections of the contract, in its order (paths under /api/v1/).
COLLECTIONS = (
    "member-states",
    "organizations",
    "users",
    "contacts",
    "meetings",
    "visits",
    "vnr-engagements",
    "cta-endorsements",
    "alliance-memberships",
    "pledges",
    "follow-ups",
    "reminders",
    "dashboard/summary",
    "dashboard/pledges",
    "dashboard/kpis",
    "dashboard/reporting",
    "public/pledges",
    "auth/token",
)


class ApiRootView(APIView):
    """Links to every collection; open to anyone, since each link enforces its own roles."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Links to every collection",
        responses=inline_serializer(
            "ApiRoot", {name: serializers.URLField() for name in (*COLLECTIONS, "schema")}
        ),
    )
    def get(self, request):
        base = reverse("api-root", request=request)
        links = {name: f"{base}{name}/" for name in COLLECTIONS}
        links["schema"] = reverse("schema", request=request)
        return Response(links)


class MemberStateViewSet(ReadOnlyViewSet):
    """The 193 Member States and two observer States, by ISO3 code, with their commitment flags."""

    queryset = MemberState.objects.select_related("region", "subregion")
    serializer_class = MemberStateSerializer
    filterset_class = MemberStateFilterSet
    lookup_field = "iso3"
    lookup_value_regex = "[A-Z]{3}"
    search_fields = ["name", "iso3"]
    ordering_fields = ["name", "iso3", "m49"]

    # What apps above add to each State (pledges: `alliance_member`, `cta_endorsed`), registered
    # from their AppConfig.ready(): the ground floor never imports them.
    annotations: ClassVar[list[Callable[[QuerySet, User], QuerySet]]] = []

    @classmethod
    def annotation_register(cls, annotate: Callable[[QuerySet, User], QuerySet]) -> None:
        """Let a higher app annotate the States this viewset lists (idempotent)."""
        if annotate not in cls.annotations:
            cls.annotations.append(annotate)

    def get_queryset(self):
        states = super().get_queryset()
        for annotate in self.annotations:
            states = annotate(states, self.request.user)
        return states


class OrganizationViewSet(CSVStreamingMixin, viewsets.ModelViewSet):
    """Stakeholder organizations, with the ISO3 codes of their member States.

    Reference data: every signed-in role reads all of it (RolePermission turns anonymous away),
    so there is no scope to apply.
    """

    queryset = Organization.objects.prefetch_related("member_states")
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    search_fields = ["name", "acronym"]
    ordering_fields = ["name", "acronym", "kind"]


class UserViewSet(
    ScopedMixin,
    CSVStreamingMixin,
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Staff only. `PATCH {"is_active": false}` deactivates an account and revokes its tokens."""

    queryset = User.objects.select_related("member_state").order_by("username")
    serializer_class = UserSerializer
    permission_classes = [StaffOnly]
    filterset_class = UserFilterSet
    search_fields = ["username", "email", "first_name", "last_name"]
    ordering_fields = ["username", "date_joined", "last_login"]

    def perform_create(self, serializer):
        serializer.instance = user_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = user_update(user=serializer.instance, data=serializer.validated_data)


class ContactViewSet(ModelViewSet):
    """People at States and organizations; viewers and focal points get 403."""

    queryset = Contact.objects.select_related("member_state")
    serializer_class = ContactSerializer
    permission_classes = [StaffOnly]
    filterset_class = ContactFilterSet
    search_fields = ["name", "position", "email"]
    ordering_fields = ["name"]


def _raise_conflict_if_duplicate(error: DjangoValidationError) -> None:
    codes = [item.code for items in getattr(error, "error_dict", {}).values() for item in items]
    if DUPLICATE in codes:
        raise Conflict(as_serializer_error(error)) from error


class VnrEngagementViewSet(ModelViewSet):
    """One presenter per HLPF year; a duplicate presenter and year is a 409."""

    queryset = VnrEngagement.objects.select_related("member_state", "organization")
    serializer_class = VnrEngagementSerializer
    filterset_class = VnrEngagementFilterSet
    search_fields = ["member_state__name", "member_state__iso3", "organization__name"]
    ordering_fields = ["hlpf_year", "id"]

    def perform_create(self, serializer):
        try:
            serializer.instance = vnr_engagement_create(by=self.request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            _raise_conflict_if_duplicate(error)
            raise

    def perform_update(self, serializer):
        try:
            serializer.instance = vnr_engagement_update(
                engagement=serializer.instance, data=serializer.validated_data, by=self.request.user
            )
        except DjangoValidationError as error:
            _raise_conflict_if_duplicate(error)
            raise

    def perform_destroy(self, instance):
        vnr_engagement_delete(engagement=instance, by=self.request.user)

    @extend_schema(request=VnrStageSerializer, responses=VnrEngagementSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"stages/(?P<stage>[a-z_]+)",
        serializer_class=VnrStageSerializer,
    )
    def stage(self, request, pk=None, stage=None):
        """Mark one outreach stage reached (`{"done": true}`) or not; the stage is in the path."""
        engagement = self.get_object()
        if stage not in VNR_STAGES:
            return Response(
                {"stage": [_("Unknown VNR stage '%(stage)s'.") % {"stage": stage}]},
                status=status.HTTP_404_NOT_FOUND,
            )
        payload = VnrStageSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        vnr_stage_set(
            engagement=engagement, stage=stage, done=payload.validated_data["done"], by=request.user
        )
        return Response(VnrEngagementSerializer(engagement, context=self.get_serializer_context()).data)


ALL_ROLES = (Role.STAFF, Role.VIEWER, Role.FOCAL_POINT)


class TokenObtainView(APIView):
    """`POST {"username", "password"}` → `{"token"}`; after AXES_FAILURE_LIMIT failures, 403.

    An account with two-factor sign-in also gives `"otp"` (a code of its authenticator app or a
    recovery code): without it or with a wrong one the answer is a 400 on `otp`, and the attempt
    counts towards the lockout as a wrong password does. With REQUIRE_STAFF_2FA on, a staff
    account without two-factor sign-in gets a 403 telling it to set it up: its password was
    right, but no token is issued to it until then.
    """

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(description=_("Wrong credentials, or a missing or wrong `otp`.")),
            403: OpenApiResponse(
                description=_(
                    "Locked after too many failures, or a staff account without two-factor sign-in."
                )
            ),
        },
    )
    def post(self, request):
        credentials = TokenRequestSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        otp = credentials.validated_data.pop("otp", "")
        # axes reads and marks the Django request, not DRF's wrapper.
        django_request = request._request
        user = authenticate(request=django_request, **credentials.validated_data)
        self.refuse_if_locked(django_request)
        if user is None or role_of(user) is None:
            raise ValidationError({"non_field_errors": [_("Unable to sign in with these credentials.")]})
        self.check_second_factor(django_request, user, otp)
        instance, token = AuthToken.objects.create(user=user)
        user_logged_in.send(sender=user.__class__, request=django_request, user=user)
        return Response({"token": token, "expiry": instance.expiry}, status=status.HTTP_200_OK)

    @staticmethod
    def refuse_if_locked(django_request) -> None:
        """Answer axes' lockout here, in JSON, instead of letting AxesMiddleware replace the response."""
        if not getattr(django_request, "axes_locked_out", False):
            return
        django_request.axes_locked_out = False
        minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
        raise PermissionDenied(
            _(
                "Too many failed sign-in attempts: this account is locked from this address "
                "for %(minutes)s minutes."
            )
            % {"minutes": minutes}
        )

    def check_second_factor(self, django_request, user: User, otp: str) -> None:
        """The account's two-factor code, when it has two-factor sign-in (or must have it)."""
        if two_factor_enabled(user):
            if otp and two_factor_verify(user=user, code=otp) is not None:
                return
            sign_in_failed(django_request, user)
            self.refuse_if_locked(django_request)
            if not otp:
                message = _(
                    'This account uses two-factor sign-in: give "otp", the code its authenticator '
                    "app shows now, or one of its recovery codes."
                )
            else:
                message = _("This code is not right, or it was already used.")
            raise ValidationError({"otp": [message]})
        if two_factor_required(user):
            raise PermissionDenied(
                _(
                    "Staff accounts must set up two-factor sign-in before they obtain a token: "
                    "sign in on the site and open /account/two-factor/."
                )
            )


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
