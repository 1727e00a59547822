"""`make run`: start the embedded search server when no ELASTICSEARCH_URL is set, load the demo
content (with --demo), build the index, then serve the site with Django's development server."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from search import embedded


class Command(BaseCommand):
    help = "Start the embedded search server (if needed), rebuild the index and run the dev server."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default=f"127.0.0.1:{os.environ.get('PORT', '8000')}")
        parser.add_argument("--demo", action="store_true", help="load the demo content (idempotent)")

    def handle(self, *args, **options):
        if os.environ.get("RUN_MAIN") != "true":  # not in the autoreloader's child process
            self._start_search()
            if options["demo"]:
                call_command("load_demo")
            call_command("search_index", "--rebuild")
        call_command("runserver", options["addrport"])

    def _start_search(self) -> None:
        url = settings.SEARCH["URL"]
        if settings.SEARCH["EMBEDDED"] and not embedded.is_reachable(url):
            addr = settings.SEARCH_EMBEDDED_ADDR
            try:
                self._server = embedded.start(addr)  # lives as long as this process
            except Exception as exc:
                raise CommandError(
                    f"Eingebetteter Suchserver konnte auf {addr} nicht starten: {exc}"
                ) from exc
            self.stdout.write(self.style.SUCCESS(f"Eingebetteter Suchserver (osmem) läuft auf {url}"))
