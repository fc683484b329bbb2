"""QuerySets of the visits app."""

from __future__ import annotations

from engagement.querysets import ScopedByStateQuerySet


class CountryVisitQuerySet(ScopedByStateQuerySet):
    """Visits: staff and viewers see all, a focal point its own State's."""


class VisitSiteQuerySet(ScopedByStateQuerySet):
    """Sites follow the visit they belong to."""

    state_field = "visit__member_state"
