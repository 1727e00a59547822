"""import_practices / export_practices: JSON Lines, idempotent by external_id, bad lines reported."""

import json

import pytest
from django.core.management import CommandError, call_command

from cms.models import PracticePage, Term

pytestmark = pytest.mark.django_db


def record(**overrides):
    data = {
        "external_id": "bonn-meldesystem",
        "title": "Melde- und Auskunftssystem",
        "summary": "Beschäftigte melden Übergriffe an einer Stelle.",
        "organisation": "Stadt Bonn",
        "partner_organisations": ["Kreis Mettmann"],
        "target_groups": ["Innendienst mit Publikumsverkehr"],
        "professional_fields": ["Kommunalverwaltung"],
        "phases": ["Vorsorge", "Nachsorge"],
        "measure_types": ["organisatorisch"],
        "incident_types": ["Beleidigung", "Bedrohung"],
        "threat_levels": [],
        "region": "koeln",
        "status": "evaluated",
        "started_year": 2021,
        "body_markdown": "Wer Übergriffe **nicht kennt**, kann nicht gegensteuern.",
        "steps": [{"title": "Meldeweg festlegen", "text": "Mit Personalrat und Datenschutz."}],
        "costs": "Eigenentwicklung",
        "staff_council_involved": True,
        "data_protection_involved": True,
        "contact": {"name": "Erika Muster", "email": "erika@example.org"},
        "audience": "members",
        "review_date": "2027-03-31",
    }
    data.update(overrides)
    return data


def write(tmp_path, *lines):
    path = tmp_path / "practices.jsonl"
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines)
        + "\n",
        encoding="utf-8",
    )
    return path


def test_import_creates_then_is_idempotent_then_updates(tmp_path, practice_index, org, other_org, capsys):
    path = write(tmp_path, record())
    call_command("import_practices", str(path))
    page = PracticePage.objects.get(external_id="bonn-meldesystem")
    assert page.live
    assert page.organisation == org
    assert list(page.partner_organisations.all()) == [other_org]
    assert sorted(t.name for t in page.phases.all()) == ["Nachsorge", "Vorsorge"]
    assert "<strong>nicht kennt</strong>" in page.body[0].value.source
    assert page.body[1].block_type == "step"
    assert page.staff_council_involved and page.contact_email == "erika@example.org"
    revisions = page.revisions.count()

    call_command("import_practices", str(path))
    assert "0 angelegt, 0 aktualisiert, 1 unverändert" in capsys.readouterr().out
    assert PracticePage.objects.count() == 1
    assert page.revisions.count() == revisions

    call_command("import_practices", str(write(tmp_path, record(title="Meldesystem (neu)"))))
    page.refresh_from_db()
    assert page.title == "Meldesystem (neu)"
    assert PracticePage.objects.count() == 1


def test_bad_lines_are_reported_and_nothing_of_them_is_written(
    tmp_path, practice_index, org, other_org, capsys
):
    path = write(
        tmp_path,
        record(external_id="gut"),
        "{kein json",
        record(external_id="ohne-org", organisation="Unbekannte Behörde"),
        record(external_id="neuer-begriff", incident_types=["Spucken"]),
        record(external_id="ohne-phase", phases=[]),
        record(external_id="falscher-stand", status="fertig"),
        record(external_id="tippfehler", titel="X"),
        record(external_id="gruppe-fehlt", audience="groups"),
    )
    with pytest.raises(CommandError, match="1 angelegt, 0 aktualisiert, 0 unverändert, 7 fehlerhaft"):
        call_command("import_practices", str(path))
    err = capsys.readouterr().err
    assert "Zeile 2: Kein gültiges JSON" in err
    assert "Zeile 3 (ohne-org): Organisation „Unbekannte Behörde“ ist nicht bekannt." in err
    assert "Zeile 4 (neuer-begriff): Unbekannte Begriffe in „incident_types“: Spucken" in err
    assert "Zeile 5 (ohne-phase)" in err and "phases" in err
    assert "Zeile 6 (falscher-stand)" in err
    assert "Zeile 7 (tippfehler): Unbekannte Felder: titel." in err
    assert "Zeile 8 (gruppe-fehlt)" in err
    assert list(PracticePage.objects.values_list("external_id", flat=True)) == ["gut"]
    assert not Term.objects.filter(name="Spucken").exists()


def test_create_terms_flag_creates_missing_terms(tmp_path, practice_index, org, other_org):
    path = write(tmp_path, record(incident_types=["Spucken"]))
    call_command("import_practices", str(path), "--create-terms")
    assert Term.objects.filter(vocabulary="incident_type", name="Spucken").exists()


def test_export_writes_the_import_schema_and_round_trips(tmp_path, practice_index, org, other_org):
    call_command("import_practices", str(write(tmp_path, record())))
    out = tmp_path / "export.jsonl"
    call_command("export_practices", str(out))
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(exported) == 1
    data = exported[0]
    assert data["external_id"] == "bonn-meldesystem"
    assert data["phases"] == ["Nachsorge", "Vorsorge"]
    assert data["steps"][0]["title"] == "Meldeweg festlegen"
    assert data["published"] is True
    # Importing the export again changes nothing.
    revisions = PracticePage.objects.get().revisions.count()
    call_command("import_practices", str(out))
    assert PracticePage.objects.get().revisions.count() == revisions


def test_missing_file_is_a_clear_error(practice_index):
    with pytest.raises(CommandError, match="Datei kann nicht gelesen werden"):
        call_command("import_practices", "/nicht/vorhanden.jsonl")


def test_export_of_admin_made_practice_imports_onto_itself(tmp_path, practice_index, org):
    from tests.factories import practice_classify, practice_publish

    page = practice_classify(
        practice_publish(practice_index, title="Im Admin angelegt", organisation=org),
        target_groups=["Außendienst"],
        phases=["Vorsorge"],
        measure_types=["organisatorisch"],
    )
    out = tmp_path / "export.jsonl"
    call_command("export_practices", str(out))
    call_command("import_practices", str(out))
    assert PracticePage.objects.count() == 1
    page.refresh_from_db()
    assert page.external_id == f"page-{page.pk}"
