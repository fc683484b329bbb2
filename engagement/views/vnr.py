"""The VNR board: one HLPF year's presenters down, outreach stages across, ticked in place."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from engagement.choices import REPORT_YEARS, Role
from engagement.models import VNR_STAGES, VnrEngagement
from engagement.services.vnr import vnr_stage_set
from engagement.views.access import OFFICE_READERS, roles_required


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
