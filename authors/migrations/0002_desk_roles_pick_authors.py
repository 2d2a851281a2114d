"""The desk's roles and authors: everyone picks bylines; editors add and change authors."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Writers": ["authors.view_author"],
    "Editors": ["authors.add_author", "authors.change_author", "authors.view_author"],
    "Publishers": ["authors.view_author"],
}


def permissions(apps, codes):
    Permission = apps.get_model("auth", "Permission")
    for code in codes:
        app_label, codename = code.split(".")
        yield Permission.objects.get(content_type__app_label=app_label, codename=codename)


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    app_config = apps.get_app_config("authors")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions(apps, codes))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.remove(*permissions(apps, ROLES[group.name]))


class Migration(migrations.Migration):
    dependencies = [
        ("authors", "0001_initial"),
        ("articles", "0003_desk_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
