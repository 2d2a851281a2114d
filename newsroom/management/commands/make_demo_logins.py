import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.utils.text import slugify

from authors.models import Author

# username, first name, last name, group (None: a superuser for the whole desk)
DEMO_LOGINS = [
    ("desk", "Demo", "Desk", None),
    ("writer", "Wendy", "Writer", "Writers"),
    ("editor", "Eddie", "Editor", "Editors"),
    ("publisher", "Pat", "Publisher", "Publishers"),
]


class Command(BaseCommand):
    help = "Create the demo logins (one per role) and print each random password once."

    def handle(self, *args, **options):
        User = get_user_model()
        for username, first, last, group in DEMO_LOGINS:
            if User.objects.filter(username=username).exists():
                self.stdout.write(
                    f"Demo login '{username}' exists; its password was printed when it was made "
                    f"(reset it with: manage.py changepassword {username})."
                )
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username, password=password, first_name=first, last_name=last, is_staff=True
            )
            if group is None:
                user.is_superuser = True
                user.save(update_fields=["is_superuser"])
            else:
                user.groups.add(Group.objects.get(name=group))
            # The demo's stories are signed by authors of the same names (load_demo).
            Author.objects.filter(slug=slugify(f"{first} {last}"), user=None).update(user=user)
            role = group or "all roles"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo login for /admin/ ({role}): username '{username}', "
                    f"password '{password}' (shown only this once)."
                )
            )
