"""The Member State page: everything the caller may see about one State, on one page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from engagement.choices import Role
from engagement.models import Meeting, MemberState, User, VnrEngagement
from engagement.roles import focal_state_id, is_staff, role_of
from engagement.selectors.state_story import state_story
from engagement.views.access import roles_required
from pledges.forms import MilestoneTickForm
from pledges.models import AllianceMembership, CtaEndorsement, Pledge
from pledges.views.alliance import milestones_for_display
from pledges.views.pledges import with_staleness


@roles_required()
def state_detail(request, iso3: str):
    """One State's focal points, pledges, endorsement, membership and milestones, and its story."""
    user = request.user
    state = get_object_or_404(
        MemberState.objects.visible_to(user).select_related("region", "subregion"), iso3=iso3.upper()
    )
    # A focal point speaks for one State: another State's page does not exist for them.
    if focal_state_id(user) not in (None, state.pk):
        raise Http404
    today = timezone.localdate()
    pledges = list(
        Pledge.objects.visible_to(user).filter(member_state=state).order_by("next_report_due", "-made_on")
    )
    with_staleness(pledges, today)
    membership = (
        AllianceMembership.objects.visible_to(user)
        .filter(member_state=state)
        .prefetch_related("milestones")
        .first()
    )
    context = {
        "state": state,
        # Names of people are contacts: staff and the State's own focal points only.
        "focal_points": (
            User.objects.focal_points_of(state.pk).order_by("last_name", "username")
            if is_staff(user) or focal_state_id(user) == state.pk
            else User.objects.none()
        ),
        "meetings": Meeting.objects.visible_to(user).filter(member_states=state)[:50],
        "show_notes": is_staff(user),
        "vnr_engagements": VnrEngagement.objects.visible_to(user).filter(member_state=state),
        "endorsement": CtaEndorsement.objects.visible_to(user).filter(member_state=state).first(),
        "membership": membership,
        "milestones": milestones_for_display(membership, today) if membership else [],
        "can_tick": role_of(user) in (Role.STAFF, Role.FOCAL_POINT),
        "tick_form": MilestoneTickForm(),
        "pledges": pledges,
        "story": state_story(user=user, state=state),
    }
    return render(request, "engagement/state_detail.html", context)
