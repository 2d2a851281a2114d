from django.db import migrations, models
from django.utils import timezone


def mark_scheduled_stories(apps, schema_editor):
    # Stories already scheduled wait for their "went live" record like new ones.
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(status="published", publish_at__gt=timezone.now()).update(
        awaiting_went_live=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_search_prefix_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="awaiting_went_live",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_scheduled_stories, migrations.RunPython.noop),
    ]
