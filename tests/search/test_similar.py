"""Similar practices: more_like_this plus shared terms, never beyond the viewer's rights."""

import pytest

from cms import selectors
from cms.selectors import practice_similar_search
from exchange.access import viewer_for
from search import client as search_client
from search import drain
from tests.factories import practice_classify, practice_publish

pytestmark = [pytest.mark.django_db]

TRAINING = (
    "Beschäftigte üben in Rollenspielen, aufgebrachte Kundinnen und Kunden zu beruhigen. "
    "Das Deeskalationstraining dauert zwei Tage und wird jährlich wiederholt."
)


@pytest.fixture
def practices(practice_index, org, working_group):
    def publish(title, summary, audience="members", groups=(), **terms):
        page = practice_publish(
            practice_index, title=title, organisation=org, summary=summary, audience=audience, groups=groups
        )
        return practice_classify(page, **terms) if terms else page

    made = {
        "base": publish(
            "Deeskalationstraining im Jobcenter", TRAINING, audience="public", phases=["Vorsorge"]
        ),
        "close": publish(
            "Deeskalation im Bürgerbüro",
            "Rollenspiele helfen Beschäftigten, aufgebrachte Kunden zu beruhigen; Training zwei Tage.",
        ),
        "terms_only": publish("Alarmknopf am Empfang", "Stiller Alarm an der Theke.", phases=["Vorsorge"]),
        "restricted": publish(
            "AG-Auswertung Deeskalationstraining",
            TRAINING + " Interne Auswertung der AG.",
            audience="groups",
            groups=[working_group],
            phases=["Vorsorge"],
        ),
        "public": publish(
            "Deeskalationstraining für alle", TRAINING + " Offen für alle Interessierten.", audience="public"
        ),
        "unrelated": publish("Zufahrt zum Betriebshof", "Das Tor bleibt nachts geschlossen."),
    }
    drain.outbox_drain(refresh=True)
    return made


def titles(pages):
    return [p.title for p in pages]


def test_similar_by_text_and_terms_for_a_member(practices, member):
    similar = practice_similar_search(viewer_for(member), practices["base"])
    found = titles(similar)
    assert "Deeskalationstraining im Jobcenter" not in found  # never the practice itself
    assert "AG-Auswertung Deeskalationstraining" not in found  # restricted to a working group
    assert "Zufahrt zum Betriebshof" not in found
    assert set(found[:2]) == {"Deeskalationstraining für alle", "Deeskalation im Bürgerbüro"}
    assert "Alarmknopf am Empfang" in found  # shares a term only


def test_group_member_sees_the_restricted_similar_practice(practices, group_member):
    found = titles(practice_similar_search(viewer_for(group_member), practices["base"]))
    assert found[0] == "AG-Auswertung Deeskalationstraining"  # most alike: same text and term


def test_outsider_never_sees_a_restricted_practice_as_similar(practices, client, member, other_org):
    from tests.factories import member_create

    base = practices["base"]
    for user in (None, member, member_create(other_org, email="aussen@example.org")):
        client.logout()
        if user is not None:
            client.force_login(user)
        html = client.get(base.url).content.decode()
        assert "Ähnliche Praxisbeispiele" in html
        assert "AG-Auswertung" not in html
        assert practices["restricted"].url not in html
    client.logout()
    html = client.get(base.url).content.decode()  # anonymous: public practices only
    assert "Deeskalationstraining für alle" in html
    assert "Deeskalation im Bürgerbüro" not in html


def test_practice_page_uses_the_search_and_falls_back_to_the_database(practices, client, member, settings):
    client.force_login(member)
    html = client.get(practices["base"].url).content.decode()
    assert "Deeskalation im Bürgerbüro" in html  # shares no term: only more_like_this finds it
    assert selectors.practice_similar_list(viewer_for(member), practices["base"]) == [practices["terms_only"]]

    settings.SEARCH = {**settings.SEARCH, "URL": "http://127.0.0.1:9"}  # search server away
    search_client.reset()
    response = client.get(practices["base"].url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Alarmknopf am Empfang" in html  # the database version: shared terms
    assert "Deeskalation im Bürgerbüro" not in html
    assert "AG-Auswertung" not in html
