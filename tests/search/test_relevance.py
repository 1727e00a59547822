"""German relevance, table-driven, on the embedded search server.

A small realistic corpus of practices and forum threads is built through the real services,
indexed through the outbox, and searched the way members type. Every row states what must come
first, what must be near the top, and what must not be found at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from exchange.access import viewer_for
from exchange.forum import services as forum
from search import drain, queries
from search.models import Synonym
from tests.factories import CategoryFactory, practice_classify, practice_publish

pytestmark = pytest.mark.django_db

PRACTICES = [
    (
        "Kennzeichnung von Schulen",
        "Gütersloher Modell: Orientierungsschilder an Schulen, damit Rettungsdienst und Polizei Räume "
        "schnell finden.",
        "Jeder Raum erhält ein Schild mit einer Nummer, die auch auf dem Gebäudeplan steht.",
    ),
    (
        "Einheitliche Schulkennzeichnung im Kreis",
        "Alle Schulgebäude bekommen Nummern, die Leitstelle kennt sie.",
        "",
    ),
    (
        "Melde- und Auskunftssystem der Stadt Bonn",
        "Beschäftigte erfassen Übergriffe digital; die Auswertung zeigt Schwerpunkte.",
        "Das System wurde mit dem Personalrat und der Datenschutzbeauftragten eingeführt.",
    ),
    ("Meldesystem", "Ein einfaches Formular für Vorfälle im Innendienst.", ""),
    (
        "Erfahrungen mit Vorfallmeldungen",
        "Was nach zwei Jahren gelernt wurde.",
        "Unser Meldesystem wird gut genutzt. Das Meldesystem braucht klare Kategorien.",
    ),
    (
        "Deeskalationstraining",
        "Sachbearbeiter:innen im Jobcenter üben den Umgang mit aufgebrachten Kundinnen und Kunden.",
        "Zwei Tage Training mit Rollenspielen.",
    ),
    (
        "Schutzkonzept für den Wartebereich",
        "Die Bürger*innen warten getrennt vom Arbeitsplatz, Sichtschutz an der Theke.",
        "",
    ),
    ("Angriffe auf Einsatzkräfte", "Lagebild und Schutzausstattung für Rettungsdienst und Feuerwehr.", ""),
    (
        "Kommunaler Ordnungsdienst: Doppelbesetzung im Außendienst",
        "Streifen sind auf der Straße immer zu zweit unterwegs.",
        "",
    ),
    (
        "Gewaltprävention in der Justizvollzugsanstalt",
        "Bedienstete im Justizvollzug trainieren Eigensicherung.",
        "",
    ),
    (
        "Prävention im Bürgerbüro",
        "Baulich-technische Maßnahmen: Notrufknopf am Arbeitsplatz, zweiter Fluchtweg.",
        "",
    ),
    ("Bodycams für Streifen", "Erfahrungen nach einem Jahr im Probebetrieb.", ""),
    ("Alarmierung per Notfallknopf", "Ein stiller Alarm erreicht die Kolleginnen im Nachbarbüro.", ""),
    ("Hausverbot im Jobcenter", "Ablauf, Vorlagen und Zuständigkeiten.", ""),
    (
        "Getrennter Ein- und Ausgang",
        "Besucher kommen durch die eine, gehen durch die andere Tür.",
        "",
    ),
    ("Vor- und Nachsorge nach Übergriffen", "Gespräche, Seelsorge und Begleitung.", ""),
    (
        "Gefährdungsbeurteilung für Publikumsbereiche",
        "Schritt für Schritt mit Checkliste.",
        "",
    ),
    ("Bewertung von Vorfällen", "Welche Fälle gehören in welche Stufe des Aachener Modells?", ""),
    ("Psychosoziale Unterstützung", "Nach einem Übergriff gibt es Beratung und kollegiale Hilfe.", ""),
    ("Zufahrt zum Betriebshof", "Das Tor bleibt nachts geschlossen und ist videoüberwacht.", ""),
    ("Tür mit Knauf statt Klinke", "Von außen lässt sich die Tür nicht öffnen.", ""),
    # compounds the domain list does not know (split with the general vocabulary)
    ("Geiselnahmeübung mit der Polizei", "Einmal im Jahr proben Beschäftigte und Polizei den Ernstfall.", ""),
    ("Schichtübergabe in der Leitstelle", "Eine Checkliste sorgt dafür, dass nichts verloren geht.", ""),
    ("Brandschutzhelfer im Rathaus", "Zehn Prozent der Beschäftigten sind dafür ausgebildet.", ""),
    ("Besucherlenkung im Bürgeramt", "Leitsysteme und Wartemarken verhindern Gedränge am Empfang.", ""),
    ("Lenkung von Besucherströmen", "Wegweiser und Absperrungen bei Großveranstaltungen.", ""),
    ("Übergabe von Fällen zwischen Teams", "Wie Fälle mit Vorgeschichte weitergegeben werden.", ""),
    # words that are no compounds, or not the compound a naive splitter sees
    ("Sicherheitskonzept im Ordnungsamt", "Das Ordnungsamt schützt seine Beschäftigten im Außendienst.", ""),
    ("Pfefferspray im Außendienst", "Der Verbrauch wird jeden Monat dokumentiert.", ""),
]

THREADS = [
    ("Hausverbot durchsetzen – wie macht ihr das?", "Wir sprechen Hausverbote schriftlich aus."),
    ("Bedrohung am Telefon", "Ein Anrufer hat mehrfach gedroht. Wie dokumentiert ihr eine Bedrohung?"),
    ("Sicherheit im öffentlichen Personennahverkehr", "Wer hat Erfahrungen mit Begleitpersonal in Bussen?"),
    ("Erfahrungen im KOD", "Der KOD in Münster arbeitet nachts zu zweit."),
    ("Schutz für Sachbearbeiter im Außendienst", "Vollstreckung an der Haustür, allein oder zu zweit?"),
    ("Messerangriff im Sozialamt", "Nach dem Vorfall wurde der Empfang umgebaut."),
    ("Geiselnahme im Jobcenter – Erfahrungen?", "Nach der Geiselnahme wurde die Nachsorge neu geregelt."),
    ("Übergabe der Schicht im Rettungsdienst", "Wie dokumentiert ihr die Übergabe an die nächste Schicht?"),
]


@dataclass(frozen=True)
class Case:
    query: str
    first: str | None = None  # must be the top result
    near: tuple[str, ...] = ()  # must all be within the top ``len(near) + 1`` (and after ``first``)
    absent: tuple[str, ...] = ()  # must not be found at all
    point: str = ""


CASES = [
    # Inflection (built-in german analyzer)
    Case("Schulen", first="Kennzeichnung von Schulen", point="inflection"),
    Case("Schule", first="Kennzeichnung von Schulen", point="inflection"),
    Case(
        "Angriff",
        first="Angriffe auf Einsatzkräfte",
        near=("Messerangriff im Sozialamt",),
        point="inflection",
    ),
    Case("Angriffen", first="Angriffe auf Einsatzkräfte", point="inflection"),
    Case(
        "Hausverbote",
        near=("Hausverbot im Jobcenter", "Hausverbot durchsetzen – wie macht ihr das?"),
        point="inflection",
    ),
    # Umlaut and ß spellings
    Case("Strasse", first="Kommunaler Ordnungsdienst: Doppelbesetzung im Außendienst", point="umlaut/ß"),
    Case("Praevention", first="Prävention im Bürgerbüro", point="umlaut/ß"),
    Case("Buergerbuero", first="Prävention im Bürgerbüro", point="umlaut/ß"),
    Case("Gefaehrdungsbeurteilung", first="Gefährdungsbeurteilung für Publikumsbereiche", point="umlaut/ß"),
    Case("Massnahmen", first="Prävention im Bürgerbüro", point="umlaut/ß"),
    # Compounds in both directions
    Case(
        "Kennzeichnung",
        near=("Kennzeichnung von Schulen", "Einheitliche Schulkennzeichnung im Kreis"),
        point="compound",
    ),
    Case(
        "Schulkennzeichnung",
        first="Einheitliche Schulkennzeichnung im Kreis",
        near=("Kennzeichnung von Schulen",),
        point="compound",
    ),
    Case("Beurteilung Gefährdung", first="Gefährdungsbeurteilung für Publikumsbereiche", point="compound"),
    Case("Deeskalation", first="Deeskalationstraining", point="compound"),
    Case("Prävention Gewalt", first="Gewaltprävention in der Justizvollzugsanstalt", point="compound"),
    Case("Messer", first="Messerangriff im Sozialamt", point="compound"),
    # Hyphenated coordination
    Case(
        "Meldesystem",
        first="Meldesystem",
        near=("Erfahrungen mit Vorfallmeldungen", "Melde- und Auskunftssystem der Stadt Bonn"),
        point="coordination + exact title first",
    ),
    Case("Auskunftssystem", first="Melde- und Auskunftssystem der Stadt Bonn", point="coordination"),
    Case("Eingang", first="Getrennter Ein- und Ausgang", point="coordination"),
    Case("Vorsorge", first="Vor- und Nachsorge nach Übergriffen", point="coordination"),
    # Gender forms
    Case(
        "Sachbearbeiter",
        near=("Deeskalationstraining", "Schutz für Sachbearbeiter im Außendienst"),
        point="gender",
    ),
    Case(
        "Sachbearbeiter:innen",
        near=("Deeskalationstraining", "Schutz für Sachbearbeiter im Außendienst"),
        point="gender",
    ),
    Case(
        "Sachbearbeiter*innen",
        near=("Deeskalationstraining", "Schutz für Sachbearbeiter im Außendienst"),
        point="gender",
    ),
    Case(
        "SachbearbeiterInnen",
        near=("Deeskalationstraining", "Schutz für Sachbearbeiter im Außendienst"),
        point="gender",
    ),
    Case("Bürger:innen", near=("Schutzkonzept für den Wartebereich",), point="gender"),
    # Typos
    Case("Schulkenzeichnung", first="Einheitliche Schulkennzeichnung im Kreis", point="typo"),
    Case("Bedrohnug", first="Bedrohung am Telefon", point="typo"),
    Case("Deeskalationstrainig", first="Deeskalationstraining", point="typo"),
    Case("Beratung", first="Psychosoziale Unterstützung", point="typo tolerance stays quiet"),
    Case("Tor", first="Zufahrt zum Betriebshof", point="exact before typo tolerance"),
    Case("Klinkke", first="Tür mit Knauf statt Klinke", point="typo"),
    # Synonyms and acronyms (seeded by the data migration)
    Case(
        "KOD",
        near=("Kommunaler Ordnungsdienst: Doppelbesetzung im Außendienst", "Erfahrungen im KOD"),
        point="acronym",
    ),
    Case(
        "Kommunaler Ordnungsdienst",
        first="Kommunaler Ordnungsdienst: Doppelbesetzung im Außendienst",
        near=("Erfahrungen im KOD",),
        point="acronym, long form",
    ),
    Case("JVA", first="Gewaltprävention in der Justizvollzugsanstalt", point="acronym"),
    Case("ÖPNV", first="Sicherheit im öffentlichen Personennahverkehr", point="acronym"),
    Case("Körperkamera", first="Bodycams für Streifen", point="synonym"),
    Case("Notrufknopf", near=("Prävention im Bürgerbüro", "Alarmierung per Notfallknopf"), point="synonym"),
    # Operators
    Case(
        "Hausverbot -Jobcenter",
        first="Hausverbot durchsetzen – wie macht ihr das?",
        absent=("Hausverbot im Jobcenter",),
        point="exclusion",
    ),
    Case(
        'Meldesystem -"Stadt Bonn"',
        first="Meldesystem",
        absent=("Melde- und Auskunftssystem der Stadt Bonn",),
        point="excluded phrase",
    ),
    Case(
        '"Kennzeichnung von Schulen"',
        first="Kennzeichnung von Schulen",
        absent=("Einheitliche Schulkennzeichnung im Kreis",),
        point="phrase",
    ),
    Case('"Schulen Kennzeichnung"', absent=("Kennzeichnung von Schulen",), point="phrase order"),
    Case("Kennzeichnung von Schulen", first="Kennzeichnung von Schulen", point="exact title first"),
    # Taxonomy term names are words of their practice, worth less than the title
    Case(
        "Nachsorge",
        first="Vor- und Nachsorge nach Übergriffen",
        near=("Psychosoziale Unterstützung",),
        point="taxonomy term",
    ),
]
# Compounds the domain list does not know, both ways: a part finds the compound, the compound
# finds its parts written apart (search.compounds with the general vocabulary).
UNKNOWN_COMPOUNDS = [
    Case(
        "Geiselnahme",
        near=("Geiselnahme im Jobcenter – Erfahrungen?", "Geiselnahmeübung mit der Polizei"),
        point="unknown compound: part finds it",
    ),
    Case(
        "Übergabe",
        near=(
            "Übergabe von Fällen zwischen Teams",
            "Übergabe der Schicht im Rettungsdienst",
            "Schichtübergabe in der Leitstelle",
        ),
        point="unknown compound: part finds it",
    ),
    Case(
        "Schicht",
        near=("Schichtübergabe in der Leitstelle", "Übergabe der Schicht im Rettungsdienst"),
        point="unknown compound: part finds it",
    ),
    Case("Brandschutz", first="Brandschutzhelfer im Rathaus", point="unknown compound: part finds it"),
    Case(
        "Lenkung",
        near=("Besucherlenkung im Bürgeramt", "Lenkung von Besucherströmen"),
        point="unknown compound: part finds it",
    ),
    Case(
        "Schichtübergabe",
        first="Schichtübergabe in der Leitstelle",
        near=("Übergabe der Schicht im Rettungsdienst",),
        point="unknown compound: finds its parts",
    ),
    Case(
        "Besucherlenkung",
        first="Besucherlenkung im Bürgeramt",
        near=("Lenkung von Besucherströmen",),
        point="unknown compound: finds its parts",
    ),
    Case("Geiselnahmeübung", first="Geiselnahmeübung mit der Polizei", point="unknown compound"),
    Case(
        "Brandschutzhelfern", first="Brandschutzhelfer im Rathaus", point="inflection of an unknown compound"
    ),
    Case(
        "Schichtübergaben",
        first="Schichtübergabe in der Leitstelle",
        point="inflection of an unknown compound",
    ),
    Case(
        "Geiselnahmen",
        near=("Geiselnahme im Jobcenter – Erfahrungen?", "Geiselnahmeübung mit der Polizei"),
        point="inflection of a part",
    ),
    Case(
        "Amt",
        near=("Sicherheitskonzept im Ordnungsamt", "Messerangriff im Sozialamt"),
        point="part after a linking -s-",
    ),
    Case("Samt", absent=("Sicherheitskonzept im Ordnungsamt",), point="no false split (Ordnung + Samt)"),
    Case("Rauch", absent=("Pfefferspray im Außendienst",), point="no false split (Verb + Rauch)"),
    Case("Ruf", absent=("Prävention im Bürgerbüro",), point="no false split (Not + Ruf)"),
]
# Typos inside compounds: the certain correction's hits are shown at once (search.suggest).
COMPOUND_TYPOS = [
    Case("Schichtübergbae", first="Schichtübergabe in der Leitstelle", point="typo in a compound"),
    Case("Geiselnahmeübnug", first="Geiselnahmeübung mit der Polizei", point="typo in a compound"),
    Case("Brandschutzhefler", first="Brandschutzhelfer im Rathaus", point="typo in a compound"),
    Case("Besucherlenkugn", first="Besucherlenkung im Bürgeramt", point="typo in a compound"),
    Case(
        "Gefärdungsbeurteilung",
        first="Gefährdungsbeurteilung für Publikumsbereiche",
        point="typo in a compound",
    ),
    Case(
        "Justizvolzugsanstalt",
        first="Gewaltprävention in der Justizvollzugsanstalt",
        point="typo in a compound",
    ),
    Case("Schulkennzeichnug", first="Einheitliche Schulkennzeichnung im Kreis", point="typo in a compound"),
]
CASES += UNKNOWN_COMPOUNDS + COMPOUND_TYPOS

# --- Post level: a long thread whose answers stand deep inside (search.documents.post) ---
# Twenty posts a page (FORUM_POSTS_PER_PAGE): replies after the 19th stand on page 2.
LONG_THREAD = "Offene Runde: Tipps von Kolleginnen und Kollegen"
LONG_OPENING = "Sammelt hier, was sich bei euch im Publikumsverkehr bewährt hat."
THANKS = "Danke, das nehmen wir in die nächste Dienstbesprechung mit."
ANSWERS = {  # position in the thread (0 = opening post) -> reply
    4: "Bei uns informiert die Amtsleitung nach jedem Vorfall den Personalrat.",
    11: "Nach einem Übergriff zahlt die **Unfallkasse NRW** auch die Behandlung in der Traumaambulanz.",
    22: "**Wann** stellt ihr Strafantrag wegen Hausfriedensbruch? Bei uns die Amtsleitung, "
    "spätestens drei Monate nach der Tat.",
    25: "Den zweiten Fluchtweg im Beratungsraum prüft bei uns die Fachkraft für Arbeitssicherheit "
    "jedes Quartal; zugestellt werden darf er nie.",
}


@dataclass(frozen=True)
class PostCase:
    query: str
    answer: int  # position of the reply that must be the hit's post
    page: int  # the thread page that holds it
    matching: int = 1  # how many posts of the thread match
    point: str = ""


POST_CASES = [
    PostCase("Strafantrag Hausfriedensbruch", 22, 2, point="reply deep in a long thread, on page 2"),
    PostCase("Hausfriedensbruch", 22, 2, point="one word of a deep reply"),
    PostCase("Strafantrag", 22, 2, point="inflection-free word only in a reply"),
    PostCase("Fachkraft für Arbeitssicherheit", 25, 2, point="phrase in the last reply"),
    PostCase("Arbeitssicherheit Fluchtweg", 25, 2, point="two words of one reply"),
    PostCase("Traumaambulanz", 11, 1, point="reply on page 1"),
    PostCase("Unfallkasse", 11, 1, point="Markdown bold in the reply"),
    PostCase("Amtsleitung Strafantrag", 22, 2, point="the reply holding both words wins"),
    PostCase("Amtsleitung", 4, 1, matching=2, point="two replies match: thread once, count 2"),
    PostCase("Personalrat Vorfall", 4, 1, point="reply among thanks"),
]
CLASSIFIED = {"Psychosoziale Unterstützung": {"phases": ["Nachsorge"]}}


@pytest.fixture
def corpus(practice_index, org, member):
    category = CategoryFactory(name="Erfahrungsaustausch")
    for title, summary, body in PRACTICES:
        page = practice_publish(practice_index, title=title, organisation=org, summary=summary, body=body)
        if title in CLASSIFIED:
            practice_classify(page, **CLASSIFIED[title])
    for title, body in THREADS:
        forum.thread_create(author=member, category=category, title=title, body=body)
    long = forum.thread_create(author=member, category=category, title=LONG_THREAD, body=LONG_OPENING)
    for position in range(1, 27):
        forum.post_create(author=member, thread=long, body=ANSWERS.get(position, THANKS))
    drain.outbox_drain(refresh=True)
    return viewer_for(member)


def ranked(viewer, query):
    return [hit.title for hit in queries.search(viewer, query).hits]


def check(case: Case, titles: list[str]) -> list[str]:
    problems = []
    if case.first is not None and (not titles or titles[0] != case.first):
        problems.append(f"first should be {case.first!r}")
    window = len(case.near) + (1 if case.first else 0) + 1
    for title in case.near:
        if title not in titles[:window]:
            problems.append(f"{title!r} should be in the top {window}")
    for title in case.absent:
        if title in titles:
            problems.append(f"{title!r} must not be found")
    return problems


def test_german_relevance_table(corpus):
    assert len(CASES) >= 60
    failures = []
    for case in CASES:
        titles = ranked(corpus, case.query)
        problems = check(case, titles)
        if problems:
            failures.append(f"[{case.point}] {case.query!r}: {'; '.join(problems)}; got {titles[:5]}")
    assert not failures, f"{len(failures)} of {len(CASES)} queries failed:\n" + "\n".join(failures)


def test_post_level_relevance_table(corpus):
    """A query answered by a reply lands on that reply: the thread once, its page, its anchor."""
    from exchange.models import Post, Thread

    thread = Thread.objects.get(title=LONG_THREAD)
    posts = list(Post.objects.filter(thread=thread).order_by("created_at", "id"))
    failures = []
    for case in POST_CASES:
        results = queries.search(corpus, case.query)
        hits = [h for h in results.hits if h.id == thread.pk and h.type == "thread"]
        post = posts[case.answer]
        anchor = f"?seite={case.page}#beitrag-{post.pk}" if case.page > 1 else f"#beitrag-{post.pk}"
        got = [(h.title, h.post_id, h.url, h.matching) for h in results.hits[:3]]
        if not results.hits or results.hits[0].id != thread.pk or len(hits) != 1:
            failures.append(f"[{case.point}] {case.query!r}: the thread should come first, once; got {got}")
        elif (
            hits[0].post_id != post.pk
            or not hits[0].url.endswith(anchor)
            or hits[0].matching != case.matching
        ):
            failures.append(f"[{case.point}] {case.query!r}: post {case.answer} ({anchor}); got {got}")
    assert not failures, f"{len(failures)} of {len(POST_CASES)} post cases failed:\n" + "\n".join(failures)


def test_a_forum_snippet_is_text_as_a_person_reads_it(corpus):
    (hit,) = [h for h in queries.search(corpus, "Strafantrag").hits if h.type == "thread"]
    assert "<mark>Wann</mark>" not in hit.snippet and "**" not in hit.snippet
    assert "Wann stellt ihr <mark>Strafantrag</mark>" in hit.snippet
    (hit,) = [h for h in queries.search(corpus, "wann Strafantrag").hits if h.type == "thread"]
    assert "<mark>Wann</mark> stellt ihr <mark>Strafantrag</mark>" in hit.snippet


def test_synonyms_take_effect_without_a_rebuild(corpus, editor):
    assert "Psychosoziale Unterstützung" not in ranked(corpus, "PSNV")
    Synonym.objects.create(terms="PSNV = Psychosoziale Unterstützung")
    assert ranked(corpus, "PSNV")[:1] == ["Psychosoziale Unterstützung"]
    Synonym.objects.filter(terms__startswith="PSNV").update(is_active=False)  # bypasses signals
    Synonym.objects.get(terms__startswith="PSNV").save()  # an editor saves the change
    assert "Psychosoziale Unterstützung" not in ranked(corpus, "PSNV")


def test_typo_tolerance_only_when_the_words_as_written_find_nothing(corpus):
    # "Tür" is one edit away from "Tor" and stands in a title (weighted 4x), "Tor" only in a summary.
    # The words as written find something, so no look-alikes are mixed in: on a large corpus they
    # would bury the exact hit (and cost most of the query time, see bench/README.md).
    assert ranked(corpus, "Tor") == ["Zufahrt zum Betriebshof"]
    # Nothing is spelled "Klinkke": the second, typo-tolerant pass finds "Klinke".
    assert ranked(corpus, "Klinkke")[0] == "Tür mit Knauf statt Klinke"


ODD_INPUT = [
    "a" * 5000,
    "Schule " * 500,
    '"' * 99,
    "-" * 50,
    "\x00\x07Schule\x1b[31m",
    "Schule) OR (1=1",
    "title:Schule^99 AND body:*",
    "\ue000Schule\ue001",
    "🙂 Schule ‮",
    "Kennzeichnung " + " ".join(f"wort{i}" for i in range(200)),
]


def test_odd_and_long_input_is_harmless(corpus):
    """One corpus for all of them (building it costs seconds): each input is cut to the maximum length
    and its snippets carry no highlight markers of their own."""
    problems = []
    for raw in ODD_INPUT:
        results = queries.search(corpus, raw)
        if len(results.query) > queries.MAX_QUERY_LENGTH:
            problems.append(f"{raw[:30]!r}: query kept {len(results.query)} characters")
        if any("\ue000" in hit.snippet or "\ue001" in hit.snippet for hit in results.hits):
            problems.append(f"{raw[:30]!r}: highlight marker in a snippet")
    assert problems == []


def test_editors_maintain_synonyms_in_the_admin(client, editor):
    client.force_login(editor)
    listing = client.get("/cms/snippets/search/synonym/")
    assert listing.status_code == 200
    assert "KOD = Kommunaler Ordnungsdienst" in listing.content.decode()  # seeded by the migration
    response = client.post(
        "/cms/snippets/search/synonym/add/",
        {"terms": "PSNV = Psychosoziale Notfallversorgung", "note": "", "is_active": "on"},
    )
    assert response.status_code == 302
    assert Synonym.objects.filter(terms__startswith="PSNV").exists()
    invalid = client.post(
        "/cms/snippets/search/synonym/add/", {"terms": "nur ein Begriff", "is_active": "on"}
    )
    assert invalid.status_code == 200  # the form is shown again with the error
    assert not Synonym.objects.filter(terms="nur ein Begriff").exists()
