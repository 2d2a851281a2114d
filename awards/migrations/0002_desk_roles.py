"""The desk's roles get award nights: editors keep the events, categories and nominees
and call the winners; writers and publishers read them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Writers": ["awards.view_awardevent", "awards.view_category", "awards.view_nomination"],
    "Editors": [
        "awards.add_awardevent", "awards.change_awardevent", "awards.view_awardevent",
        "awards.add_category", "awards.change_category", "awards.delete_category",
        "awards.view_category",
        "awards.add_nomination", "awards.change_nomination", "awards.delete_nomination",
        "awards.view_nomination",
        "awards.call_winner",
    ],
    "Publishers": ["awards.view_awardevent", "awards.view_category", "awards.view_nomination"],
}


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make this app's now.
    app_config = apps.get_app_config("awards")
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
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="awards"))


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0001_initial"),
        ("articles", "0003_desk_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
