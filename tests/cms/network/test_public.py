"""The public face: partner list (only consenting, active organisations, grouped, filterable without
JavaScript), live figures (counts only, cached briefly), news newest first on the start page."""

import datetime

import pytest
from django.core.cache import cache

from cms.network import selectors
from cms.network.models import NewsPage, PartnerListing
from exchange.models import Membership, Organisation
from tests.factories import OrganisationFactory, member_create, practice_publish

pytestmark = pytest.mark.django_db


def listed(name, kind, region, joined=datetime.date(2024, 5, 2), **extra):
    organisation = OrganisationFactory(name=name, kind=kind, region=region, joined_on=joined, **extra)
    PartnerListing.objects.create(organisation=organisation)
    return organisation


def test_partner_list_shows_only_active_organisations_that_agreed(client, site_tree):
    listed("Kreis Mettmann", "kreis", "duesseldorf")
    listed("Stadt Bonn", "kommune", "koeln")
    listed("Ausgetretene Stadt", "kommune", "koeln", status=Organisation.Status.LEFT)
    OrganisationFactory(name="Stille Behörde", kind="landesbehoerde", region="muenster")
    html = client.get("/netzwerk/partner/").content.decode()
    assert "Kreis Mettmann" in html and "Stadt Bonn" in html
    assert "Stille Behörde" not in html and "Ausgetretene Stadt" not in html
    assert "Regierungsbezirk Düsseldorf" in html and "Regierungsbezirk Köln" in html
    assert "Partner seit" in html and "2. Mai 2024" in html
    # Düsseldorf comes before Köln (order of the Regierungsbezirke), grouped by kind.
    assert html.index("Regierungsbezirk Düsseldorf") < html.index("Regierungsbezirk Köln")
    assert "<h3>Kreis</h3>" in html and "<h3>Kommune</h3>" in html


def test_partner_list_filters_by_region_and_kind_with_a_plain_get_form(client, site_tree):
    listed("Kreis Mettmann", "kreis", "duesseldorf")
    listed("Stadt Düsseldorf", "kommune", "duesseldorf")
    listed("Stadt Bonn", "kommune", "koeln")
    html = client.get("/netzwerk/partner/", {"region": "duesseldorf", "kind": "kommune"}).content.decode()
    assert "Stadt Düsseldorf" in html
    assert "Kreis Mettmann" not in html and "Stadt Bonn" not in html
    empty = client.get("/netzwerk/partner/", {"region": "detmold"}).content.decode()
    assert "Für diese Auswahl sind keine Partner genannt." in empty


def test_partner_list_refuses_unknown_filters_in_german(client, site_tree):
    response = client.get("/netzwerk/partner/", {"region": "atlantis"})
    assert response.status_code == 400
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()


def test_live_figures_count_the_database_and_never_name_members_only_content(client, practice_index, org):
    other = OrganisationFactory(name="Kreis Mettmann")
    OrganisationFactory(name="Ausgetreten", status=Organisation.Status.LEFT)
    member_create(org, email="a@example.org")
    member_create(other, email="b@example.org")
    member_create(other, email="pending@example.org", status=Membership.Status.PENDING)
    practice_publish(practice_index, title="Gütersloher Modell", organisation=org, audience="public")
    practice_publish(practice_index, title="Geheime Dienstanweisung", organisation=org, audience="members")

    assert selectors.figures_compute() == selectors.Figures(partners=2, members=2, practices=1)
    html = client.get("/").content.decode()
    assert "Das Netzwerk in Zahlen" in html
    assert "<strong>2</strong> Partnerorganisationen" in html
    assert "<strong>1</strong> öffentliche Praxisbeispiele" in html
    assert "Geheime Dienstanweisung" not in html


def test_live_figures_are_cached_briefly(practice_index, org, settings):
    member_create(org, email="a@example.org")
    first = selectors.live_figures()
    member_create(org, email="b@example.org")
    assert selectors.live_figures() == first  # from the cache
    cache.delete(selectors.FIGURES_KEY)
    assert selectors.live_figures().members == first.members + 1


def test_news_newest_first_latest_three_on_the_start_page(client, news_index):
    for day, title in [(1, "Erste"), (3, "Dritte"), (2, "Zweite"), (4, "Vierte")]:
        page = NewsPage(
            title=f"{title} Meldung",
            date=datetime.date(2026, 3, day),
            teaser=f"Kurz {title}.",
            body="<p>Text.</p>",
        )
        news_index.add_child(instance=page)
        page.save_revision().publish()
    draft = NewsPage(
        title="Entwurf Meldung",
        date=datetime.date(2026, 3, 9),
        teaser="Noch nicht.",
        body="<p>x</p>",
        live=False,
    )
    news_index.add_child(instance=draft)

    home = client.get("/").content.decode()
    assert home.index("Vierte Meldung") < home.index("Dritte Meldung") < home.index("Zweite Meldung")
    assert "Erste Meldung" not in home and "Entwurf Meldung" not in home
    index = client.get("/aktuelles/").content.decode()
    assert index.index("Vierte Meldung") < index.index("Erste Meldung")
    assert "Entwurf Meldung" not in index
    detail = client.get("/aktuelles/vierte-meldung/")
    assert detail.status_code == 200 and "Kurz Vierte." in detail.content.decode()
