"""Accounts: create them (with a password or a link to set one), change them, deactivate them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import override
from knox.models import AuthToken

from engagement.choices import Role
from engagement.models import MemberState, User

USER_UPDATABLE_FIELDS = (
    "email",
    "first_name",
    "last_name",
    "role",
    "member_state",
    "language",
    "weekly_digest",
    "is_active",
)


def password_set_link(user: User) -> str:
    """The absolute link a new user follows to choose a password (Django's reset-confirm page)."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return f"{settings.SITE_URL}/accounts/reset/{uidb64}/{token}/"


def _check_role_and_state(*, role: str, member_state: MemberState | None) -> None:
    if role not in Role.values:
        raise ValidationError({"role": [_("Unknown role '%(role)s'.") % {"role": role}]})
    if role == Role.FOCAL_POINT and member_state is None:
        raise ValidationError({"member_state": [_("A focal point speaks for one Member State: name it.")]})
    if role != Role.FOCAL_POINT and member_state is not None:
        raise ValidationError({"member_state": [_("Only focal points are linked to a Member State.")]})


def _send_password_set_email(user: User) -> None:
    with override(user.language):
        send_mail(
            subject=_("Your account on the OSRSG-VAC tracker"),
            message=_(
                "An account was opened for you (user name: %(username)s).\n\n"
                "Choose your password here:\n%(link)s\n"
            )
            % {"username": user.username, "link": password_set_link(user)},
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    role: str,
    member_state: MemberState | None = None,
    language: str = "en",
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    weekly_digest: bool = True,
) -> User:
    """Open an account; without a password the user is e-mailed a link to choose one.

    Rule: a focal point names exactly one Member State, the other roles none.
    """
    _check_role_and_state(role=role, member_state=member_state)
    if not password and not email:
        raise ValidationError({"email": [_("Without a password, an e-mail address is needed.")]})
    user = User(
        username=username,
        email=email,
        role=role,
        is_staff=role == Role.STAFF,
        member_state=member_state,
        language=language,
        first_name=first_name,
        last_name=last_name,
        weekly_digest=weekly_digest,
    )
    if password:
        try:
            validate_password(password, user=user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from error
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if not password:
        transaction.on_commit(lambda: _send_password_set_email(user))
    return user


@transaction.atomic
def user_update(*, user: User, data: dict[str, Any]) -> User:
    """Change an account; deactivating it (`is_active=False`) revokes every API token it holds."""
    unknown = set(data) - set(USER_UPDATABLE_FIELDS)
    if unknown:
        raise ValidationError({field: [_("This field cannot be changed here.")] for field in unknown})
    for field, value in data.items():
        setattr(user, field, value)
    if "role" in data:
        user.is_staff = user.role == Role.STAFF
    _check_role_and_state(role=user.role, member_state=user.member_state)
    user.full_clean(exclude=["password"])
    user.save()
    if not user.is_active:
        AuthToken.objects.filter(user=user).delete()
    return user
