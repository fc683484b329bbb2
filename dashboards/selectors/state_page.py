"""The Member State page: everything the caller may see about one State, read in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from dashboards.selectors.state_story import state_story
from engagement.models import MemberState, User, VnrEngagement
from meetings.models import Meeting
from pledges.models import AllianceMembership, CtaEndorsement, Pledge
from pledges.selectors import milestones_for_display, milestones_tickable, with_staleness

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

# The page lists a State's latest meetings; the meeting list has the rest.
MEETINGS_SHOWN = 50


def state_page(*, user: User | AnonymousUser, iso3: str) -> dict[str, Any] | None:
    """One State's focal points, meetings, VNR, pledges, endorsement, membership and story; None if not found.

    Every read is scoped by its queryset's `visible_to(user)`: a focal point opens only its own
    State's page, and names of focal points are for staff and the State's own focal points.
    """
    state = (
        MemberState.objects.pages_visible_to(user)
        .select_related("region", "subregion")
        .filter(iso3=iso3.upper())
        .first()
    )
    if state is None:
        return None
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
    return {
        "state": state,
        "focal_points": User.objects.focal_points_named_to(user, state.pk).order_by("last_name", "username"),
        "meetings": Meeting.objects.visible_to(user).filter(member_states=state)[:MEETINGS_SHOWN],
        "vnr_engagements": VnrEngagement.objects.visible_to(user).filter(member_state=state),
        "endorsement": CtaEndorsement.objects.visible_to(user).filter(member_state=state).first(),
        "membership": membership,
        "milestones": milestones_for_display(membership, today) if membership else [],
        "can_tick": bool(membership) and milestones_tickable(user, membership),
        "pledges": pledges,
        "story": state_story(user=user, state=state),
    }
