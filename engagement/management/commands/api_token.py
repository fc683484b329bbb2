"""Print a new API token for an account, making the account first if asked (CI, scripts)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken

from engagement.choices import Role
from engagement.models import MemberState, User


class Command(BaseCommand):
    help = "Print a new knox API token for USERNAME (only the token, on stdout)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--create-as",
            choices=Role.values,
            help="Make the account with this role when it does not exist (no usable password).",
        )
        parser.add_argument("--member-state", help="ISO3 code of a new focal point's State.")

    def handle(self, *args, username, create_as, member_state, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            if not create_as:
                raise CommandError(f"No account named {username!r}; pass --create-as to make one.")
            user = self._create(username, create_as, member_state)
        if not user.is_active:
            raise CommandError(f"The account {username!r} is deactivated.")
        _, token = AuthToken.objects.create(user)
        self.stdout.write(token)

    def _create(self, username: str, role: str, iso3: str | None) -> User:
        state = None
        if role == Role.FOCAL_POINT:
            state = MemberState.objects.filter(iso3=(iso3 or "").upper()).first()
            if state is None:
                raise CommandError("A focal point needs --member-state with a known ISO3 code.")
        user = User(
            username=username,
            email=f"{username}@localhost",
            role=role,
            member_state=state,
            is_staff=role == Role.STAFF,
        )
        user.set_unusable_password()
        user.save()
        return user
