"""Pages of the ground floor: who may open a page, the panels apps above add to a page, the VNR board."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from engagement.choices import REPORT_YEARS, Role
from engagement.models import VNR_STAGES, VnrEngagement
from engagement.roles import role_of
from engagement.services import vnr_stage_set

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


def stage_columns() -> list[tuple[str, str]]:
    """The stages in board order with their labels (the model fields' verbose names)."""
    return [(stage, VnrEngagement._meta.get_field(stage).verbose_name) for stage in VNR_STAGES]


@roles_required(read=OFFICE_READERS)
def vnr_board_current(request):
    """This year's board."""
    return redirect("vnr-board", year=timezone.localdate().year)


@roles_required(read=OFFICE_READERS)
def vnr_board(request, year: int):
    """Every presenter of an HLPF year with the stages reached."""
    if year not in REPORT_YEARS:
        raise Http404
    engagements = (
        VnrEngagement.objects.visible_to(request.user)
        .filter(hlpf_year=year)
        .select_related("member_state", "organization")
        .order_by("member_state__name", "organization__name")
    )
    rows = [
        (engagement, [(stage, getattr(engagement, stage)) for stage in VNR_STAGES])
        for engagement in engagements
    ]
    context = {"year": year, "rows": rows, "stages": stage_columns(), "previous": year - 1, "next": year + 1}
    return render(request, "engagement/vnr_board.html", context)


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
        context = {"engagement": engagement, "stage": stage, "done": getattr(engagement, stage)}
        return render(request, "engagement/_vnr_cell.html", context)
    return redirect("vnr-board", year=engagement.hlpf_year)
