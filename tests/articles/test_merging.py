"""Two people save the same story: their changes merge field by field, and nothing is lost."""

import re

import pytest

from articles import merging, revisions
from articles.models import Article, Revision
from tests.articles.test_workflow import change_form_data

OPENED = {
    "headline": "Star spotted at premiere",
    "standfirst": "A quiet night out.",
    "body": "<p>The star arrived early and left late.</p>",
}


@pytest.fixture
def story(client, editor, section):
    """A draft written through the admin, so it has its first revision."""
    client.force_login(editor)
    data = {**OPENED, "slug": "star-spotted", "section": section.pk, "tags": "premieres"}
    assert client.post("/admin/articles/article/add/", data).status_code == 302
    return Article.objects.get(slug="star-spotted")


def save(client, user, article, follow=False, **changes):
    """`user` saves the form as it was when `article` (a copy) was read, with changes."""
    client.force_login(user)
    data = change_form_data(article, tags="premieres", **changes)
    return client.post(f"/admin/articles/article/{article.pk}/change/", data, follow=follow)


def save_shown_form(client, response, follow=False, **changes):
    """Save the form a conflict showed again, as the browser would post it, with changes."""
    data = response.context["adminform"].form.data
    posted = {key: data.getlist(key) for key in data}
    posted.update(changes)
    pk = response.context["original"].pk
    return client.post(f"/admin/articles/article/{pk}/change/", posted, follow=follow)


def words(*texts):
    return set(re.findall(r"\w+", " ".join(texts)))


def kept_words(story):
    """Every word in the story and in any of its revisions."""
    story.refresh_from_db()
    texts = [story.headline, story.standfirst, story.body]
    for revision in story.revisions.all():
        texts += [str(revision.snapshot.get(field, "")) for field in revisions.TEXT_FIELDS]
    return words(*texts)


def assert_versions_in_step(story):
    story.refresh_from_db()
    versions = sorted(story.revisions.values_list("version", flat=True))
    assert versions == list(range(1, story.version + 1))


def test_changes_to_different_fields_merge_without_a_question(client, story, editor, chief):
    opened = Article.objects.get(pk=story.pk)
    assert save(client, chief, opened, headline="Star SPOTTED at premiere").status_code == 302

    response = save(
        client, editor, opened, follow=True, body="<p>The star arrived early, alone.</p>"
    )

    assert response.redirect_chain  # saved, no question asked
    assert "Chief saved this story after you opened it" in response.text
    assert "Saved with their changes to headline merged with yours" in response.text
    story.refresh_from_db()
    assert story.headline == "Star SPOTTED at premiere"
    assert story.body == "<p>The star arrived early, alone.</p>"
    assert list(story.tags.names()) == ["premieres"]
    merged, sent = story.revisions.all()[:2]
    assert sent.summary == "Editor's version as sent, merged with Chief's changes"
    assert sent.snapshot["body"] == "<p>The star arrived early, alone.</p>"
    assert sent.snapshot["headline"] == OPENED["headline"]
    assert merged.summary == "Merged with Chief's changes to headline"
    assert merged.created_by == editor
    assert_versions_in_step(story)


def test_a_change_only_one_side_made_is_never_undone(client, story, editor, chief, make_person):
    person = make_person(name="Ava Star")
    opened = Article.objects.get(pk=story.pk)
    assert save(client, chief, opened, people=[person.pk], is_lead="on").status_code == 302
    assert save(client, editor, opened, seo_title="Premiere night").status_code == 302
    story.refresh_from_db()
    assert list(story.people.all()) == [person]
    assert story.is_lead and story.seo_title == "Premiere night"


def test_the_same_change_made_by_both_is_no_conflict(client, story, editor, chief):
    opened = Article.objects.get(pk=story.pk)
    save(client, chief, opened, headline="Same new headline")
    assert save(client, editor, opened, headline="Same new headline").status_code == 302
    story.refresh_from_db()
    assert story.headline == "Same new headline"


@pytest.fixture
def conflict(client, story, editor, chief):
    """Chief and Editor both change the headline; Chief also the standfirst. Editor saves last."""
    opened = Article.objects.get(pk=story.pk)
    save(
        client,
        chief,
        opened,
        headline="Chief's sharper headline",
        standfirst="A very loud night out.",
    )
    response = save(client, editor, opened, headline="Editor's calmer headline")
    return response


def test_a_field_both_changed_is_shown_with_both_changes_and_the_choices(conflict, story):
    assert conflict.status_code == 200
    text = conflict.text
    assert "Not saved yet: you and Chief changed the same field" in text
    assert "Chief saved this story at" in text
    assert "<ins>Chief&#x27;s sharper headline</ins>" in text  # against the version opened
    assert "<ins>Editor&#x27;s calmer headline</ins>" in text
    for choice in ("theirs", "yours", "edit"):
        assert f'name="resolve-headline" value="{choice}"' in text
    assert 'form="article_form"' in text
    form = conflict.context["adminform"].form
    assert form["headline"].value() == "Editor's calmer headline"  # starts with yours
    assert form["standfirst"].value() == "A very loud night out."  # theirs, merged already
    assert form["base_version"].value() == "2"
    story.refresh_from_db()
    assert story.headline == "Chief's sharper headline" and story.version == 2


@pytest.mark.parametrize(
    "choice, headline",
    [
        ("theirs", "Chief's sharper headline"),
        ("yours", "Editor's calmer headline"),
        ("edit", "A headline both can live with"),
    ],
)
def test_each_choice_gives_its_result_and_keeps_every_word(
    client, conflict, story, editor, choice, headline
):
    # The form still holds Editor's words: the server applies the choice, script or not.
    edits = {"headline": headline} if choice == "edit" else {}
    response = save_shown_form(
        client, conflict, follow=True, **{"resolve-headline": choice}, **edits
    )

    assert response.redirect_chain
    assert "Saved with your choices for headline, and Chief&#x27;s changes" in response.text
    story.refresh_from_db()
    assert story.headline == headline
    assert story.standfirst == "A very loud night out."
    assert words(
        "Chief's sharper headline", "A very loud night out.", "Editor's calmer headline", headline
    ) <= kept_words(story)
    kept = {"theirs": "kept Chief's", "yours": "kept Editor's", "edit": "Editor rewrote"}[choice]
    assert story.revisions.first().summary == (
        f"Merged with Chief's changes to standfirst; {kept} headline"
    )
    assert story.revisions.first().created_by == editor
    assert_versions_in_step(story)


def test_choosing_in_the_form_without_the_buttons_saves_what_is_in_the_form(
    client, conflict, story
):
    response = save_shown_form(client, conflict, headline="Typed over both")
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Typed over both"


def test_a_save_between_the_conflict_and_the_choice_is_a_new_conflict(
    client, conflict, story, chief, editor
):
    now = Article.objects.get(pk=story.pk)
    assert save(client, chief, now, headline="Chief's third headline").status_code == 302

    client.force_login(editor)
    response = save_shown_form(client, conflict, **{"resolve-headline": "yours"})

    assert response.status_code == 200
    assert "<del>sharper</del> <ins>third</ins>" in response.text  # since the last choice
    story.refresh_from_db()
    assert story.headline == "Chief's third headline"  # never written over blindly
    response = save_shown_form(client, response, **{"resolve-headline": "yours"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "Editor's calmer headline"
    assert words("Chief's sharper headline Chief's third headline") <= kept_words(story)
    assert_versions_in_step(story)


def test_a_damaged_conflict_note_is_ignored_and_the_base_still_guards(client, conflict, story):
    response = save_shown_form(
        client, conflict, conflict_state="forged", **{"resolve-headline": "theirs"}
    )
    assert response.status_code == 302  # the form's new base is the story's version
    story.refresh_from_db()
    assert story.headline == "Editor's calmer headline"  # what was in the form


def test_the_body_conflict_offers_both_bodies_to_the_editor(client, story, editor, chief):
    opened = Article.objects.get(pk=story.pk)
    save(client, chief, opened, body="<p>Chief rewrote the whole <strong>body</strong>.</p>")
    response = save(client, editor, opened, body="<p>Editor rewrote it too.</p>")
    assert response.status_code == 200
    values = response.context["adminform"].form.conflict["values"]
    assert values == {
        "body": {
            "kind": "body",
            "theirs": "<p>Chief rewrote the whole <strong>body</strong>.</p>",
            "yours": "<p>Editor rewrote it too.</p>",
        }
    }
    assert 'id="conflict-values"' in response.text


def test_picked_fields_in_conflict_are_shown_by_name(client, story, editor, chief, make_person):
    ava, bo = make_person(name="Ava Star"), make_person(name="Bo Lights")
    opened = Article.objects.get(pk=story.pk)
    save(client, chief, opened, people=[ava.pk])
    response = save(client, editor, opened, people=[bo.pk])
    assert "<ins>Ava Star</ins>" in response.text and "<ins>Bo Lights</ins>" in response.text
    values = response.context["adminform"].form.conflict["values"]["people"]
    assert values == {
        "kind": "pick",
        "theirs": [[ava.pk, "Ava Star"]],
        "yours": [[bo.pk, "Bo Lights"]],
    }
    save_shown_form(client, response, **{"resolve-people": "theirs"})
    story.refresh_from_db()
    assert list(story.people.all()) == [ava]


def test_slug_and_bylines_merge_like_the_rest(client, story, editor, chief, make_author):
    first, second = make_author(name="Ann Writer"), make_author(name="Agency reporter")
    opened = Article.objects.get(pk=story.pk)
    save(client, chief, opened, bylines=[second.pk, first.pk])
    assert save(client, editor, opened, slug="star-seen").status_code == 302
    story.refresh_from_db()
    assert story.slug == "star-seen"
    assert [byline.author for byline in story.bylines.all()] == [second, first]
    assert story.revisions.first().snapshot["bylines"] == [second.pk, first.pk]

    opened = Article.objects.get(pk=story.pk)
    save(client, chief, opened, slug="star-sighted")
    response = save(client, editor, opened, slug="star-glimpsed")
    assert response.status_code == 200 and 'name="resolve-slug"' in response.text


def test_a_revision_made_before_slug_and_bylines_were_kept_is_still_a_base(
    client, story, editor, chief
):
    old = story.revisions.get(version=1)
    legacy = {k: v for k, v in old.snapshot.items() if k not in ("slug", "bylines")}
    Revision.objects.filter(pk=old.pk).update(snapshot=legacy)
    opened = Article.objects.get(pk=story.pk)
    save(client, chief, opened, headline="Chief's headline")
    assert save(client, editor, opened, body="<p>Editor's body.</p>").status_code == 302
    story.refresh_from_db()
    assert story.headline == "Chief's headline" and story.body == "<p>Editor's body.</p>"


def test_without_a_revision_of_the_version_opened_every_difference_is_asked(
    client, make_article, editor
):
    article = make_article(status="draft", publish_at=None)  # made without the admin
    opened = Article.objects.get(pk=article.pk)
    Article.objects.filter(pk=article.pk).update(headline="Changed meanwhile", version=5)
    client.force_login(editor)
    data = change_form_data(opened, headline="Typed headline")
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 200
    assert 'name="resolve-headline"' in response.text
    assert 'name="resolve-body"' not in response.text  # the same on both sides


def test_three_way_splits_the_fields():
    base = {field: "" for field in merging.FIELDS}
    theirs = {**base, "headline": "theirs", "body": "both", "tags": ["a"]}
    yours = {**base, "standfirst": "yours", "body": "both", "tags": ["b"]}
    assert merging.three_way(base, theirs, yours) == (["headline"], ["standfirst"], ["tags"])


def test_line_ends_a_browser_posts_are_no_change():
    base = {field: "" for field in merging.FIELDS}
    base["standfirst"] = "One.\nTwo."
    yours = {**base, "standfirst": "One.\r\nTwo."}
    assert merging.three_way(base, base, yours) == ([], [], [])


def test_a_button_pressed_on_a_conflict_waits_until_it_is_settled(client, conflict, story):
    response = save_shown_form(client, conflict, **{"desk-action": "submit"})
    assert response.status_code == 302  # settled on the version it was shown: it acts
    story.refresh_from_db()
    assert story.status == "review"


def test_a_button_pressed_during_a_conflict_does_nothing(client, story, editor, chief):
    opened = Article.objects.get(pk=story.pk)
    save(client, chief, opened, headline="Chief's headline")
    response = save(
        client, editor, opened, headline="Editor's headline", **{"desk-action": "submit"}
    )
    assert response.status_code == 200
    assert "was not done" in response.text
    story.refresh_from_db()
    assert story.status == "draft" and story.headline == "Chief's headline"


def test_a_button_pressed_on_a_silent_merge_saves_but_waits_for_a_look(
    client, story, editor, chief
):
    opened = Article.objects.get(pk=story.pk)
    save(client, chief, opened, headline="Chief's headline")
    response = save(
        client,
        editor,
        opened,
        follow=True,
        body="<p>Editor's body.</p>",
        **{"desk-action": "submit"},
    )
    assert "“Submit for review” was not done" in response.text
    story.refresh_from_db()
    assert story.status == "draft"
    assert story.headline == "Chief's headline" and story.body == "<p>Editor's body.</p>"
