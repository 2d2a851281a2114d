"""The desk's roles get live coverage: writers post (editors approve, when the setting
asks for it), editors run the coverage, publishers read."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Writers": ["live.add_entry", "live.view_entry"],
    "Editors": [
        "live.add_entry", "live.change_entry", "live.view_entry", "live.approve_entry",
        "live.view_coverage", "live.change_coverage",
    ],
    "Publishers": ["live.view_entry", "live.view_coverage"],
}


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make this app's now.
    app_config = apps.get_app_config("live")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codes in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for code in codes:
            app_label, codename = code.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="live"))


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0001_initial"),
        ("articles", "0003_desk_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
