import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_USERNAME = "desk"


class Command(BaseCommand):
    help = "Create the demo staff login and print its random password once."

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(username=DEMO_USERNAME).exists():
            self.stdout.write(
                f"Demo login '{DEMO_USERNAME}' exists; its password was printed when it was made "
                f"(reset it with: manage.py changepassword {DEMO_USERNAME})."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(
            DEMO_USERNAME, email="", password=password, first_name="Demo", last_name="Desk"
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo login for /admin/: username '{DEMO_USERNAME}', password '{password}' "
                "(shown only this once)."
            )
        )
