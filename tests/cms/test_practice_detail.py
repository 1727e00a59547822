"""The best-practice page: structured facts, taxonomy, similar practices, thread link, adoptions."""

import pytest
from django.db import IntegrityError, transaction

from cms import selectors
from cms.models import PracticeAdoption, PracticeIndexPage, PracticePage, Term
from exchange.access import viewer_for
from exchange.models import Membership
from tests.factories import CategoryFactory, member_create, practice_classify, practice_publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_mfa")]


def test_vocabularies_are_seeded_from_the_prevention_guide(practice_index):
    names = set(Term.objects.filter(vocabulary="phase").values_list("name", flat=True))
    assert names == {"Vorsorge", "Handling", "Nachsorge"}
    assert Term.objects.filter(vocabulary="measure_type").count() == 3
    assert Term.objects.filter(vocabulary="threat_level").count() == 4
    assert Term.objects.filter(vocabulary="professional_field", name="Polizei und Zoll").exists()


def test_term_names_are_unique_per_vocabulary(practice_index):
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.create(vocabulary="phase", name="Vorsorge")
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.create(vocabulary="unbekannt", name="X")
    Term.objects.create(vocabulary="target_group", name="Vorsorge")  # other vocabulary: fine


def test_page_tree_rules_for_practices(practice_index):
    assert PracticePage.allowed_parent_page_models() == [PracticeIndexPage]
    assert PracticePage.allowed_subpage_models() == []
    assert not PracticePage.can_create_at(practice_index.get_parent())


def test_practice_status_is_a_db_constraint(practice_index, org):
    page = practice_publish(practice_index, title="Hausverbot", organisation=org)
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticePage.objects.filter(pk=page.pk).update(status="vergessen")


def test_detail_page_shows_all_facts(client, member, practice_index, org, other_org):
    page = practice_publish(practice_index, title="Notrufknopf im Bürgerbüro", organisation=org)
    page.partner_organisations.set([other_org])
    page.region = "koeln"
    page.costs = "Etwa 200 Euro je Arbeitsplatz."
    page.staff_council_involved = True
    page.pros = "Schnelle Hilfe."
    page.contact_name = "Erika Muster"
    page.contact_email = "erika@example.org"
    page.save_revision().publish()
    practice_classify(page, phases=["Handling"], measure_types=["baulich-technisch"], threat_levels=[])
    client.force_login(member)
    response = client.get(page.url)
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Stadt Bonn, Kreis Mettmann",
        "Köln",
        "Handling",
        "baulich-technisch",
        "Etwa 200 Euro je Arbeitsplatz.",
        "Schnelle Hilfe.",
        "erika@example.org",
        "Übertragbarkeit",
    ):
        assert text in html, text


def test_similar_practices_share_terms_and_are_visible(practice_index, org, member, working_group):
    base = practice_classify(
        practice_publish(practice_index, title="Deeskalationstraining", organisation=org),
        phases=["Vorsorge"],
        measure_types=["personenbezogen"],
    )
    close = practice_classify(
        practice_publish(practice_index, title="Training für Bürgerbüros", organisation=org),
        phases=["Vorsorge"],
        measure_types=["personenbezogen"],
    )
    loose = practice_classify(
        practice_publish(practice_index, title="Alarmknopf", organisation=org),
        phases=["Vorsorge"],
        measure_types=["baulich-technisch"],
    )
    hidden = practice_classify(
        practice_publish(
            practice_index, title="AG-Training", organisation=org, audience="groups", groups=[working_group]
        ),
        phases=["Vorsorge"],
        measure_types=["personenbezogen"],
    )
    practice_publish(practice_index, title="Ohne Bezug", organisation=org)
    similar = selectors.practice_similar_list(viewer_for(member), base)
    assert similar == [close, loose]
    assert hidden not in similar


def test_discussion_link_shown_when_a_thread_exists(client, member, practice_index, org):
    from exchange.models import Thread

    page = practice_publish(practice_index, title="Hausverbot", organisation=org)
    client.force_login(member)
    assert "Zur Diskussion im Forum" not in client.get(page.url).content.decode()
    thread = Thread.objects.create(
        category=CategoryFactory(), title="Hausverbote in der Praxis", practice=page
    )
    html = client.get(page.url).content.decode()
    assert f'href="/forum/thema/{thread.pk}/"' in html


def test_discussion_link_skips_threads_the_member_may_not_see(
    client, member, practice_index, org, working_group
):
    from exchange.models import Thread

    page = practice_publish(practice_index, title="Notrufknopf", organisation=org)
    restricted = CategoryFactory(name="AG intern")
    restricted.working_groups.add(working_group)
    hidden = Thread.objects.create(category=restricted, title="AG-interne Auswertung", practice=page)
    visible = Thread.objects.create(
        category=CategoryFactory(name="Praxisfragen"), title="Erfahrungen", practice=page
    )
    client.force_login(member)
    html = client.get(page.url).content.decode()
    assert "AG-interne Auswertung" not in html and f"/forum/thema/{hidden.pk}/" not in html
    assert f'href="/forum/thema/{visible.pk}/"' in html


def test_member_records_adoption_once_per_organisation(client, member, practice_index, org, other_org):
    page = practice_publish(practice_index, title="Hausverbot", organisation=other_org)
    client.force_login(member)
    assert "Wir setzen das auch ein" in client.get(page.url).content.decode()
    response = client.post(
        f"/praxis/{page.pk}/einsatz/",
        {"organisation": org.pk, "experience": "Seit 2024 **bewährt**. <script>alert(1)</script>"},
    )
    assert response.status_code == 302
    adoption = PracticeAdoption.objects.get(page=page, organisation=org)
    assert "<strong>bewährt</strong>" in adoption.experience_html
    assert "<script>" not in adoption.experience_html
    html = client.get(page.url).content.decode()
    assert "1 Organisation setzt dieses Praxisbeispiel ebenfalls ein." in html
    assert "<strong>bewährt</strong>" in html
    # A colleague of the same organisation cannot record it twice.
    colleague = member_create(org, email="kollegin@example.org")
    client.force_login(colleague)
    client.post(f"/praxis/{page.pk}/einsatz/", {"organisation": org.pk, "experience": ""})
    assert PracticeAdoption.objects.filter(page=page).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeAdoption.objects.create(page=page, organisation=org)


def test_adoption_only_for_own_organisation_and_active_members(client, practice_index, org, other_org):
    page = practice_publish(practice_index, title="Hausverbot", organisation=org)
    member = member_create(org, email="m@example.org")
    client.force_login(member)
    client.post(f"/praxis/{page.pk}/einsatz/", {"organisation": other_org.pk})
    assert not PracticeAdoption.objects.exists()
    pending = member_create(other_org, email="p@example.org", status=Membership.Status.PENDING)
    client.force_login(pending)
    assert client.post(f"/praxis/{page.pk}/einsatz/", {"organisation": other_org.pk}).status_code == 403
    assert not PracticeAdoption.objects.exists()


def test_detail_page_query_count_is_bounded(
    client, member, practice_index, org, django_assert_max_num_queries
):
    page = practice_classify(
        practice_publish(practice_index, title="Hausverbot", organisation=org), phases=["Vorsorge"]
    )
    for n in range(5):
        practice_classify(
            practice_publish(practice_index, title=f"Ähnlich {n}", organisation=org), phases=["Vorsorge"]
        )
    client.force_login(member)
    client.get(page.url)
    with django_assert_max_num_queries(45):
        assert client.get(page.url).status_code == 200


def test_renaming_a_term_queues_its_practices_for_the_index(practice_index, org):
    from search.models import OutboxEntry

    page = practice_classify(
        practice_publish(practice_index, title="Hausverbot", organisation=org), phases=["Vorsorge"]
    )
    OutboxEntry.objects.all().delete()
    term = Term.objects.get(vocabulary="phase", name="Vorsorge")
    term.name = "Prävention"
    term.save()
    assert list(OutboxEntry.objects.values_list("kind", "object_id")) == [("practice", page.pk)]
