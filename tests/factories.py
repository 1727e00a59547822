"""factory_boy factories and small builders that go through the real services."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from django.test import Client
from django.utils.text import slugify
from wagtail.models import APIToken

from cms.models import PracticeIndexPage, PracticePage
from exchange.models import Category, Membership, Organisation, User, WorkingGroup

PASSWORD = "Ein-sicheres-Passwort-2026"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Stadt Beispiel {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Organisation.Kind.KOMMUNE
    region = Organisation.Region.MUENSTER


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Erika"
    last_name = "Muster"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"AG {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Kategorie {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


def member_create(
    org: Organisation,
    *,
    email: str,
    role: str = Membership.Role.MEMBER,
    status: str = Membership.Status.ACTIVE,
) -> User:
    user = UserFactory(email=email)
    Membership.objects.create(user=user, organisation=org, role=role, status=status)
    return user


def practice_publish(
    index: PracticeIndexPage,
    *,
    title: str,
    organisation: Organisation,
    summary: str = "Kurzbeschreibung.",
    audience: str = "members",
    groups=(),
    body: str = "",
) -> PracticePage:
    """Create and publish a practice the way the admin does: add_child, revision, publish."""
    page = PracticePage(
        title=title,
        slug=slugify(title)[:80],
        summary=summary,
        organisation=organisation,
        audience=audience,
        body=[("text", f"<p>{body}</p>")] if body else [],
    )
    index.add_child(instance=page)
    if groups:
        page.working_groups.set(groups)
        page.save()
    page.save_revision().publish()
    return page


def editor_create(*, email: str, with_mfa: bool = True) -> User:
    """A member of the network office (group "Redaktion"); with TOTP unless ``with_mfa`` is False."""
    from cms.setup import editors_group_ensure
    from exchange.people import services as people_services

    user = UserFactory(email=email)
    user.groups.add(editors_group_ensure())
    if with_mfa:
        people_services.totp_enrol(user=user)
    else:  # tests/conftest.py gives every new editor TOTP; this one is meant to have none
        from allauth.mfa.models import Authenticator

        Authenticator.objects.filter(user=user).delete()
    return user


# --- cms: taxonomy, full practices, admin form data ---------------------------------------------


def term(vocabulary: str, name: str):
    from cms.models import Term

    return Term.objects.get_or_create(vocabulary=vocabulary, name=name)[0]


def practice_classify(page: PracticePage, **terms: list[str]) -> PracticePage:
    """Attach terms by name, e.g. ``practice_classify(page, phases=["Vorsorge"])``, and republish."""
    vocabularies = {
        "target_groups": "target_group",
        "professional_fields": "professional_field",
        "phases": "phase",
        "measure_types": "measure_type",
        "incident_types": "incident_type",
        "threat_levels": "threat_level",
    }
    for field, names in terms.items():
        getattr(page, field).set([term(vocabularies[field], n) for n in names])
    page.save_revision().publish()
    return page


def guide_index_ensure(home):
    """The guide index below the start page (as the demo and the editors create it)."""
    from cms.models import GuideIndexPage

    index = GuideIndexPage.objects.first()
    if index is None:
        index = GuideIndexPage(title="Präventionsleitfaden", slug="praeventionsleitfaden")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def chapter_publish(index, *, title: str, audience: str = "members", groups=(), body=(), pins=(), **terms):
    """Create and publish a guide chapter; ``terms`` by name as in :func:`practice_classify`."""
    from cms.models import TERM_VOCABULARIES, GuideChapterPage, GuidePinnedPractice

    page = GuideChapterPage(
        title=title,
        slug=slugify(title)[:80],
        summary=f"Worum es in {title} geht.",
        audience=audience,
        body=list(body),
    )
    index.add_child(instance=page)
    if groups:
        page.working_groups.set(groups)
    for field, names in terms.items():
        getattr(page, field).set([term(TERM_VOCABULARIES[field], n) for n in names])
    page.pinned_practices.add(*(GuidePinnedPractice(practice=p, sort_order=i) for i, p in enumerate(pins)))
    page.save()
    page.save_revision().publish()
    return page


def bearer_headers(user: User) -> dict[str, str]:
    """Request headers with a new personal API token of ``user``."""
    _token, plaintext = APIToken.create_token(user=user, name="Test")
    return {"Authorization": f"Bearer {plaintext}"}


def password_login(email: str) -> Client:
    """A browser that logged in through the login page (allauth, axes and the security log see it)."""
    client = Client()
    response = client.post("/konto/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client
