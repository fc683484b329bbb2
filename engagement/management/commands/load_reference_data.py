"""Load the shipped reference data: Member States, regions, organizations, vocabularies, indicators."""

from django.core.management.base import BaseCommand

from engagement.services import reference_data_load


class Command(BaseCommand):
    help = "Load the reference data shipped with the project (idempotent)."

    def handle(self, *args, **options):
        counts = reference_data_load()
        if not counts.created and not counts.updated:
            self.stdout.write("Reference data already up to date.")
            return
        for table, number in sorted(counts.created.items()):
            self.stdout.write(f"created {number} {table}")
        for table, number in sorted(counts.updated.items()):
            self.stdout.write(f"updated {number} {table}")
