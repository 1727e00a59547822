"""python manage.py backup [--dir DIR] [--no-prune]: one archive with database, media and private
files (cms/ops/backup.py), then the retention rule. README.md, "Backup and restore"."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cms.ops.backup import backup_create, backups_prune


class Command(BaseCommand):
    help = (
        "Sichert Datenbank, Medien (Dokumente, Bilder) und Forenanhänge in ein datiertes Archiv mit "
        "Prüfsummen und löscht danach ältere Archive nach BACKUP_KEEP_DAILY/BACKUP_KEEP_WEEKLY."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=None, help="Zielverzeichnis (Standard: BACKUP_DIR)")
        parser.add_argument("--no-prune", action="store_true", help="ältere Archive nicht löschen")

    def handle(self, *args, dir: Path | None, no_prune: bool, **options):
        directory = dir or Path(settings.BACKUP_DIR)
        result = backup_create(directory=directory)
        self.stdout.write(
            f"Sicherung geschrieben: {result.path} ({result.files} Dateien, {result.size} Bytes)"
        )
        if not no_prune:
            for path in backups_prune(directory=directory):
                self.stdout.write(f"Gelöscht (Aufbewahrungsregel): {path.name}")
