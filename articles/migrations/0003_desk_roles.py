"""The desk's three roles exist on every fresh install, with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = {
    "Writers": [
        "articles.add_article", "articles.change_article", "articles.view_article",
        "articles.view_section",
        "people.view_person", "people.view_production", "people.view_credit",
        "newsroom.add_image", "newsroom.change_image", "newsroom.view_image",
        "taggit.add_tag", "taggit.view_tag",
        "auth.view_user",  # to pick bylines
    ],
    "Editors": [
        "articles.add_article", "articles.change_article", "articles.view_article",
        "articles.edit_any_article", "articles.approve_article",
        "articles.view_section",
        "articles.add_correction", "articles.view_correction",
        "people.add_person", "people.change_person", "people.view_person",
        "people.add_production", "people.change_production", "people.view_production",
        "people.add_credit", "people.change_credit", "people.delete_credit", "people.view_credit",
        "newsroom.add_image", "newsroom.change_image", "newsroom.view_image",
        "taggit.add_tag", "taggit.change_tag", "taggit.view_tag",
        "auth.view_user",
    ],
    "Publishers": [
        "articles.view_article", "articles.publish_article", "articles.view_section",
        "people.view_person", "people.view_production", "people.view_credit",
        "newsroom.view_image", "taggit.view_tag",
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    for app_config in apps.get_app_configs():
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


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow_history_revisions_previews"),
        ("people", "0001_initial"),
        ("newsroom", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
