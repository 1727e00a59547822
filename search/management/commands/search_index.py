from django.core.management.base import BaseCommand, CommandError

from search.check import index_check
from search.client import SearchUnavailable
from search.documents import DOCUMENTS
from search.drain import outbox_drain, outbox_pending_count
from search.rebuild import index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the search indices with an atomic alias swap, drain pending changes, or compare "
        "database and index and repair the drift (--check; with --dry-run only report)."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--rebuild", action="store_true", help="build new indices and swap the aliases")
        group.add_argument("--drain", action="store_true", help="index pending outbox entries now")
        group.add_argument(
            "--check", action="store_true", help="compare database and index; repair missing/stale/orphaned"
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="with --check: only report, change nothing (exit 1 on drift)",
        )
        parser.add_argument(
            "--kind", choices=sorted(DOCUMENTS), action="append", help="only this kind (repeatable)"
        )

    def handle(self, *args, **options):
        if options["dry_run"] and not options["check"]:
            raise CommandError("--dry-run gehört zu --check.")
        try:
            if options["drain"]:
                done = outbox_drain(refresh=True)
                self.stdout.write(f"{done} Änderungen indexiert.")
                return
            if options["check"]:
                self._check(kinds=options["kind"], repair=not options["dry_run"])
                return
            counts = index_rebuild(kinds=options["kind"], progress=self._progress)
        except SearchUnavailable as exc:
            raise CommandError(f"Suchserver nicht erreichbar: {exc}") from exc
        for kind, count in counts.items():
            self.stdout.write(self.style.SUCCESS(f"{kind}: {count} Dokumente indexiert, Alias umgestellt."))

    def _check(self, *, kinds, repair: bool) -> None:
        drifts = index_check(kinds=kinds, repair=repair, progress=self._progress)
        for drift in drifts:
            line = (
                f"{drift.kind}: {drift.in_database} in der Datenbank, {drift.in_index} im Index; "
                f"fehlend {len(drift.missing)}, veraltet {len(drift.stale)}, verwaist {len(drift.orphaned)}"
            )
            if not drift:
                self.stdout.write(self.style.SUCCESS(f"{line} – in Ordnung."))
                continue
            for label, ids in (
                ("fehlend", drift.missing),
                ("veraltet", drift.stale),
                ("verwaist", drift.orphaned),
            ):
                if ids:
                    shown = ", ".join(str(i) for i in ids[:20]) + (" …" if len(ids) > 20 else "")
                    self.stdout.write(f"  {label}: {shown}")
            self.stdout.write(
                self.style.WARNING(f"{line} – {'repariert' if drift.repaired else 'nicht repariert'}.")
            )
        pending = outbox_pending_count()
        if pending:
            self.stdout.write(f"{pending} Änderungen warten noch im Outbox.")
        if not repair and any(drifts):
            raise CommandError("Index und Datenbank weichen ab (--dry-run: nichts geändert).")

    def _progress(self, kind: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        self.stdout.write(f"\r{kind:<10} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        if done >= total:
            self.stdout.write("")
        self.stdout.flush()
