"""The German text preparation of search.analysis, in isolation (no database, no search server)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import (
    MAX_QUERY_LENGTH,
    MAX_TERM_LENGTH,
    MAX_TERMS,
    Decompounder,
    ParsedQuery,
    decompose,
    default_decompounder,
    expand_coordination,
    fold,
    german_fields,
    index_text,
    normalise_gender,
    parse_query,
)
from search.models import split_terms
from search.synonyms import SynonymTable, term_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mitarbeiter:innen", "Mitarbeiter"),
        ("Mitarbeiter*innen", "Mitarbeiter"),
        ("Mitarbeiter_innen", "Mitarbeiter"),
        ("MitarbeiterInnen", "Mitarbeiter"),
        ("Mitarbeiter/innen", "Mitarbeiter"),
        ("Mitarbeiter/-innen", "Mitarbeiter"),
        ("Mitarbeiter(innen)", "Mitarbeiter"),
        ("Mitarbeiter:in", "Mitarbeiter"),
        ("Bürger:innen", "Bürger"),
        ("Die Bürger*innen und Kolleg:innen", "Die Bürger und Kolleg"),
        ("von innen und außen", "von innen und außen"),
        ("Innenstadt", "Innenstadt"),
        ("Mitarbeiter", "Mitarbeiter"),
    ],
)
def test_normalise_gender(text, expected):
    assert normalise_gender(text) == expected


@pytest.mark.parametrize(
    ("text", "added"),
    [
        ("Melde- und Auskunftssystem", "Meldesystem Auskunftssystem"),
        ("Ein- und Ausgang", "Eingang Ausgang"),
        ("Vor- oder Nachsorge", "Vorsorge Nachsorge"),
        ("Melde- bzw. Auskunftssystem", "Meldesystem Auskunftssystem"),
        ("Melde- sowie Auskunftssystem", "Meldesystem Auskunftssystem"),
        ("Melde-, Auskunfts- und Informationssystem", "Meldesystem Auskunftssystem Informationssystem"),
        ("Schulleitung und -verwaltung", "Schulleitung Schulverwaltung"),
    ],
)
def test_expand_coordination(text, added):
    expanded = expand_coordination(f"Die Stadt hat ein {text} eingeführt.")
    assert f"{text} ({added})" in expanded


def test_expand_coordination_leaves_other_text_alone():
    for text in ["Schule und Verwaltung", "E-Mail und Telefon", "Bild- und Tonaufnahme", ""]:
        assert expand_coordination(text) == text  # unknown head (Tonaufnahme): nothing is guessed


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Schulkennzeichnung", ["schule", "kennzeichnung"]),
        ("Schulkennzeichnungen", ["schule", "kennzeichnung"]),
        ("Meldesystem", ["melde", "system"]),
        ("Auskunftssystem", ["auskunft", "system"]),  # linking -s-
        ("Gefährdungsbeurteilung", ["gefährdung", "beurteilung"]),
        ("Gefaehrdungsbeurteilung", ["gefährdung", "beurteilung"]),  # ASCII spelling
        ("Personennahverkehr", ["person", "nahverkehr"]),  # linking -en-
        ("Einsatzkräfte", ["einsatz", "kraft"]),  # inflected head with umlaut
        ("Justizvollzugsanstalt", ["justiz", "vollzug", "anstalt"]),
        ("Hausverbot", ["haus", "verbot"]),  # a known word is still split
        ("Kennzeichnung", []),
        ("Beleidigung", []),
        ("Bedrohung", []),
        ("Prävention", []),
        ("Polizei", []),
        ("Schulen", []),
        ("", []),
        ("x" * 500, []),
        ("Schul2kennzeichnung", []),
    ],
)
def test_decompose(word, parts):
    assert decompose(word) == parts


@pytest.mark.parametrize(
    ("word", "parts"),
    [  # compounds the domain list does not know: split with the general vocabulary (wordfreq)
        ("Geiselnahmeübung", ["geiselnahme", "übung"]),
        ("Schichtübergabe", ["schicht", "übergabe"]),
        ("Brandschutzhelfer", ["brandschutz", "helfer"]),
        ("Besucherlenkung", ["besucher", "lenkung"]),
        ("Schichtübergaben", ["schicht", "übergaben"]),  # inflected head: the german analyzer stems it
        ("Versorgungsamt", ["versorgung", "amt"]),  # -ung needs its -s-: never Versorgung + Samt
        ("Sachbearbeiter", ["sache", "bearbeiter"]),  # dropped -e
        ("Ordnungsamt", ["ordnung", "amt"]),  # the domain list wins
    ],
)
def test_decompose_unknown_compounds(word, parts):
    assert decompose(word) == parts


@pytest.mark.parametrize(
    "word",
    [  # prefixed and lexicalised words that a naive splitter cuts into nonsense
        "Beamte",
        "Verbrauch",  # Verb + Rauch: the word is more common than its "parts"
        "Angebot",
        "Betreuung",
        "Anlage",
        "Bereich",
        "Gebäude",
        "Verwaltung",
        "Erziehung",
        "Vollzug",  # voll- is a prefix here
        "Beleidigung",
        "Notruf",  # in the domain list: never split by the general vocabulary
        "Übergriff",
        "Unterkunft",
        "Nachsorge",
        "Ausländer",
        "Gesellschaft",
        "Dienstag",
        "Samstag",
    ],
)
def test_decompose_leaves_non_compounds_whole(word):
    assert decompose(word) == []


def test_the_domain_list_wins_over_the_general_vocabulary():
    general = {"notruf": ("notruf", 3.8), "not": ("not", 4.7), "ruf": ("ruf", 4.6), "knopf": ("knopf", 3.9)}
    dc = Decompounder(["notruf"], general)
    assert dc.decompose("Notruf") == []  # a domain word is not split by the general vocabulary
    assert dc.decompose("Notrufknopf") == ["notruf", "knopf"]
    assert Decompounder([], general).decompose("Notrufknopf") == ["notruf", "knopf"]


@pytest.mark.parametrize(
    ("typed", "best"),
    [
        ("Schulkenzeichnung", "Schulkennzeichnung"),  # a letter missing in the second part
        ("Schichtübergbae", "Schichtübergabe"),  # swapped letters; "ae" is no umlaut here
        ("Justizvolzugsanstalt", "Justizvollzugsanstalt"),  # the middle of three parts
        ("Gefärdungsbeurteilung", "Gefährdungsbeurteilung"),
        ("geiselnahmeübnug", "geiselnahmeübung"),  # the case as typed
    ],
)
def test_corrections_of_a_typo_inside_a_compound(typed, best):
    assert default_decompounder().corrections(typed)[0] == best


def test_corrections_are_one_part_one_edit_away_and_split():
    dc = default_decompounder()
    for candidate in dc.corrections("Schulkenzeichnung"):
        assert dc.decompose(candidate)
    assert dc.corrections("Bedrohnug") == []  # no compound: the term suggester's work
    assert dc.corrections("") == dc.corrections("x" * 500) == []


def test_decompounder_with_its_own_lexicon():
    dc = Decompounder(["bahn", "hof", "auto"])
    assert dc.decompose("Autobahnhof") == ["auto", "bahn", "hof"]
    assert dc.decompose("Bahnhöfe") == ["bahn", "hof"]  # folding covers the umlaut plural
    assert dc.decompose("Autobahn") == ["auto", "bahn"]
    assert dc.all_parts("Autobahnhof") == ["auto", "bahn", "hof"]


def test_index_text_adds_parts_gender_forms_and_coordinations():
    text = index_text("Die Mitarbeiter:innen nutzen das Melde- und Auskunftssystem und den Notruf-Knopf.")
    words = text.split()
    assert "Mitarbeiter" in words and "Mitarbeiter:innen" not in text
    assert {"Meldesystem", "melde", "system", "auskunft"} <= set(words)
    assert {"NotrufKnopf", "notruf", "knopf"} <= set(words)


def test_german_fields():
    fields = german_fields("Schulkennzeichnung", "Kurz.", "Ein- und Ausgang")
    assert set(fields) == {"title_parts", "parts"}
    assert fields["title_parts"].split() == ["Schulkennzeichnung", "schule", "kennzeichnung"]
    assert "Eingang" in fields["parts"].split()


def test_fold():
    assert fold("Straße") == fold("Strasse") == "strasse"
    assert fold("Prävention") == fold("Praevention")
    assert fold("Bürgerbüro") == fold("Buergerbuero")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Schule", ParsedQuery(terms=("Schule",))),
        ("  Schule   Bonn ", ParsedQuery(terms=("Schule", "Bonn"))),
        ('"Kennzeichnung von Schulen"', ParsedQuery(phrases=("Kennzeichnung von Schulen",))),
        ("„Kennzeichnung von Schulen“", ParsedQuery(phrases=("Kennzeichnung von Schulen",))),
        ('"Kennzeichnung von Schulen', ParsedQuery(phrases=("Kennzeichnung von Schulen",))),  # unclosed
        ('"Schule"', ParsedQuery(terms=("Schule",))),
        ("Hausverbot -Jobcenter", ParsedQuery(terms=("Hausverbot",), excluded_terms=("Jobcenter",))),
        ('Meldesystem -"Stadt Bonn"', ParsedQuery(terms=("Meldesystem",), excluded_phrases=("Stadt Bonn",))),
        ("Schule NOT Bonn", ParsedQuery(terms=("Schule",), excluded_terms=("Bonn",))),
        ("Schule AND Bonn OR Köln", ParsedQuery(terms=("Schule", "Bonn", "Köln"))),
        ("E-Mail-Adresse", ParsedQuery(terms=("E-Mail-Adresse",))),
        ("Melde- und Auskunftssystem", ParsedQuery(terms=("Melde", "Auskunftssystem"))),
        ("Mitarbeiter:innen", ParsedQuery(terms=("Mitarbeiter",))),
        ("Kennzeichnung von Schulen", ParsedQuery(terms=("Kennzeichnung", "Schulen"))),
        ("und oder", ParsedQuery(terms=("und", "oder"))),  # only stop words: keep them
        ("Schule schule SCHULE", ParsedQuery(terms=("Schule",))),
        ('title:Schule^2 (Bonn) *:* ~ {} [] \\ / "', ParsedQuery(terms=("title", "Schule", "2", "Bonn"))),
        ("-", ParsedQuery()),
        ("-Schule", ParsedQuery(excluded_terms=("Schule",))),
        ("", ParsedQuery()),
        ("\x00\x01\x7f", ParsedQuery()),
    ],
)
def test_parse_query(raw, expected):
    assert parse_query(raw) == expected


def test_parse_query_keeps_stop_words_for_the_title_phrase():
    parsed = parse_query("Kennzeichnung von Schulen")
    assert parsed.text == "Kennzeichnung von Schulen"
    assert parse_query("-Schule").is_empty


def test_parse_query_caps():
    parsed = parse_query(" ".join(f"wort{i}" for i in range(100)))
    assert len(parsed.terms) == MAX_TERMS
    assert parse_query("x" * 1000).terms == ("x" * MAX_TERM_LENGTH,)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_parse_query_never_raises_and_respects_the_caps(raw):
    parsed = parse_query(raw)
    items = [*parsed.terms, *parsed.phrases, *parsed.excluded_terms, *parsed.excluded_phrases]
    assert len(items) <= MAX_TERMS
    assert all(0 < len(i) <= MAX_QUERY_LENGTH for i in items)
    assert all(len(t) <= MAX_TERM_LENGTH for t in [*parsed.terms, *parsed.excluded_terms])
    assert all('"' not in i and "\x00" not in i for i in items)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("aeinrstuIAÄßäü:*_/()-· \n")), max_size=80) | st.text(max_size=80)
)
def test_normalise_gender_is_idempotent(text):
    once = normalise_gender(text)
    assert normalise_gender(once) == once
    assert len(once) <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_index_text_and_decompose_never_raise(text):
    index_text(text)
    for word in text.split():
        for part in decompose(word):
            assert part


def test_synonym_terms_and_keys():
    assert split_terms("KOD = Kommunaler Ordnungsdienst") == ["KOD", "Kommunaler Ordnungsdienst"]
    assert split_terms("Notrufknopf, Alarmknopf,, notrufknopf\nNotfallknopf") == [
        "Notrufknopf",
        "Alarmknopf",
        "Notfallknopf",
    ]
    assert term_key("Kommunalen Ordnungsdienst") == term_key("kommunaler ordnungsdienst")
    assert term_key("Bodycams") == term_key("Bodycam")


def test_synonym_table_expands_longest_match_first():
    table = SynonymTable([["KOD", "Kommunaler Ordnungsdienst"], ["Ordnungsdienst", "Ordnungsamt"]])
    (expansion,) = table.expand(["Kommunaler", "Ordnungsdienst"])
    assert (expansion.start, expansion.end, expansion.alternatives) == (0, 2, ("KOD",))
    (expansion,) = table.expand(["kod"])
    assert expansion.alternatives == ("Kommunaler Ordnungsdienst",)
    assert table.expand(["Schule"]) == []
