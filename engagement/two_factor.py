"""Two-factor sign-in: authenticator apps, recovery codes, the sign-in's second step and the staff rule.

An account has two-factor sign-in once it holds a confirmed TOTP device (django-otp's otp_totp).
Its recovery codes are the tokens of one static device (otp_static), each good once. A session is
verified (`request.user.is_verified()`, from django-otp's OTPMiddleware) when it was signed in with
a code. Sign-in failures at the code step reach axes as `user_login_failed`, so wrong codes and
wrong passwords count towards the same lockout.
"""

from __future__ import annotations

import time
from base64 import b32encode
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import SESSION_KEY, load_backend, logout, user_login_failed
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from engagement.middleware import API_PREFIX
from engagement.models import User
from engagement.roles import is_staff

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse
    from django_otp.models import Device

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# Between the password and the code: long enough to open the app, short enough to go stale.
PENDING_SIGN_IN_KEY = "two_factor_pending_sign_in"
PENDING_SIGN_IN_SECONDS = 300
# Recovery codes made by the last set-up or renewal, shown once by the two-factor page.
NEW_RECOVERY_CODES_KEY = "two_factor_new_recovery_codes"


# --- What an account has ------------------------------------------------------------------------


def two_factor_device(user: User) -> TOTPDevice | None:
    """The account's confirmed authenticator app, or None when two-factor sign-in is off."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def two_factor_enabled(user: User) -> bool:
    """Whether the account signs in with a code after its password."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def two_factor_required(user: User) -> bool:
    """Whether the account must have two-factor sign-in: staff, when REQUIRE_STAFF_2FA is on."""
    return settings.REQUIRE_STAFF_2FA and is_staff(user)


def two_factor_setup_device(user: User) -> TOTPDevice | None:
    """The authenticator app being set up (its secret shown, its first code not yet given)."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()


def recovery_codes_left(user: User) -> int:
    """How many unused recovery codes the account holds."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def totp_secret(device: TOTPDevice) -> str:
    """The device's secret as authenticator apps take it typed: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[start : start + 4] for start in range(0, len(secret), 4))


def totp_qr_code(device: TOTPDevice) -> SafeString:
    """The device's otpauth:// address as an inline SVG QR code (no image from elsewhere, no style)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, light="#fff", svgclass="qr-code", title=_("QR code for your authenticator app")
    )
    # segno escapes the title and draws only paths: the markup holds no caller input.
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308


def _normalized(code: str) -> str:
    """A code as typed, without the spaces and dashes people add, lower case (recovery codes are)."""
    return "".join(code.split()).replace("-", "").lower()


def two_factor_verify(*, user: User, code: str) -> Device | None:
    """The account's confirmed device that accepts `code`, or None; a recovery code is used up.

    Digits are an authenticator code, anything else a recovery code (each holds a letter).
    django-otp refuses a code already used and slows down repeated failures (its throttling),
    which this keeps: a failure is committed, never rolled back with an exception.
    """
    code = _normalized(code)
    if not code:
        return None
    model = TOTPDevice if code.isdigit() else StaticDevice
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            if device.verify_token(code):
                return device
    return None


# --- Writes: set up, recovery codes, turn off ---------------------------------------------------


def _lock(user: User) -> None:
    """Serialize the account's two-factor writes (two tabs confirming at once make one device)."""
    User.objects.select_for_update().filter(pk=user.pk).first()


@transaction.atomic
def two_factor_setup_begin(*, user: User) -> TOTPDevice:
    """Start setting up an authenticator app: a new secret, unconfirmed until its first code is given."""
    _lock(user)
    if two_factor_enabled(user):
        raise ValidationError(_("Two-factor sign-in is already on for this account."))
    TOTPDevice.objects.devices_for_user(user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


@dataclass(frozen=True)
class SetupResult:
    """A confirmed authenticator app and the recovery codes made with it (shown once)."""

    device: TOTPDevice
    recovery_codes: list[str]


def two_factor_setup_confirm(*, user: User, code: str, current_session_key: str | None = None) -> SetupResult:
    """Turn two-factor sign-in on once the app's first code matches; make the recovery codes.

    The account's other sessions end (they were signed in with the password alone); the
    session `current_session_key` stays. A wrong code is refused and counted by django-otp's
    throttling, which is why the refusal is raised only after the transaction commits.
    """
    with transaction.atomic():
        _lock(user)
        device = TOTPDevice.objects.devices_for_user(user, confirmed=False).select_for_update().last()
        if device is None:
            raise ValidationError(_("Begin the set-up again: it was finished or cancelled elsewhere."))
        confirmed = device.verify_token(_normalized(code))
        if confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _recovery_codes_replace(user)
            _other_sessions_end(user, keep=current_session_key)
    if not confirmed:
        raise ValidationError(
            {"code": _("This code does not match: check the app and type the code it shows now.")}
        )
    return SetupResult(device=device, recovery_codes=codes)


def _recovery_codes_replace(user: User) -> list[str]:
    """New single-use recovery codes for the account; its previous codes stop working."""
    device = StaticDevice.objects.filter(user=user).first() or StaticDevice.objects.create(
        user=user, name=RECOVERY_DEVICE_NAME, confirmed=True
    )
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        code = StaticToken.random_token()
        if not code.isdigit():  # all digits would be read as an authenticator code
            codes.add(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return sorted(codes)


@transaction.atomic
def two_factor_recovery_codes_regenerate(*, user: User) -> list[str]:
    """Replace the account's recovery codes with new ones: every old code stops working."""
    _lock(user)
    if not two_factor_enabled(user):
        raise ValidationError(_("Turn two-factor sign-in on first."))
    return _recovery_codes_replace(user)


def two_factor_disable(*, user: User, password: str, code: str) -> None:
    """Turn two-factor sign-in off: the password and a current code (or a recovery code) are needed.

    The code is checked only once the password is right, so a wrong password never uses up a
    recovery code; a wrong code is committed to django-otp's throttling before the refusal.
    """
    if not user.check_password(password):
        raise ValidationError({"password": _("This is not your password.")})
    if two_factor_verify(user=user, code=code) is None:
        raise ValidationError({"code": _("This code is not right, or it was already used.")})
    with transaction.atomic():
        _lock(user)
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def _other_sessions_end(user: User, *, keep: str | None) -> int:
    """Sign the account out of its other browsers; only session stores that can be listed can do it."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store, "get_model_class"):
        return 0
    ended = 0
    sessions = (
        store.get_model_class().objects.filter(expire_date__gt=timezone.now()).exclude(session_key=keep)
    )
    for session in sessions.iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            store(session.session_key).delete()
            ended += 1
    return ended


# --- The sign-in's second step ------------------------------------------------------------------


@dataclass(frozen=True)
class PendingSignIn:
    """An account whose password was right, waiting for its code, and where it goes once signed in."""

    user: User
    backend: str
    redirect_to: str


def sign_in_pending_start(request: HttpRequest, user: User, *, redirect_to: str) -> None:
    """Remember, in the anonymous session, the account that gave its password (not signed in yet)."""
    request.session[PENDING_SIGN_IN_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "hash": user.get_session_auth_hash(),
        "next": redirect_to,
        "since": int(time.time()),
    }


def sign_in_pending(request: HttpRequest) -> PendingSignIn | None:
    """The account waiting for its code; None when none is, it took too long, or it changed since."""
    state = request.session.get(PENDING_SIGN_IN_KEY)
    if not state:
        return None
    if (
        time.time() - state["since"] > PENDING_SIGN_IN_SECONDS
        or state["backend"] not in settings.AUTHENTICATION_BACKENDS
    ):
        sign_in_pending_clear(request)
        return None
    user = load_backend(state["backend"]).get_user(state["user"])  # None once deactivated
    if user is None or not constant_time_compare(user.get_session_auth_hash(), state["hash"]):
        sign_in_pending_clear(request)
        return None
    return PendingSignIn(user=user, backend=state["backend"], redirect_to=state["next"])


def sign_in_pending_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_SIGN_IN_KEY, None)


def sign_in_complete(request: HttpRequest, pending: PendingSignIn, device: Device) -> None:
    """Sign the account in, its session verified by `device` (axes resets its failures on this)."""
    sign_in_pending_clear(request)
    auth_login(request, pending.user, backend=pending.backend)
    otp_login(request, device)


def sign_in_failed(request: HttpRequest, user: User) -> None:
    """Count a wrong or missing code as a failed sign-in of the account (axes listens)."""
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)


def sign_in_locked(request: HttpRequest, user: User) -> bool:
    """Whether axes locks the account out from this address (too many failures, any step).

    The same test axes' backend makes before a password is checked.
    """
    credentials = {"username": user.get_username()}
    return settings.AXES_ENABLED and not AxesProxyHandler.is_allowed(request, credentials)


# --- The rule, on every request -----------------------------------------------------------------

# Pages an account may open while it is sent to sign in again or to set up two-factor sign-in.
SIGN_IN_PAGES = frozenset(
    {
        "login",
        "login-code",
        "admin-login",
        "logout",
        "language-switch",
        "set_language",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)
SETUP_PAGES = SIGN_IN_PAGES | {"account-two-factor", "account-two-factor-setup"}


class TwoFactorMiddleware:
    """Staff sessions that must be verified are, after AuthenticationMiddleware and OTPMiddleware.

    With REQUIRE_STAFF_2FA on, a staff account without an authenticator app reaches only its
    set-up (pages redirect there; session-signed API calls answer 403), and one with an app
    needs a session signed in with its code. The admin always needs that verified session for
    staff with an app. Token-signed API calls are left to the token endpoint, which asks for the
    code. Only unverified staff sessions cost a query.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if self._is_api(request) and request.META.get("HTTP_AUTHORIZATION"):
            return None
        user = request.user
        if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
            return None
        required = two_factor_required(user)
        in_admin = user.is_staff and request.path_info.startswith(reverse("admin:index"))
        page = request.resolver_match.url_name if request.resolver_match else None
        if not (required or in_admin) or page in SIGN_IN_PAGES:
            return None
        if two_factor_enabled(user):
            return self._sign_in_again(request)
        if required and page not in SETUP_PAGES:
            return self._set_up_first(request)
        return None

    @staticmethod
    def _is_api(request: HttpRequest) -> bool:
        return request.path_info.startswith(API_PREFIX)

    def _sign_in_again(self, request: HttpRequest) -> HttpResponse:
        """A session signed in without the code of the account's app: sign in again, with it."""
        if self._is_api(request):
            message = _("Sign in again with your two-factor code: this session was not verified.")
            return JsonResponse({"detail": message}, status=403)
        logout(request)
        return redirect_to_login(request.get_full_path())

    def _set_up_first(self, request: HttpRequest) -> HttpResponse:
        """A staff account without an app: nothing but its set-up until it has one."""
        if self._is_api(request):
            message = _(
                "Staff accounts must set up two-factor sign-in first, on the account page "
                "(/account/two-factor/)."
            )
            return JsonResponse({"detail": message}, status=403)
        return redirect("account-two-factor")
