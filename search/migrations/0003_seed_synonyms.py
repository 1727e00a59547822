"""Seed the acronyms and synonyms every member uses; editors maintain them in the Wagtail admin."""

from django.db import migrations

SEED = [
    ("KOD = Kommunaler Ordnungsdienst", "Außendienst der Ordnungsämter"),
    ("JVA = Justizvollzugsanstalt", ""),
    ("ÖPNV = öffentlicher Personennahverkehr", ""),
    ("Notrufknopf, Alarmknopf, Notfallknopf, Alarmtaste", ""),
    ("Bodycam, Körperkamera", ""),
    ("Deeskalationstraining, Deeskalationsschulung", ""),
    ("Hausverbot, Betretungsverbot", ""),
    ("Gefährdungsbeurteilung, Gefährdungsanalyse", ""),
]
EDITORS_GROUP = "Redaktion"


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for terms, note in SEED:
        Synonym.objects.get_or_create(terms=terms, defaults={"note": note})

    # Editors keep the synonyms: give the editors' group the model permissions.
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("search")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="search",
            codename__in=["add_synonym", "change_synonym", "delete_synonym", "view_synonym"],
        )
    )


def unseed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    Synonym.objects.filter(terms__in=[terms for terms, _ in SEED]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_synonym"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
