from django.core.management.base import BaseCommand

from cms.setup import site_setup


class Command(BaseCommand):
    help = "Create what a fresh installation needs besides migrations: page tree, workflow, groups."

    def handle(self, *args, **options):
        home, index, _editors = site_setup()
        self.stdout.write(
            self.style.SUCCESS(f"Seitenbaum, Prüf-Workflow und Gruppen bereit ({home.url}, {index.url}).")
        )
