"""Pages of the ground floor: who may open a page, page panels, the VNR board, signing in, the account."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import LoginView, PasswordChangeView, redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponseBadRequest
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django.views.i18n import set_language
from django_otp import login as otp_login

from engagement import two_factor
from engagement.choices import REPORT_YEARS, Role
from engagement.forms import (
    AccountForm,
    TwoFactorCodeForm,
    TwoFactorDisableForm,
    TwoFactorSetupForm,
    VnrCodesForm,
    VnrFilterForm,
    VnrPresenterForm,
    add_service_errors,
)
from engagement.models import VNR_STAGES, VnrEngagement
from engagement.roles import is_staff, role_of
from engagement.services import (
    user_update,
    vnr_engagement_bulk_create,
    vnr_engagement_create,
    vnr_engagement_delete,
    vnr_stage_set,
)
from engagement.tables import VnrTable, table_response

OFFICE_READERS = (Role.STAFF, Role.VIEWER)
EVERY_ROLE = (Role.STAFF, Role.VIEWER, Role.FOCAL_POINT)


def roles_required(*, read: tuple[str, ...] = EVERY_ROLE, write: tuple[str, ...] = (Role.STAFF,)):
    """Anonymous callers sign in; a role outside `read` (GET) or `write` (POST) gets a 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            allowed = read if request.method in ("GET", "HEAD", "OPTIONS") else write
            if role_of(request.user) not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


@dataclass(frozen=True)
class Panel:
    """A section of a page, drawn by `template` from the `rows` it reads for the caller."""

    template: str
    rows: Any


@dataclass(frozen=True)
class _PanelSource:
    template: str
    rows: Callable[[Any, Any], Any]
    order: int


class PagePanels:
    """The sections apps above add to a lower app's page, as NetBox's template extensions do.

    The page's app owns the registry; a higher app registers a template and a selector from its
    AppConfig.ready(), so a visit page can list the meetings held during it without visits ever
    importing meetings.
    """

    def __init__(self) -> None:
        self._sources: list[_PanelSource] = []

    def register(self, *, template: str, rows: Callable[[Any, Any], Any], order: int) -> None:
        """Add a section drawn by `template` from `rows(user, obj)`; registering it again changes nothing."""
        if all(source.template != template for source in self._sources):
            self._sources.append(_PanelSource(template, rows, order))
            self._sources.sort(key=lambda source: source.order)

    def for_page(self, *, user, obj) -> list[Panel]:
        """The page's sections, in order, each with the rows `user` may see."""
        return [Panel(source.template, source.rows(user, obj)) for source in self._sources]


@roles_required(read=OFFICE_READERS)
def vnr_board_current(request):
    """This year's board."""
    return redirect("vnr-board", year=timezone.localdate().year)


def _year_or_404(year: int) -> int:
    if year not in REPORT_YEARS:
        raise Http404
    return year


def _render_board(request, year: int, *, presenter_form=None, codes_form=None):
    """The board of `year`: filters, the table (or its download), and staff's forms that add presenters."""
    form = VnrFilterForm(request.GET or None)
    engagements = (
        VnrEngagement.objects.visible_to(request.user)
        .filter(hlpf_year=year)
        .select_related("member_state__region", "organization")
        .annotate(presenter_name=Coalesce("member_state__name", "organization__name"))
    )
    has_presenters = engagements.exists()
    if form.is_bound:
        engagements = form.filter(engagements)
    can_tick = is_staff(request.user)
    table = VnrTable(engagements, can_tick=can_tick, csrf_token=get_token(request) if can_tick else "")
    download = table_response(request, table, filename=f"vnr-{year}")
    if download is not None:
        return download
    context = {
        "year": year,
        "form": form,
        "table": table,
        "has_presenters": has_presenters,
        "presenter_form": presenter_form or VnrPresenterForm(),
        "codes_form": codes_form or VnrCodesForm(),
        "previous": year - 1,
        "next": year + 1,
    }
    return render(request, "engagement/vnr_board.html", context)


@roles_required(read=OFFICE_READERS, write=(Role.STAFF,))
def vnr_board(request, year: int):
    """Every presenter of an HLPF year with the stages reached: filtered, sorted, totalled, downloadable.

    Staff add presenters from the same page: one (`_form=presenter`) or a pasted list of codes
    (`_form=codes`); a refused form is shown again on the board with its errors.
    """
    year = _year_or_404(year)
    if request.method != "POST":
        return _render_board(request, year)
    if request.POST.get("_form") == "codes":
        return _paste_presenters(request, year)
    return _add_presenter(request, year)


def _add_presenter(request, year: int):
    """One presenter (a Member State or an organization) through `vnr_engagement_create`."""
    form = VnrPresenterForm(request.POST)
    if form.is_valid():
        try:
            engagement = vnr_engagement_create(hlpf_year=year, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("%(presenter)s added to the board.") % {"presenter": engagement.presenter}
            )
            return redirect("vnr-board", year=year)
    return _render_board(request, year, presenter_form=form)


def _paste_presenters(request, year: int):
    """The year's official presenters from pasted ISO3 codes: all of them, or none when one is unknown."""
    form = VnrCodesForm(request.POST)
    if form.is_valid():
        try:
            result = vnr_engagement_bulk_create(
                hlpf_year=year, codes=form.cleaned_data["codes"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext("%(count)d presenter added.", "%(count)d presenters added.", len(result.added))
                % {"count": len(result.added)},
            )
            if result.skipped:
                names = ", ".join(state.name for state in result.skipped)
                messages.info(request, _("Already on the board, skipped: %(names)s.") % {"names": names})
            return redirect("vnr-board", year=year)
    return _render_board(request, year, codes_form=form)


@roles_required(read=(Role.STAFF,))
def vnr_presenter_remove(request, pk: int):
    """Remove a presenter added by mistake: GET asks to confirm, POST removes (`vnr_engagement_delete`)."""
    engagement = get_object_or_404(
        VnrEngagement.objects.visible_to(request.user).select_related("member_state", "organization"), pk=pk
    )
    if request.method == "POST":
        vnr_engagement_delete(engagement=engagement, by=request.user)
        messages.success(
            request, _("%(presenter)s removed from the board.") % {"presenter": engagement.presenter}
        )
        return redirect("vnr-board", year=engagement.hlpf_year)
    return render(request, "engagement/vnr_remove.html", {"engagement": engagement})


@require_POST
@roles_required(read=(Role.STAFF,))
def vnr_stage_toggle(request, pk: int, stage: str):
    """Set one stage of one presenter (`done=1` or `done=0`) and answer with the board cell."""
    if stage not in VNR_STAGES:
        raise Http404
    engagement = get_object_or_404(VnrEngagement.objects.visible_to(request.user), pk=pk)
    done = request.POST.get("done")
    if done not in ("0", "1"):
        return HttpResponseBadRequest()
    try:
        vnr_stage_set(engagement=engagement, stage=stage, done=done == "1", by=request.user)
    except ValidationError:
        return HttpResponseBadRequest()
    if request.headers.get("HX-Request"):
        context = {
            "engagement": engagement,
            "stage": stage,
            "stage_label": capfirst(VnrEngagement._meta.get_field(stage).verbose_name),
            "done": getattr(engagement, stage),
            "can_tick": True,
        }
        return render(request, "engagement/_vnr_cell.html", context)
    return redirect("vnr-board", year=engagement.hlpf_year)


@csrf_exempt
@require_POST
def language_switch(request):
    """The language switcher: sets the cookie and, when signed in, the account's language.

    A visitor who is not signed in changes nothing but their own cookie, so their form carries no
    CSRF token and the public pages hold nothing that differs per visitor (shared caches may keep
    them). A signed-in caller's switch also writes to the account, so it is checked as usual.
    """
    if request.user.is_authenticated:
        return _account_language_switch(request)
    return set_language(request)


@csrf_protect
def _account_language_switch(request):
    response = set_language(request)
    language = request.POST.get("language")
    if language in dict(settings.LANGUAGES) and request.user.language != language:
        user_update(user=request.user, data={"language": language})
    return response


# --- The account page ---------------------------------------------------------------------------

# Sections apps above add to the account page (the calendar feed, from reminders): each panel's
# `rows(user, request)` reads the caller's own account; the request lets it write absolute links.
ACCOUNT_PANELS = PagePanels()


@never_cache  # it shows secrets (the calendar address): no cache keeps it, not even the browser's
@roles_required(write=EVERY_ROLE)
def account(request):
    """The caller's own account (never another's): language, e-mail and digest, through `user_update`,
    then the panels of the apps above (ACCOUNT_PANELS)."""
    form = AccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            user_update(user=request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your account is saved."))
            return redirect("account")
    context = {
        "form": form,
        "password_form": PasswordChangeForm(request.user),
        "two_factor_on": two_factor.two_factor_enabled(request.user),
        "panels": ACCOUNT_PANELS.for_page(user=request.user, obj=request),
    }
    return render(request, "engagement/account.html", context)


class AccountPasswordView(PasswordChangeView):
    """Django's password change in the site's layout; back to the account page once changed."""

    template_name = "engagement/account_password.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        messages.success(self.request, _("Your password is changed."))
        return super().form_valid(form)


# --- Signing in, in two steps when the account has two-factor sign-in --------------------------


class SignInView(LoginView):
    """Step one, the password. An account with an authenticator app goes on to its code, signed
    in only then; a staff account that must have one (REQUIRE_STAFF_2FA) is sent to set it up.
    `next` is checked here (Django's own rule) and carried to step two."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.two_factor_enabled(user):
            two_factor.sign_in_pending_start(self.request, user, redirect_to=self.get_success_url())
            return redirect("login-code")
        response = super().form_valid(form)
        if two_factor.two_factor_required(user):
            return redirect("account-two-factor")
        return response


@never_cache
@sensitive_post_parameters("code")
def sign_in_code(request):
    """Step two: the code of the account whose password was just given, or a recovery code.

    A wrong code counts as a failed sign-in (axes), and a locked account is refused here as at
    the password step.
    """
    pending = two_factor.sign_in_pending(request)
    if pending is None:
        return redirect("login")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.sign_in_locked(request, pending.user):
            two_factor.sign_in_pending_clear(request)
            return get_lockout_response(request, credentials={"username": pending.user.get_username()})
        device = two_factor.two_factor_verify(user=pending.user, code=form.cleaned_data["code"])
        if device is not None:
            two_factor.sign_in_complete(request, pending, device)
            return redirect(pending.redirect_to)
        two_factor.sign_in_failed(request, pending.user)
        form.add_error(
            "code", _("This code is not right, or it was already used. Try the code the app shows now.")
        )
    return render(request, "registration/login_code.html", {"form": form})


@never_cache  # the recovery codes are shown once, never from a cache
@roles_required(write=EVERY_ROLE)
def account_two_factor(request):
    """Whether two-factor sign-in is on, the recovery codes just made (shown once); POST begins set-up."""
    if request.method == "POST":
        try:
            two_factor.two_factor_setup_begin(user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("account-two-factor")
        return redirect("account-two-factor-setup")
    context = {
        "device": two_factor.two_factor_device(request.user),
        "required": two_factor.two_factor_required(request.user),
        "codes_left": two_factor.recovery_codes_left(request.user),
        "new_codes": request.session.pop(two_factor.NEW_RECOVERY_CODES_KEY, None),
    }
    return render(request, "engagement/account_two_factor.html", context)


@never_cache
@roles_required(write=EVERY_ROLE)
def account_two_factor_setup(request):
    """The app's key as a QR code and as text; its first code turns two-factor sign-in on."""
    device = two_factor.two_factor_setup_device(request.user)
    if device is None:
        return redirect("account-two-factor")
    form = TwoFactorSetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = two_factor.two_factor_setup_confirm(
                user=request.user,
                code=form.cleaned_data["code"],
                current_session_key=request.session.session_key,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            otp_login(request, result.device)
            request.session[two_factor.NEW_RECOVERY_CODES_KEY] = result.recovery_codes
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("account-two-factor")
    context = {
        "form": form,
        "secret": two_factor.totp_secret(device),
        "qr_code": two_factor.totp_qr_code(device),
    }
    return render(request, "engagement/account_two_factor_setup.html", context)


@require_POST
@roles_required(write=EVERY_ROLE)
def account_two_factor_recovery_codes(request):
    """New recovery codes, shown once on the two-factor page; the old ones stop working."""
    try:
        codes = two_factor.two_factor_recovery_codes_regenerate(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        request.session[two_factor.NEW_RECOVERY_CODES_KEY] = codes
        messages.success(request, _("New recovery codes are made: the old ones no longer work."))
    return redirect("account-two-factor")


@sensitive_post_parameters("password", "code")
@roles_required(write=EVERY_ROLE)
def account_two_factor_disable(request):
    """Turning two-factor sign-in off, with the password and a current code."""
    if not two_factor.two_factor_enabled(request.user):
        return redirect("account-two-factor")
    form = TwoFactorDisableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.two_factor_disable(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Two-factor sign-in is off."))
            return redirect("account-two-factor")
    return render(request, "engagement/account_two_factor_disable.html", {"form": form})
