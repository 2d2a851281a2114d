import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_add_embargo_until"),
        ("authors", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Byline",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")),
                # No reverse name until the old bylines (to logins) are gone, in 0012.
                ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="articles.article")),
                ("author", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="bylines", to="authors.author")),
            ],
            options={
                "ordering": ["position", "pk"],
                "constraints": [models.UniqueConstraint(fields=("article", "author"), name="byline_once_per_story")],
            },
        ),
    ]
