"""The members' start page: practices and threads matching the member's interests first."""

from __future__ import annotations

import pytest

from exchange.access import viewer_for
from exchange.forum import services as forum_services
from exchange.models import Organisation
from tests.factories import CategoryFactory, OrganisationFactory, practice_classify, practice_publish

pytestmark = pytest.mark.django_db


def test_start_page_ranks_matching_practices_and_threads_first(client, member, org, practice_index):
    other = OrganisationFactory(name="Kreis Lippe", region=Organisation.Region.DETMOLD)
    newest_unrelated = practice_classify(
        practice_publish(practice_index, title="Hausverbot in Detmold", organisation=other),
        professional_fields=["Justiz und Justizvollzug"],
    )
    matching = practice_classify(
        practice_publish(practice_index, title="Bürgerbüro mit Notrufknopf", organisation=other),
        target_groups=["Innendienst mit Publikumsverkehr"],
        professional_fields=["Kommunalverwaltung"],
    )
    newest_unrelated.save_revision().publish()  # published last: newest
    category = CategoryFactory(name="Praxisfragen")
    colleague = forum_services.thread_create(
        author=member, category=category, title="Frage zum Notrufknopf", body="Wer hat Erfahrung?"
    )
    colleague.practice = matching
    colleague.save(update_fields=["practice"])

    client.force_login(member)
    response = client.get("/mitgliederbereich/")
    assert response.status_code == 200
    practices = response.context["practices"]
    assert practices[0] == matching and practices[0].matches_interests
    assert newest_unrelated in practices and not getattr(practices[-1], "matches_interests", False)
    assert response.context["threads"][0].pk == colleague.pk
    html = response.content.decode()
    assert "Vorschlag aus Ihrer Organisation" in html
    assert "Kommunalverwaltung" in html and "Münster" in html
    # no notifications/followed threads yet: their slots stay empty (no fake data)
    assert 'id="benachrichtigungen"' not in html and 'id="gefolgte-themen"' not in html


def test_start_page_only_shows_visible_practices(client, member, org, practice_index, working_group):
    secret = practice_classify(
        practice_publish(
            practice_index,
            title="Nur für die AG",
            organisation=org,
            audience="groups",
            groups=[working_group],
        ),
        professional_fields=["Kommunalverwaltung"],
    )
    client.force_login(member)
    practices = client.get("/mitgliederbereich/").context["practices"]
    assert secret not in practices
    assert secret in selectors_for(working_group, org)


def selectors_for(working_group, org):
    from cms.selectors import practice_list_for_interests
    from tests.factories import member_create

    insider = member_create(org, email="insider@example.org")
    working_group.members.add(insider)
    return practice_list_for_interests(
        viewer_for(insider), target_group_ids=set(), professional_field_ids=set(), region=""
    )


def test_start_page_query_count_is_pinned(client, member, org, practice_index, django_assert_max_num_queries):
    for n in range(8):
        practice_classify(
            practice_publish(practice_index, title=f"Praxis {n}", organisation=org),
            professional_fields=["Kommunalverwaltung"],
        )
    client.force_login(member)
    client.get("/mitgliederbereich/")  # warm caches (site root, content types)
    # 23: the page (18) plus the unread counts in the navigation (notifications, direct messages),
    # the latest notifications, the followed threads and the next events; none grows with the
    # number of practices, threads, notifications, conversations or events.
    with django_assert_max_num_queries(23):
        assert client.get("/mitgliederbereich/").status_code == 200


def test_start_page_shows_unread_notifications_and_followed_threads_with_news(
    client, member, partner, django_capture_on_commit_callbacks
):
    category = CategoryFactory(name="Praxisfragen")
    with django_capture_on_commit_callbacks(execute=True):
        thread = forum_services.thread_create(
            author=member, category=category, title="Deeskalation am Schalter", body="Wer hat Tipps?"
        )  # after commit the author follows the thread
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.post_create(author=partner, thread=thread, body="Wir schulen zweimal im Jahr.")

    client.force_login(member)
    html = client.get("/mitgliederbereich/").content.decode()
    assert 'id="benachrichtigungen"' in html and 'id="gefolgte-themen"' in html
    assert "hat in „Deeskalation am Schalter“ geantwortet" in html
    assert f"/forum/thema/{thread.pk}/ungelesen/" in html and "1 neuer Beitrag" in html

    client.get(f"/forum/thema/{thread.pk}/")  # reading the thread clears both slots
    html = client.get("/mitgliederbereich/").content.decode()
    assert 'id="benachrichtigungen"' not in html and 'id="gefolgte-themen"' not in html
