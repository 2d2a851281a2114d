import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_user_bylines_to_authors"),
    ]

    operations = [
        migrations.RemoveField(model_name="article", name="bylines"),
        migrations.AlterField(
            model_name="byline",
            name="article",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="bylines",
                to="articles.article",
            ),
        ),
    ]
