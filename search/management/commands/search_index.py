from django.core.management.base import BaseCommand, CommandError

from search import services
from search.indexing import SOURCES


class Command(BaseCommand):
    help = "Rebuild the search indices with an atomic alias swap, or drain pending changes."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--rebuild", action="store_true", help="build new indices and swap the aliases")
        group.add_argument("--drain", action="store_true", help="index pending outbox entries now")
        parser.add_argument(
            "--kind", choices=sorted(SOURCES), action="append", help="only this kind (repeatable)"
        )

    def handle(self, *args, **options):
        try:
            if options["drain"]:
                done = services.outbox_drain(refresh=True)
                self.stdout.write(f"{done} Änderungen indexiert.")
                return
            counts = services.index_rebuild(kinds=options["kind"], progress=self._progress)
        except services.SearchUnavailable as exc:
            raise CommandError(f"Suchserver nicht erreichbar: {exc}") from exc
        for kind, count in counts.items():
            self.stdout.write(self.style.SUCCESS(f"{kind}: {count} Dokumente indexiert, Alias umgestellt."))

    def _progress(self, kind: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        self.stdout.write(f"\r{kind:<10} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        if done >= total:
            self.stdout.write("")
        self.stdout.flush()
