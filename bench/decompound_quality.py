"""Which vocabulary should the German compound splitter use? Split quality, memory and load time.

Plain Python, no Django, no database. Every candidate splits the same list of words from the
network's domain (DOMAIN.md): compounds with the split(s) a person would accept, and words that
are no compounds (prefixed verbs and nouns a naive splitter cuts into nonsense, lexicalised words).

    uv run python bench/decompound_quality.py
    # with the alternatives that are not project dependencies (they come from PyPI, no data download):
    uv run --with german-nouns==1.2.5 --with compound-split==1.0.2 python bench/decompound_quality.py

Candidates (a missing optional package is reported and skipped):
- domain list only: ``search/lexicon_de.txt`` as before this change;
- domain list + wordfreq ``large_de`` at several Zipf thresholds (the project's splitter);
- domain list + german-nouns (Wiktionary nouns with all inflected forms; no frequencies, so a
  known noun is never split by it) through the same splitter;
- german-nouns' own ``parse_compound`` and compound-split (CharSplit, n-gram statistics), as shipped.

Precision: correct splits / all splits made (a split of a non-compound is a wrong split).
Recall: correct splits / compounds. Memory: resident memory the loaded candidate adds (VmRSS after
minus before, each candidate in a fresh interpreter).
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search.compounds import (
    Decompounder,
    fold,
    load_general_vocabulary,
    load_lexicon,
)

# Compound -> accepted top-level splits ("|" separates alternatives). Only words of the domain.
COMPOUNDS = {
    # the four of the issue: unknown to the domain list
    "Geiselnahmeübung": "geiselnahme übung",
    "Schichtübergabe": "schicht übergabe",
    "Brandschutzhelfer": "brandschutz helfer",
    "Besucherlenkung": "besucher lenkung",
    # more words of the field the domain list does not cover
    "Schlichtungsgespräch": "schlichtung gespräch",
    "Kundenkontakt": "kunde kontakt",
    "Bürgerkontakt": "bürger kontakt",
    "Lagebild": "lage bild",
    "Zugbegleiter": "zug begleiter",
    "Hassrede": "hass rede",
    "Rückzugsraum": "rückzug raum",
    "Fahrscheinkontrolle": "fahrschein kontrolle",
    "Versorgungsamt": "versorgung amt",
    "Standesamt": "stand amt",
    "Sachbearbeiter": "sache bearbeiter",
    "Beschwerdemanagement": "beschwerde management",
    "Schutzausstattung": "schutz ausstattung",
    "Personalversammlung": "personal versammlung",
    "Fallbesprechung": "fall besprechung",
    "Ersthelferausbildung": "ersthelfer ausbildung",
    "Beleidigungsdelikt": "beleidigung delikt",
    "Türspion": "tür spion",
    "Empfangstresen": "empfang tresen",
    "Täterprofil": "täter profil",
    "Bauaufsicht": "bau aufsicht",
    "Stadtkasse": "stadt kasse",
    "Zulassungsstelle": "zulassung stelle",
    "Mandatsträger": "mandat träger",
    "Kommunalverwaltung": "kommunal verwaltung",
    "Präventionsnetzwerk": "prävention netzwerk",
    "Präventionsleitfaden": "prävention leitfaden",
    "Gewaltschutzkonzept": "gewalt schutz konzept|gewaltschutz konzept",
    "Eigensicherung": "eigen sicherung",
    "Wachdienst": "wach dienst|wache dienst",
    "Streifendienst": "streife dienst",
    "Notfallübung": "notfall übung",
    "Amoklaufübung": "amok lauf übung|amoklauf übung",
    "Räumungsübung": "räumung übung",
    "Evakuierungsplan": "evakuierung plan",
    "Sicherheitsbeauftragte": "sicherheit beauftragte",
    "Pfefferspray": "pfeffer spray",
    "Landesverwaltung": "land verwaltung|landes verwaltung",
    "Gerichtsvollzieherin": "gericht vollzieherin|gerichtsvollzieher",
    # in the domain list today (must keep working)
    "Schulkennzeichnung": "schule kennzeichnung",
    "Ordnungsamt": "ordnung amt",
    "Gefährdungsbeurteilung": "gefährdung beurteilung",
    "Justizvollzugsanstalt": "justiz vollzug anstalt",
    "Hausverbot": "haus verbot",
    "Einsatzkräfte": "einsatz kraft|einsatz kräfte",
    "Personennahverkehr": "person nahverkehr|personen nahverkehr",
    "Deeskalationstraining": "deeskalation training",
    "Notrufknopf": "notruf knopf",
    "Doppelbesetzung": "doppel besetzung",
    "Auskunftssystem": "auskunft system",
    "Sachbeschädigung": "sache beschädigung",
}

# Words that are no compounds: prefixed verbs and nouns, lexicalised words, -schaft/-heit nouns.
NON_COMPOUNDS = """
    Beamte Beamter Beamtin Verbrauch Angebot Betreuung Anlage Bereich Gebäude Verwaltung Erziehung
    Vollzug Beleidigung Notruf Bedrohung Nötigung Belästigung Übergriff Überfall Vorsorge Nachsorge
    Einsatz Ausweis Anzeige Unterkunft Unterricht Verletzung Beratung Verantwortung Aufsicht
    Ermittlung Gesellschaft Wirtschaft Kriminalität Sicherheit Mitarbeiter Beschäftigte Angestellte
    Abteilung Ausländer Ereignis Verkehr Versammlung Vertrauen Verbot Gericht Verfahren Unternehmen
    Überwachung Hinweis Gewalt Polizei Kennzeichnung Orientierung Prävention Begleitung Erfahrung
    Vorschrift Erpressung Verleumdung Beschimpfung Aggression Vorgesetzte Personal Kollegin Angriff
    Abwehr Anwalt Anlass Dienstag Samstag Gemeinde Vorstand Leistung Bescheid Behörde Ordnung
    Verordnung Anordnung Zuständigkeit Gesetz Vorgang Eigentum Wohnung Ausnahme Verhalten Bewährung
    Unterstützung Vorbereitung Befragung Besprechung Entscheidung Verständnis Rettung Lehrkraft
""".split()  # noqa: SIM905 - a word list reads better as text


@dataclass
class Candidate:
    name: str
    licence: str
    build: Callable[[], Callable[[str], list[str]]]


def _same(got: list[str], expected: str) -> bool:
    def key(part: str) -> str:
        return fold(part).rstrip("e")

    return [key(p) for p in got] == [key(p) for p in expected.split()]


def _splitter(general: dict | None) -> Callable[[str], list[str]]:
    return Decompounder(load_lexicon(), general).decompose


def _wordfreq(min_zipf: float) -> Callable[[], Callable[[str], list[str]]]:
    return lambda: _splitter(load_general_vocabulary(min_zipf))


def _german_nouns_vocabulary() -> Callable[[str], list[str]]:
    import csv

    from german_nouns.config import CSV_FILE_PATH

    general: dict[str, tuple[str, float]] = {}
    with open(CSV_FILE_PATH, encoding="utf-8") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        forms = [
            i
            for i, name in enumerate(header)
            if i == 0 or name.startswith(("nominativ", "genitiv", "dativ", "akkusativ"))
        ]
        for row in rows:
            if "Substantiv" not in row[1] or any(p in row[1] for p in ("Vorname", "Nachname", "Toponym")):
                continue
            for i in forms:
                word = row[i].strip().lower() if i < len(row) else ""
                if len(word) >= 3 and word.isalpha():
                    general.setdefault(fold(word), (word, 4.0))  # no frequencies: all alike
    return _splitter(general)


WORD_TIME_LIMIT = 2  # seconds; german-nouns' own search takes minutes on some words


class _TooSlow(Exception):
    pass


def _time_limited(split: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
    """A word whose split takes longer than :data:`WORD_TIME_LIMIT` counts as not split."""

    def alarm(signum: int, frame: object) -> None:
        raise _TooSlow

    def limited(word: str) -> list[str]:
        signal.signal(signal.SIGALRM, alarm)
        signal.alarm(WORD_TIME_LIMIT)
        try:
            return split(word)
        except _TooSlow:
            print(f"    (gave up on {word} after {WORD_TIME_LIMIT} s)")
            return []
        finally:
            signal.alarm(0)

    return limited


def _german_nouns_own() -> Callable[[str], list[str]]:
    from german_nouns.lookup import Nouns

    nouns = Nouns()

    def split(word: str) -> list[str]:
        parts = nouns.parse_compound(word)
        return [p.lower() for p in parts] if len(parts) > 1 else []

    return _time_limited(split)


def _char_split() -> Callable[[str], list[str]]:
    from compound_split import char_split

    def split(word: str) -> list[str]:
        score, first, second = char_split.split_compound(word)[0]
        return [first.lower(), second.lower()] if score > 0 else []

    return split


CANDIDATES = [
    Candidate("domain list only (before)", "project", lambda: _splitter(None)),
    Candidate("domain + wordfreq, Zipf ≥ 3.0", "Apache-2.0 code, CC BY-SA 4.0 data", _wordfreq(3.0)),
    Candidate("domain + wordfreq, Zipf ≥ 2.5 (chosen)", "Apache-2.0 code, CC BY-SA 4.0 data", _wordfreq(2.5)),
    Candidate("domain + wordfreq, Zipf ≥ 2.0", "Apache-2.0 code, CC BY-SA 4.0 data", _wordfreq(2.0)),
    Candidate("domain + german-nouns (Wiktionary)", "CC BY-SA 4.0", _german_nouns_vocabulary),
    Candidate("german-nouns parse_compound, as shipped", "CC BY-SA 4.0", _german_nouns_own),
    Candidate("compound-split (CharSplit), as shipped", "GPL-3.0", _char_split),
]


def _rss_mb() -> float:
    """The process's resident memory now (Linux): what a loaded vocabulary keeps."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def evaluate(candidate: Candidate, verbose: bool) -> dict | None:
    gc.collect()
    rss = _rss_mb()
    started = time.perf_counter()
    try:
        split = candidate.build()
    except ImportError as exc:
        print(f"  {candidate.name}: skipped ({exc.name} is not installed)")
        return None
    load = time.perf_counter() - started
    gc.collect()
    memory = _rss_mb() - rss
    correct = wrong = missed = false_splits = 0
    problems: list[str] = []
    started = time.perf_counter()
    for word, accepted in COMPOUNDS.items():
        got = split(word)
        if any(_same(got, a) for a in accepted.split("|")):
            correct += 1
        elif got:
            wrong += 1
            problems.append(f"{word} → {' + '.join(got)} (expected {accepted})")
        else:
            missed += 1
            problems.append(f"{word} stays whole (expected {accepted})")
    for word in NON_COMPOUNDS:
        got = split(word)
        if got:
            false_splits += 1
            problems.append(f"{word} → {' + '.join(got)} (no compound)")
    per_word = (time.perf_counter() - started) / (len(COMPOUNDS) + len(NON_COMPOUNDS)) * 1e6
    made = correct + wrong + false_splits
    if verbose:
        for problem in problems:
            print(f"    {candidate.name}: {problem}")
    return {
        "name": candidate.name,
        "licence": candidate.licence,
        "precision": correct / made if made else 0.0,
        "recall": correct / len(COMPOUNDS),
        "correct": correct,
        "wrong": wrong,
        "missed": missed,
        "false": false_splits,
        "load": load,
        "memory": memory,
        "per_word": per_word,
    }


def _evaluate_nth(index: int, verbose: bool) -> dict | None:
    return evaluate(CANDIDATES[index], verbose)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quiet", action="store_true", help="only the table, not every miss")
    args = parser.parse_args()
    print(f"{len(COMPOUNDS)} compounds, {len(NON_COMPOUNDS)} non-compounds\n")
    # Each candidate in a fresh interpreter, so that its load time and memory are its own.
    spawn = multiprocessing.get_context("spawn")
    rows = []
    for index in range(len(CANDIDATES)):
        with spawn.Pool(1) as pool:
            row = pool.apply(_evaluate_nth, (index, not args.quiet))
        if row is not None:
            rows.append(row)
    print()
    print(
        "| Candidate | precision | recall | correct / wrong / missed | non-compounds split | load | memory"
        " | per word (cold) | licence |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        print(
            f"| {r['name']} | {r['precision']:.2f} | {r['recall']:.2f}"
            f" | {r['correct']} / {r['wrong']} / {r['missed']}"
            f" | {r['false']} of {len(NON_COMPOUNDS)} | {r['load']:.2f} s | {r['memory']:.0f} MB"
            f" | {r['per_word']:.0f} µs | {r['licence']} |"
        )


if __name__ == "__main__":
    main()
