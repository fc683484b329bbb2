"""Create the local administrator, or reset its password, from a password given in the environment."""

import os

from django.core.management.base import BaseCommand, CommandError

from engagement.models import User


class Command(BaseCommand):
    help = "Create or update a superuser whose password is read from $ADMIN_PASSWORD."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="admin@localhost")
        parser.add_argument("--password-from-env", action="store_true", required=True)

    def handle(self, *args, username, email, **options):
        password = os.environ.get("ADMIN_PASSWORD")
        if not password:
            raise CommandError("Set ADMIN_PASSWORD.")
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": email, "role": "staff"}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        user.role = "staff"
        user.set_password(password)
        user.save()
        self.stdout.write(f"{'Created' if created else 'Updated'} superuser {username}.")
