"""python manage.py restore ARCHIVE [--check] [--replace] [--noinput] [--skip-index]: check an archive
of `manage.py backup` and restore it into an empty installation, then rebuild the search index.
README.md, "Backup and restore"."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cms.ops.restore import ArchiveInvalid, RestoreRefused, archive_verify, backup_restore


class Command(BaseCommand):
    help = (
        "Prüft eine Sicherung vollständig (Prüfsumme jeder Datei) und spielt sie in eine leere "
        "Installation ein: Datenbank, Medien, Forenanhänge; danach wird der Suchindex neu aufgebaut."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="sid-backup-….tar.gz")
        parser.add_argument("--check", action="store_true", help="nur prüfen, nichts verändern")
        parser.add_argument(
            "--replace", action="store_true", help="auch in eine Installation mit Daten (ersetzt alles)"
        )
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument("--skip-index", action="store_true", help="Suchindex nicht neu aufbauen")

    def handle(
        self, *args, archive: Path, check: bool, replace: bool, interactive: bool, skip_index: bool, **options
    ):
        try:
            if check:
                manifest = archive_verify(archive)
                files, created = len(manifest["files"]), manifest["created_at"]
                self.stdout.write(f"Sicherung in Ordnung: {files} Dateien, erstellt {created}.")
                return
            if interactive and replace:
                answer = input("Alle Daten dieser Installation werden ersetzt. Fortfahren? [ja/nein] ")
                if answer.strip().lower() not in {"ja", "j", "yes", "y"}:
                    raise CommandError("Abgebrochen, nichts wurde verändert.")
            manifest = backup_restore(archive, replace=replace)
        except (ArchiveInvalid, RestoreRefused) as exc:
            raise CommandError(f"{exc} Es wurde nichts verändert.") from exc
        self.stdout.write(
            f"Wiederhergestellt: {len(manifest['files'])} Dateien vom {manifest['created_at']}."
        )
        if skip_index:
            self.stdout.write("Suchindex nicht neu aufgebaut: python manage.py search_index --rebuild")
            return
        try:
            call_command("search_index", "--rebuild", stdout=self.stdout, stderr=self.stderr)
        except Exception as exc:
            raise CommandError(
                f"Daten und Dateien sind wiederhergestellt, der Suchindex nicht ({type(exc).__name__}). "
                "Sobald der Suchserver erreichbar ist: python manage.py search_index --rebuild"
            ) from exc
        self.stdout.write("Suchindex neu aufgebaut.")
