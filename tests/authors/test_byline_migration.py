"""Bylines that were logins become authors linked to them, in stories and revisions alike."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Migrating back and forth needs real commits; a flush afterwards leaves a migrated database.
pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("articles", "0010_add_embargo_until")]
AFTER = [("articles", "0013_remove_user_bylines")]


def migrate(targets):
    """The models as they stand after migrating to `targets`."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_desk():
    """Stories signed by logins, as they were before authors existed."""
    apps = migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Section = apps.get_model("articles", "Section")
    Article = apps.get_model("articles", "Article")
    Revision = apps.get_model("articles", "Revision")
    ann = User.objects.create(username="ann", first_name="Ann", last_name="Writer")
    bo = User.objects.create(username="bo")  # no full name
    gone = User.objects.create(username="gone")
    film = Section.objects.create(name="Film", slug="film")
    story = Article.objects.create(headline="Premiere", slug="premiere", section=film)
    story.bylines.set([bo, ann])
    unsigned = Article.objects.create(headline="Unsigned", slug="unsigned", section=film)
    Revision.objects.create(article=story, version=1, snapshot={"bylines": [ann.pk, gone.pk]})
    Revision.objects.create(article=story, version=2, snapshot={"bylines": [ann.pk, bo.pk]})
    Revision.objects.create(article=unsigned, version=1, snapshot={"headline": "Unsigned"})
    gone_pk = gone.pk
    gone.delete()  # a login in an old revision, deleted since
    yield {"ann": ann.pk, "bo": bo.pk, "gone": gone_pk, "story": story.pk}
    migrate(migrate_to_latest())


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_each_login_in_a_byline_becomes_an_author_in_the_same_place(old_desk):
    apps = migrate(AFTER)
    Author = apps.get_model("authors", "Author")
    Article = apps.get_model("articles", "Article")
    Revision = apps.get_model("articles", "Revision")
    ann, bo = (
        Author.objects.get(user_id=old_desk["ann"]),
        Author.objects.get(user_id=old_desk["bo"]),
    )
    assert (ann.name, ann.slug) == ("Ann Writer", "ann-writer")
    assert (bo.name, bo.slug) == ("bo", "bo")
    story = Article.objects.get(pk=old_desk["story"])
    # In the order of the logins' ids, as revisions kept them: the newest matches its story.
    signed = list(story.bylines.order_by("position").values_list("author_id", flat=True))
    assert signed == [ann.pk, bo.pk]
    snapshots = dict(Revision.objects.filter(article=story).values_list("version", "snapshot"))
    assert snapshots[1]["bylines"] == [ann.pk]  # the deleted login has no author
    assert snapshots[2]["bylines"] == signed
    assert Revision.objects.get(article__slug="unsigned").snapshot == {"headline": "Unsigned"}
    assert Author.objects.count() == 2


def test_going_back_gives_the_logins_their_bylines_again(old_desk):
    migrate(AFTER)
    apps = migrate(BEFORE)
    Article = apps.get_model("articles", "Article")
    Revision = apps.get_model("articles", "Revision")
    story = Article.objects.get(pk=old_desk["story"])
    assert set(story.bylines.values_list("pk", flat=True)) == {old_desk["ann"], old_desk["bo"]}
    latest = Revision.objects.get(article=story, version=2)
    assert latest.snapshot["bylines"] == sorted([old_desk["ann"], old_desk["bo"]])
