"""A deterministic German corpus for the search benchmark, built from the network's domain vocabulary.

Pure Python, no Django: :func:`generate` returns plain data (organisations, people, working groups,
forum categories, practices, threads with their posts) that ``bench/search_bench.py`` loads into a
database. The same seed and sizes always give the same corpus.

    uv run python bench/corpus.py --practices 2000 --threads 20000 --posts 100000 --sample 3

Sizes come from the flags, else from ``BENCH_PRACTICES``/``BENCH_THREADS``/``BENCH_POSTS``, and are
multiplied by ``--scale`` (``BENCH_SCALE``) for quick runs.
"""

from __future__ import annotations

import argparse
import os
import random
from dataclasses import dataclass, field

DEFAULT_PRACTICES = 2_000
DEFAULT_THREADS = 20_000
DEFAULT_POSTS = 100_000
DEFAULT_SEED = 20_260_101

# --- Vocabulary (DOMAIN.md) -------------------------------------------------------------------

TOWNS = [
    "Aachen", "Arnsberg", "Bergisch Gladbach", "Bielefeld", "Bochum", "Bonn", "Borken", "Bottrop",
    "Coesfeld", "Detmold", "Dorsten", "Dortmund", "Duisburg", "Düren", "Düsseldorf", "Essen",
    "Euskirchen", "Gelsenkirchen", "Gütersloh", "Hagen", "Hamm", "Heinsberg", "Herford", "Herne",
    "Höxter", "Iserlohn", "Kleve", "Köln", "Krefeld", "Leverkusen", "Lippstadt", "Lüdenscheid",
    "Lünen", "Marl", "Mettmann", "Minden", "Moers", "Mönchengladbach", "Münster", "Neuss",
    "Oberhausen", "Olpe", "Paderborn", "Ratingen", "Recklinghausen", "Siegburg", "Siegen", "Soest",
    "Solingen", "Steinfurt", "Troisdorf", "Unna", "Velbert", "Viersen", "Warendorf", "Wesel",
    "Witten", "Wuppertal",
]  # fmt: skip
KREISE = [
    "Kreis Borken", "Kreis Coesfeld", "Kreis Düren", "Kreis Euskirchen", "Kreis Gütersloh",
    "Kreis Heinsberg", "Kreis Herford", "Kreis Höxter", "Kreis Kleve", "Kreis Lippe",
    "Kreis Mettmann", "Kreis Minden-Lübbecke", "Kreis Olpe", "Kreis Paderborn",
    "Kreis Recklinghausen", "Kreis Siegen-Wittgenstein", "Kreis Soest", "Kreis Steinfurt",
    "Kreis Unna", "Kreis Viersen", "Kreis Warendorf", "Kreis Wesel", "Märkischer Kreis",
    "Oberbergischer Kreis", "Rhein-Erft-Kreis", "Rhein-Kreis Neuss", "Rhein-Sieg-Kreis",
]  # fmt: skip
# (name pattern, Organisation.Kind)
ORG_KINDS = [
    ("Stadt {town}", "kommune"),
    ("Polizeipräsidium {town}", "polizei"),
    ("Jobcenter {town}", "kommune"),
    ("Berufsfeuerwehr {town}", "kommune"),
    ("Gesamtschule {town}", "schule"),
    ("Stadtwerke {town}", "sonstige"),
    ("Amtsgericht {town}", "landesbehoerde"),
    ("Finanzamt {town}", "landesbehoerde"),
]
REGIONS = ["arnsberg", "detmold", "duesseldorf", "koeln", "muenster"]

# (short name for titles, phrase usable after "die Maßnahme"/in quotes)
MEASURES = [
    "Deeskalationstraining",
    "Gefährdungsbeurteilung",
    "Notrufknopf",
    "Alarmierungssystem",
    "Hausverbot",
    "Doppelbesetzung",
    "Bodycam",
    "Nachsorgekonzept",
    "Meldesystem",
    "Schulkennzeichnung",
    "Kennzeichnung von Gebäuden",
    "Grundsatzerklärung gegen Gewalt",
    "Sicherheitskonzept",
    "Zugangskontrolle",
    "Sicherheitsschulung",
    "kollegiale Erstbetreuung",
    "Notfallmanagement",
    "Melde- und Auskunftssystem",
    "Deeskalationsleitfaden",
    "Fluchtwegekonzept",
    "Sicherheitsdienst am Empfang",
    "Orientierungsschilder für Einsatzkräfte",
    "Interventionstraining",
    "Opferschutzberatung",
]
TARGETS = [
    "Mitarbeiter:innen",
    "Mitarbeiter*innen",
    "MitarbeiterInnen",
    "Beschäftigte",
    "Sachbearbeiter:innen",
    "Lehrkräfte",
    "Einsatzkräfte",
    "Führungskräfte",
    "Vollziehungsbeamt:innen",
    "Rettungssanitäter:innen",
    "Kolleg:innen im Außendienst",
    "Mandatsträgerinnen und Mandatsträger",
    "Auszubildende",
    "Pförtner:innen",
]
UNITS = [
    "im Bürgerbüro",
    "im Jobcenter",
    "in der Ausländerbehörde",
    "im Sozialamt",
    "im Kommunalen Ordnungsdienst (KOD)",
    "in der JVA",
    "im Rettungsdienst",
    "an Schulen",
    "im ÖPNV",
    "in der Stadtkasse",
    "im Vollstreckungsaußendienst",
    "in der Kfz-Zulassungsstelle",
    "im Standesamt",
    "in der Leitstelle",
    "im Jugendamt",
    "in der Bauaufsicht",
    "bei der Feuerwehr",
    "im Finanzamt",
]
INCIDENTS = [
    "Beleidigungen",
    "Bedrohungen",
    "Nötigung",
    "körperliche Angriffe",
    "Sachbeschädigungen",
    "Hausfriedensbruch",
    "sexuelle Belästigung",
    "Hass im Netz",
    "verbale Aggression",
    "Übergriffe",
    "digitale Gewalt",
]
PHASES = ["Vorsorge", "Handeln im Vorfall", "Nachsorge"]
PARTNERS = [
    "dem Personalrat",
    "der Datenschutzbeauftragten",
    "der Polizei",
    "der Unfallkasse NRW",
    "dem betrieblichen Gesundheitsmanagement",
    "der Fachkraft für Arbeitssicherheit",
    "der Gleichstellungsbeauftragten",
    "dem Krisenstab",
]
MODELS = ["Gütersloher Modell", "Aachener Modell", "BIUS-Konzept", "AMBOSafe-Befragung"]
DURATIONS = ["drei Monaten", "sechs Monaten", "einem Jahr", "zwei Jahren", "wenigen Wochen"]
COSTS = ["geringe Sachkosten", "rund 5.000 Euro", "keine zusätzlichen Kosten", "einmalig 20.000 Euro"]

PRACTICE_TITLES = [
    "{measure} {unit} {town}",
    "{measure} für {target} {unit}",
    "Einführung: {measure} in {town}",
    "{model}: {measure} {unit}",
    "{measure} gegen {incident}",
    "Pilotprojekt {measure} {unit} {town}",
]
PRACTICE_SENTENCES = [
    "Seit {year} setzt die {org} die Maßnahme „{measure}“ {unit} ein.",
    "Ausgangspunkt waren wiederholte Vorfälle ({incident}) gegenüber {target} {unit}.",
    "Ziel ist es, {target} besser zu schützen und Vorfälle wie {incident} schneller zu erkennen.",
    "Die Umsetzung erfolgte gemeinsam mit {partner} und war nach {duration} abgeschlossen.",
    "Für die Phase „{phase}“ wurde ein eigener Ablauf beschrieben, den alle {target} kennen.",
    "Die Maßnahme orientiert sich am {model} und wurde an die Bedingungen vor Ort angepasst.",
    "Entstanden sind {cost}; der Personalaufwand ist überschaubar.",
    "Nach der Einführung meldeten {target} deutlich mehr Vorfälle, vor allem {incident}.",
    "Wichtig war die frühe Abstimmung mit {partner} und eine angepasste Dienstvereinbarung.",
    "Der Baustein „{measure2}“ ergänzt das Konzept, insbesondere mit Blick auf {incident}.",
    "Die Erfahrungen aus {town} lassen sich auf andere Kommunen in NRW übertragen.",
    "Alle neuen {target} lernen den Baustein „{measure2}“ im ersten Dienstjahr kennen.",
    "Die Gefährdungsbeurteilung wird jährlich überprüft und bei Bedarf ergänzt.",
    "Im Notfall alarmieren {target} über den Notrufknopf die Kolleg:innen im Nachbarbüro.",
]
STEP_TITLES = [
    "Bestandsaufnahme und Gefährdungsbeurteilung",
    "Beteiligung von Personalrat und Datenschutz",
    "Schulung der Beschäftigten",
    "Technische Umsetzung",
    "Auswertung und Evaluation",
    "Nachsorge und kollegiale Unterstützung",
]
THREAD_TITLES = [
    "Erfahrungen mit {measure} {unit}?",
    "Wie dokumentiert ihr {incident} {unit}?",
    "{measure}: Kosten und Aufwand",
    "Suche Ansprechperson für {measure} in {town}",
    "{incident} gegenüber {target} – was hilft?",
    "Frage zum {model}",
    "Dienstvereinbarung für {measure}",
    "Austausch: {phase} nach {incident}",
    "Wer hat Erfahrung mit {measure} im Außendienst?",
    "{measure} {unit} {town} – Rückmeldungen erwünscht",
]
POST_SENTENCES = [
    "Wir haben {unit} in {town} gute Erfahrungen mit „{measure}“ gemacht.",
    "Bei uns häufen sich Meldungen zum Thema {incident}, vor allem von {target}.",
    "Hat jemand eine Vorlage für die Dienstvereinbarung mit {partner}?",
    "Die Einführung war bei uns nach {duration} abgeschlossen.",
    "Wichtig ist aus unserer Sicht, dass {target} die Abläufe regelmäßig üben.",
    "Wir arbeiten nach dem {model}, das lässt sich gut anpassen.",
    "Angefallen sind {cost}, der größere Aufwand war die Schulung.",
    "Könnt ihr etwas zum Thema {phase} sagen? Da sind wir noch unsicher.",
    "Ohne die Abstimmung mit {partner} wäre das bei uns nicht gegangen.",
    "Den Baustein „{measure2}“ würde ich auf jeden Fall ergänzen.",
    "Danke für den Hinweis, das schauen wir uns für {unit} an.",
    "Unsere {target} melden Vorfälle inzwischen über das Meldesystem.",
    "Das Deeskalationstraining sollte jedes Jahr aufgefrischt werden.",
    "Gibt es dazu schon eine Auswertung oder Evaluation?",
    "Bei uns {unit} ist das noch in der Pilotphase.",
]
WORKING_GROUPS = [
    "AG Meldesysteme",
    "AG Deeskalation",
    "AG Schulen",
    "AG Rettungsdienst",
    "AG Digitale Gewalt",
]
# (name, restricted to working group index or None)
CATEGORIES = [
    ("Allgemeiner Austausch", None),
    ("Prävention und Vorsorge", None),
    ("Vorfälle und Nachsorge", None),
    ("Bauliche und technische Maßnahmen", None),
    ("Schulungen und Trainings", None),
    ("Recht und Dienstvereinbarungen", None),
    ("Meldesysteme intern", 0),
    ("Schulen und Kennzeichnung", 2),
]
FIRST_NAMES = ["Anna", "Jonas", "Fatma", "Lukas", "Marie", "Mehmet", "Sophie", "Paul", "Lea", "Tim"]
LAST_NAMES = ["Becker", "Yilmaz", "Schmitz", "Hoffmann", "Wagner", "Nowak", "Krüger", "Schulz"]


# --- Data -------------------------------------------------------------------------------------


@dataclass
class Practice:
    title: str
    summary: str
    paragraphs: list[str]
    steps: list[tuple[str, str]]
    organisation: int  # index into Corpus.organisations
    audience: str
    group: int | None
    year: int
    status: str
    region: str


@dataclass
class Thread:
    title: str
    category: int
    author: int
    practice: int | None
    posts: list[tuple[int, str]] = field(default_factory=list)  # (author index, markdown body)


@dataclass
class Corpus:
    seed: int
    organisations: list[tuple[str, str, str]]  # (name, kind, region)
    users: list[tuple[str, str, str, int]]  # (email, first, last, organisation index)
    working_groups: list[str]
    categories: list[tuple[str, int | None]]
    practices: list[Practice]
    threads: list[Thread]

    @property
    def post_count(self) -> int:
        return sum(len(t.posts) for t in self.threads)

    def sizes(self) -> dict[str, int]:
        return {
            "organisations": len(self.organisations),
            "users": len(self.users),
            "practices": len(self.practices),
            "threads": len(self.threads),
            "posts": self.post_count,
        }


@dataclass(frozen=True)
class Sizes:
    practices: int
    threads: int
    posts: int

    @classmethod
    def scaled(cls, practices: int, threads: int, posts: int, scale: float) -> Sizes:
        p, t = max(1, round(practices * scale)), max(1, round(threads * scale))
        return cls(p, t, max(t, round(posts * scale)))


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def slots(self, **fixed: str) -> dict[str, str]:
        r = self.rng
        measure = fixed.get("measure") or r.choice(MEASURES)
        values = {
            "measure": measure,
            "measure2": r.choice([m for m in MEASURES if m != measure]),
            "target": r.choice(TARGETS),
            "unit": r.choice(UNITS),
            "town": r.choice(TOWNS),
            "incident": r.choice(INCIDENTS),
            "phase": r.choice(PHASES),
            "partner": r.choice(PARTNERS),
            "model": r.choice(MODELS),
            "duration": r.choice(DURATIONS),
            "cost": r.choice(COSTS),
            "year": str(r.randint(2012, 2025)),
            "org": "Stadtverwaltung",
        }
        values.update(fixed)
        return values

    def sentence(self, templates: list[str], slots: dict[str, str]) -> str:
        text = self.rng.choice(templates).format(**slots)
        return text[0].upper() + text[1:]

    def sentences(self, templates: list[str], slots: dict[str, str], n: int) -> str:
        # fresh incidental slots per sentence, the topic (measure, unit, town) stays
        keep = {k: slots[k] for k in ("measure", "unit", "town", "org")}
        return " ".join(self.sentence(templates, self.slots(**keep)) for _ in range(n))


def generate(sizes: Sizes, seed: int = DEFAULT_SEED) -> Corpus:
    rng = random.Random(seed)
    w = _Writer(rng)

    # organisations: kinds x towns, plus the districts; about one per eight practices (>= 12)
    candidates = [(kind.format(town=t), k) for t in TOWNS for kind, k in ORG_KINDS]
    candidates += [(k, "kreis") for k in KREISE]
    rng.shuffle(candidates)
    n_orgs = min(len(candidates), max(12, sizes.practices // 8))
    organisations = [(name, kind, rng.choice(REGIONS)) for name, kind in candidates[:n_orgs]]

    n_users = max(10, min(2_000, sizes.threads // 10))
    users = []
    for i in range(n_users):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        users.append((f"person{i}@bench.example", first, last, rng.randrange(n_orgs)))

    practices: list[Practice] = []
    titles: set[str] = set()
    for i in range(sizes.practices):
        org = rng.randrange(n_orgs)
        org_name = organisations[org][0]
        slots = w.slots(org=org_name)
        title = w.sentence(PRACTICE_TITLES, slots)
        if title in titles:
            title = f"{title} ({i})"
        titles.add(title)
        audience = rng.choices(["members", "public", "groups"], weights=[70, 20, 10])[0]
        practices.append(
            Practice(
                title=title,
                summary=w.sentences(PRACTICE_SENTENCES, slots, 2),
                paragraphs=[w.sentences(PRACTICE_SENTENCES, slots, rng.randint(3, 5)) for _ in range(3)],
                steps=[
                    (s, w.sentences(PRACTICE_SENTENCES, slots, 2))
                    for s in rng.sample(STEP_TITLES, rng.randint(2, 4))
                ],
                organisation=org,
                audience=audience,
                group=rng.randrange(len(WORKING_GROUPS)) if audience == "groups" else None,
                year=int(slots["year"]),
                status=rng.choice(["idea", "pilot", "operation", "evaluated"]),
                region=organisations[org][2],
            )
        )

    threads: list[Thread] = []
    for _ in range(sizes.threads):
        slots = w.slots()
        thread = Thread(
            title=w.sentence(THREAD_TITLES, slots)[:200],
            category=rng.choices(range(len(CATEGORIES)), weights=[6, 4, 4, 3, 3, 2, 1, 1])[0],
            author=rng.randrange(n_users),
            practice=rng.randrange(sizes.practices) if rng.random() < 0.1 else None,
        )
        thread.posts.append((thread.author, w.sentences(POST_SENTENCES, slots, rng.randint(2, 5))))
        threads.append(thread)
    # the remaining posts go to the threads with a long tail (a few long discussions, many short)
    weights = [rng.paretovariate(1.8) for _ in threads]
    for t in rng.choices(range(len(threads)), weights=weights, k=sizes.posts - sizes.threads):
        thread = threads[t]
        slots = w.slots()
        body = w.sentences(POST_SENTENCES, slots, rng.randint(1, 4))
        if rng.random() < 0.15:
            body = f"> {thread.posts[-1][1][:120]}\n\n{body}"
        thread.posts.append((rng.randrange(n_users), body))

    return Corpus(
        seed=seed,
        organisations=organisations,
        users=users,
        working_groups=list(WORKING_GROUPS),
        categories=list(CATEGORIES),
        practices=practices,
        threads=threads,
    )


def add_size_arguments(parser: argparse.ArgumentParser) -> None:
    env = os.environ.get
    parser.add_argument("--practices", type=int, default=int(env("BENCH_PRACTICES", DEFAULT_PRACTICES)))
    parser.add_argument("--threads", type=int, default=int(env("BENCH_THREADS", DEFAULT_THREADS)))
    parser.add_argument("--posts", type=int, default=int(env("BENCH_POSTS", DEFAULT_POSTS)))
    parser.add_argument(
        "--scale",
        type=float,
        default=float(env("BENCH_SCALE", "1")),
        help="multiply all counts (0.1 for a quick run)",
    )
    parser.add_argument("--seed", type=int, default=int(env("BENCH_SEED", DEFAULT_SEED)))


def sizes_from_args(args: argparse.Namespace) -> Sizes:
    return Sizes.scaled(args.practices, args.threads, args.posts, args.scale)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_size_arguments(parser)
    parser.add_argument("--sample", type=int, default=2, help="print this many practices and threads")
    args = parser.parse_args()
    corpus = generate(sizes_from_args(args), seed=args.seed)
    print(corpus.sizes())
    for p in corpus.practices[: args.sample]:
        print(f"\n# {p.title}\n{p.summary}\n\n" + "\n\n".join(p.paragraphs))
    for t in corpus.threads[: args.sample]:
        print(f"\n## {t.title}\n" + "\n---\n".join(body for _, body in t.posts))


if __name__ == "__main__":
    main()
