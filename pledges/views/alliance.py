"""Pathfinding Global Alliance pages: every member's progress, and ticking a milestone."""

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
from pledges.choices import Milestone
from pledges.forms import MilestoneTickForm
from pledges.models import AllianceMembership
from pledges.selectors import membership_milestones
from pledges.services import membership_milestone_tick


def milestones_for_display(membership: AllianceMembership, today: dt.date) -> list[dict]:
    """A membership's milestones with their label, and `overdue` when past due and not done."""
    return [
        {
            **milestone,
            "label": Milestone(milestone["code"]).label,
            "overdue": milestone["done_on"] is None and milestone["due"] < today,
        }
        for milestone in membership_milestones(membership)
    ]


@roles_required()
def alliance_list(request):
    """Every Alliance member the caller may see: joined, national plan, milestones done (2 queries)."""
    today = timezone.localdate()
    memberships = (
        AllianceMembership.objects.visible_to(request.user)
        .select_related("member_state")
        .prefetch_related("milestones")
        .order_by("member_state__name")
    )
    rows = []
    for membership in memberships:
        milestones = milestones_for_display(membership, today)
        rows.append(
            {
                "membership": membership,
                "done": sum(1 for milestone in milestones if milestone["done_on"]),
                "overdue": sum(1 for milestone in milestones if milestone["overdue"]),
            }
        )
    context = {"rows": rows, "milestone_count": len(Milestone)}
    return render(request, "pledges/alliance_list.html", context)


@roles_required(read=(Role.STAFF, Role.FOCAL_POINT), write=(Role.STAFF, Role.FOCAL_POINT))
def milestone_tick(request, iso3: str, code: str):
    """Staff, or the State's own focal point, mark a milestone done (POST; another State is 404)."""
    membership = get_object_or_404(
        AllianceMembership.objects.visible_to(request.user).select_related("member_state"),
        member_state__iso3=iso3.upper(),
    )
    if request.method == "POST":
        form = MilestoneTickForm(request.POST)
        if form.is_valid():
            try:
                membership_milestone_tick(
                    membership=membership, code=code, done_on=form.cleaned_data["done_on"], by=request.user
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Milestone marked done."))
        else:
            messages.error(request, " ".join(form.errors.get("done_on", [])))
    return redirect(f"{reverse('state-detail', args=[membership.member_state.iso3])}#milestones")
