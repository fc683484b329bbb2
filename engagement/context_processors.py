"""Template context shared by every page: the caller's role, for navigation and edit controls."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from engagement.choices import Role
from engagement.roles import role_of

# Counts the navigation shows beside a link ("Verification (3)"), by name. Apps above register
# theirs from AppConfig.ready(), as they register page panels: this floor never imports them.
NAV_COUNTS: dict[str, Callable[[object], int]] = {}


def nav_count_register(name: str, count: Callable[[object], int]) -> None:
    """Show `count(user)` under `nav_counts.<name>`; registering the name again replaces it."""
    NAV_COUNTS[name] = count


class NavCounts(Mapping):
    """The registered counts of one request, each queried only when a template reads it, and once."""

    def __init__(self, user) -> None:
        self._user = user
        self._counted: dict[str, int] = {}

    def __getitem__(self, name: str) -> int:
        if name not in self._counted:
            self._counted[name] = NAV_COUNTS[name](self._user)
        return self._counted[name]

    def __iter__(self) -> Iterator[str]:
        return iter(NAV_COUNTS)

    def __len__(self) -> int:
        return len(NAV_COUNTS)


def nav_counts(request) -> NavCounts:
    """The request's counts, shared by the navigation and any page that shows the same figure."""
    counts = getattr(request, "_nav_counts", None)
    if counts is None:
        counts = request._nav_counts = NavCounts(getattr(request, "user", None))
    return counts


def role(request) -> dict:
    """Expose `role`, `is_staff_role`, the focal point's State code and the lazy `nav_counts`."""
    current = role_of(getattr(request, "user", None))
    focal_iso3 = ""
    if current == Role.FOCAL_POINT:
        focal_iso3 = request.user.member_state.iso3
    return {
        "role": current,
        "is_staff_role": current == Role.STAFF,
        "reads_office_records": current in (Role.STAFF, Role.VIEWER),
        "focal_iso3": focal_iso3,
        "nav_counts": nav_counts(request),
    }
