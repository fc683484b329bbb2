"""Staff pages that draft and edit a pledge, with a live SMART checklist beside the form."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from engagement.choices import Role
from engagement.views.access import roles_required
from engagement.views.forms import add_service_errors
from pledges.choices import SmartGap
from pledges.forms import PledgeForm, pledge_draft
from pledges.models import Pledge
from pledges.selectors import pledge_etag, pledge_smart_gaps
from pledges.services import PledgeVersionMismatch, pledge_create, pledge_update

STAFF_ONLY = {"read": (Role.STAFF,), "write": (Role.STAFF,)}


def smart_checklist(pledge, today: dt.date) -> list[dict]:
    """`pledge_smart_gaps` of a pledge or a draft, each gap with its label."""
    return [{"code": code, "label": SmartGap(code).label} for code in pledge_smart_gaps(pledge, today)]


def _render_form(request, form: PledgeForm, pledge: Pledge | None, etag: str = ""):
    context = {
        "form": form,
        "pledge": pledge,
        "etag": etag,
        "gaps": smart_checklist(pledge_draft(form, pledge), timezone.localdate()),
        "checklist_url": reverse("pledge-smart-checklist-edit", args=[pledge.pk])
        if pledge
        else reverse("pledge-smart-checklist"),
    }
    return render(request, "pledges/pledge_form.html", context)


@roles_required(**STAFF_ONLY)
def pledge_create_view(request):
    """Draft a new pledge through `pledge_create`."""
    form = PledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pledge = pledge_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Pledge recorded."))
            return redirect("pledge-detail", pk=pledge.pk)
    return _render_form(request, form, None)


@roles_required(**STAFF_ONLY)
def pledge_edit_view(request, pk: int):
    """Edit a pledge through `pledge_update`, guarded by the ETag the page was rendered with.

    When someone else saved the pledge meanwhile, nothing is saved: the typed input stays, and
    the form now carries the current ETag, so saving again deliberately replaces their version.
    """
    pledge = get_object_or_404(Pledge.objects.editable_by(request.user), pk=pk)
    form = PledgeForm(request.POST or None, instance=pledge)
    etag = pledge_etag(pledge)
    if request.method == "POST" and form.is_valid():
        try:
            pledge_update(
                pledge=pledge,
                by=request.user,
                changes=form.cleaned_data,
                if_match=[request.POST.get("etag", "")],
            )
        except PledgeVersionMismatch:
            form.add_error(
                None,
                _(
                    "Someone else saved this pledge after you opened this page, so nothing was saved. "
                    "Your changes are still in the form: check the current version, then save again "
                    "to replace it with yours."
                ),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Pledge saved."))
            return redirect("pledge-detail", pk=pledge.pk)
    return _render_form(request, form, pledge, etag)


@roles_required(**STAFF_ONLY)
def pledge_smart_checklist(request, pk: int | None = None):
    """The SMART checklist of the unsaved form data (htmx partial); nothing is saved."""
    pledge = get_object_or_404(Pledge.objects.editable_by(request.user), pk=pk) if pk else None
    form = PledgeForm(request.POST or None, instance=pledge)
    gaps = smart_checklist(pledge_draft(form, pledge), timezone.localdate())
    return render(request, "pledges/_smart_checklist.html", {"gaps": gaps})
