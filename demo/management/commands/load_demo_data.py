"""Load the demo data (idempotent) and print the demo logins."""

from django.core.management.base import BaseCommand

from demo.load import demo_data_load


class Command(BaseCommand):
    help = "Load a realistic demo built from the office's public reports (idempotent); print the logins."

    def handle(self, *args, **options):
        summary = demo_data_load()
        if summary.written:
            for what, number in summary.written.items():
                self.stdout.write(f"{what}: {number}")
        else:
            self.stdout.write("Demo data already up to date.")
        for what, number in summary.figures.items():
            self.stdout.write(f"{number} {what}")
        self.stdout.write("Demo logins (a password is set only when the account is created):")
        for login in summary.logins:
            self.stdout.write(f"  {login.username} / {login.password} ({login.role})")
