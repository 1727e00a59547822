"""Which archives `manage.py backup` keeps: the newest of each of the last N days and of each of the
last M ISO weeks (BACKUP_KEEP_DAILY, BACKUP_KEEP_WEEKLY)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cms.ops.backup import archive_name, archives, backups_prune, retention_keep

START = datetime(2026, 11, 2, 2, 30, tzinfo=UTC)  # a Monday


def nightly(days: int) -> list[datetime]:
    return [START + timedelta(days=day) for day in range(days)]


def test_keeps_last_days_and_one_per_week():
    moments = nightly(40)  # 2 Nov .. 11 Dec
    keep = retention_keep(moments, daily=7, weekly=4)
    last_seven = set(moments[-7:])
    assert last_seven <= keep
    # the newest of each of the last four ISO weeks: the Sundays before and the last night
    weekly = keep - last_seven
    assert {m.strftime("%a %d.%m.") for m in weekly} == {"Sun 22.11.", "Sun 29.11."}
    assert len(keep) == 9 and min(keep) == datetime(2026, 11, 22, 2, 30, tzinfo=UTC)


def test_several_archives_a_day_keep_the_newest():
    moments = [START, START + timedelta(hours=5), START + timedelta(days=1)]
    assert retention_keep(moments, daily=2, weekly=0) == {moments[1], moments[2]}


def test_nothing_kept_with_zero():
    assert retention_keep(nightly(3), daily=0, weekly=0) == set()


def test_prune_deletes_archives_and_their_checksums(tmp_path):
    for moment in nightly(10):
        (tmp_path / archive_name(moment)).write_bytes(b"x")
        (tmp_path / (archive_name(moment) + ".sha256")).write_text("x")
    (tmp_path / "notes.txt").write_text("not an archive: stays")

    deleted = backups_prune(directory=tmp_path, daily=3, weekly=2)

    kept = [moment for moment, _ in archives(tmp_path)]
    # the last three nights, and Sunday 8 Nov as the newest of the week before (ISO week 45)
    assert kept == [nightly(10)[6], *nightly(10)[-3:]]
    assert len(deleted) == 10 - len(kept)
    assert all(not path.exists() and not path.with_name(path.name + ".sha256").exists() for path in deleted)
    assert (tmp_path / "notes.txt").exists()
