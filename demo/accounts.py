"""Demo accounts: one per role, plus focal points of Kenya and Fiji with their contact cards."""

from __future__ import annotations

import os
from dataclasses import dataclass

from demo.common import DemoContext
from engagement.choices import Role
from engagement.models import Contact, User

DEFAULT_DEMO_PASSWORD = "demo-password-2024"  # noqa: S105 - a documented demo login, overridable from the environment


@dataclass(frozen=True)
class DemoAccount:
    """One demo login as described to the person running the demo."""

    username: str
    role: str
    first_name: str
    last_name: str
    state: str = ""
    position: str = ""


ACCOUNTS = (
    DemoAccount("staff", Role.STAFF, "Sofia", "Staffer", position="Programme officer, OSRSG-VAC"),
    DemoAccount("viewer", Role.VIEWER, "Valentin", "Viewer", position="Child protection specialist, UNICEF"),
    DemoAccount(
        "kenya",
        Role.FOCAL_POINT,
        "Wanjiru",
        "Kamau",
        state="KEN",
        position="Directorate of Children's Services, Ministry of Labour and Social Protection",
    ),
    DemoAccount(
        "fiji",
        Role.FOCAL_POINT,
        "Litia",
        "Naivalu",
        state="FJI",
        position="Ministry of Women, Children and Social Protection",
    ),
)


@dataclass(frozen=True)
class DemoLogin:
    """A username, the demo password and the role, as printed at the end of the load."""

    username: str
    password: str
    role: str


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


def load_accounts(ctx: DemoContext) -> tuple[dict[str, User], list[DemoLogin]]:
    """Create the demo users; a password is set only at creation, so a changed one is kept."""
    password = demo_password()
    users: dict[str, User] = {}
    for account in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=account.username,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "email": f"{account.username}@demo.example.org",
                "role": account.role,
                "is_staff": account.role == Role.STAFF,
                "member_state": ctx.states.get(account.state),
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
            ctx.written["User created"] += 1
        users[account.username] = user
        if account.state:
            ctx.upsert(
                Contact,
                {"user": user},
                {
                    "name": f"{account.first_name} {account.last_name}",
                    "position": account.position,
                    "member_state": ctx.states[account.state],
                    "email": user.email,
                    "is_focal_point": True,
                },
            )
    logins = [DemoLogin(account.username, password, account.role) for account in ACCOUNTS]
    return users, logins
