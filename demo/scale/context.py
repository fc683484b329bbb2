"""What every table generator needs: the plan, reference ids and the accounts to attribute rows to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from demo.scale.plan import FOCAL_POINTS_PER_STATE, STAFF_ACCOUNTS, VIEWER_ACCOUNTS, Draws, ScalePlan
from engagement.choices import Role, Vocabulary
from engagement.models import MemberState, Organization, Term, User
from engagement.roles import GROUP_NAMES


@dataclass
class SeedContext:
    """Reference ids in a seeded, Zipf-ranked order, plus the generated accounts."""

    plan: ScalePlan
    state_ids: list[int] = field(default_factory=list)
    organization_ids: list[int] = field(default_factory=list)
    terms: dict[str, list[int]] = field(default_factory=dict)
    staff_ids: list[int] = field(default_factory=list)
    focal_points: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    visit_ids: list[int] = field(default_factory=list)
    visit_states: dict[int, int] = field(default_factory=dict)
    visit_starts: dict[int, dt.date] = field(default_factory=dict)
    visit_status: dict[int, str] = field(default_factory=dict)
    # (pledge id, State id, due dates of its reports): what the reminder log is built from.
    pledge_cycles: list[tuple[int, int, list[dt.date]]] = field(default_factory=list)
    follow_ups: list[tuple[int, dt.date, str, int]] = field(default_factory=list)
    meeting_ids: range = range(0)
    pledge_ids: range = range(0)

    @classmethod
    def load(cls, plan: ScalePlan) -> SeedContext:
        context = cls(plan=plan)
        # Rank States by a seeded shuffle of a stable order: the Zipf head is the same for a seed.
        states = list(MemberState.objects.order_by("iso3").values_list("pk", flat=True))
        Draws(plan.seed, "states").random.shuffle(states)
        context.state_ids = states
        context.organization_ids = list(Organization.objects.order_by("name").values_list("pk", flat=True))
        for vocabulary in Vocabulary.values:
            context.terms[vocabulary] = list(
                Term.objects.filter(vocabulary=vocabulary).order_by("code").values_list("pk", flat=True)
            )
        context.ensure_accounts()
        return context

    def ensure_accounts(self) -> None:
        """Create the staff, viewer and focal-point accounts once; later runs reuse them."""
        password = make_password(None)  # unusable: bench clients sign in with force_login
        wanted: list[User] = []
        for number in range(1, STAFF_ACCOUNTS + 1):
            wanted.append(User(username=f"scale-staff-{number:02d}", role=Role.STAFF, is_staff=True))
        for number in range(1, VIEWER_ACCOUNTS + 1):
            wanted.append(User(username=f"scale-viewer-{number:02d}", role=Role.VIEWER))
        iso3 = dict(MemberState.objects.values_list("pk", "iso3"))
        for state_id in sorted(self.state_ids):
            for number in range(1, FOCAL_POINTS_PER_STATE + 1):
                wanted.append(
                    User(
                        username=f"scale-fp-{iso3[state_id].lower()}-{number}",
                        role=Role.FOCAL_POINT,
                        member_state_id=state_id,
                    )
                )
        existing = set(User.objects.filter(username__startswith="scale-").values_list("username", flat=True))
        new = [user for user in wanted if user.username not in existing]
        for user in new:
            user.email = f"{user.username}@scale.example.org"
            user.password = password
        User.objects.bulk_create(new, batch_size=1000)
        self._join_role_groups(new)
        accounts = User.objects.filter(username__startswith="scale-").order_by("username")
        for pk, role, state_id, email in accounts.values_list("pk", "role", "member_state_id", "email"):
            if role == Role.STAFF:
                self.staff_ids.append(pk)
            elif role == Role.FOCAL_POINT:
                self.focal_points.setdefault(state_id, []).append((pk, email))

    @staticmethod
    def _join_role_groups(users: list[User]) -> None:
        """bulk_create skips User.save, so put the new accounts in their role group here."""
        if not users:
            return
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in GROUP_NAMES.values()}
        created = User.objects.filter(username__in=[user.username for user in users])
        links = [
            User.groups.through(user_id=pk, group_id=groups[GROUP_NAMES[role]].pk)
            for pk, role in created.values_list("pk", "role")
        ]
        User.groups.through.objects.bulk_create(links, batch_size=1000)

    def staff_email(self, staff_id: int) -> str:
        return f"scale-staff-{self.staff_ids.index(staff_id) + 1:02d}@scale.example.org"
