from django.core.management.base import BaseCommand, CommandError
from wagtail.log_actions import log
from wagtail.models import APIToken

from exchange.models import User


class Command(BaseCommand):
    help = "Create a personal API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="Kommandozeile")

    def handle(self, *args, **options):
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"Keine Person mit der E-Mail-Adresse {options['email']}.")
        if not user.is_active:
            raise CommandError("Diese Person ist deaktiviert.")
        token, plaintext = APIToken.create_token(user=user, name=options["name"])
        log(token, "wagtail.apitoken.create", data={"source": "management_command"})
        self.stdout.write(plaintext)
