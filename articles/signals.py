"""Keep the search index in step with stories and people, whichever path changed them.

Signals here only maintain derived data (the index); workflow never depends on them.
Tags and people are saved after the story itself, so their changes re-index too.
Stories are indexed by a task once the save commits (newsroom.tasks), off the request
path; a person's own names, a row each, are indexed at once.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from taggit.models import Tag, TaggedItem

from articles import cachekeys, search
from articles.models import Article
from newsroom import pagecache, redirects, tasks
from people.models import Person


def reindex(articles):
    """Index `articles` again: queued for after the commit (at once with the immediate backend)."""
    if tasks.runs_here(search.index_stories):
        for article in articles:
            search.index_article(article)
        search.index_changed()
        return
    if hasattr(articles, "values_list"):  # a queryset: a story's people are not needed here
        ids = list(articles.values_list("pk", flat=True))
    else:
        ids = [article.pk for article in articles]
    if ids:
        tasks.after_commit_merged(search.index_stories, ids)


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex([instance])


@receiver(post_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    search.unindex_article(instance.pk)


@receiver(m2m_changed, sender=Article.people.through)
def article_people_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    stories = [instance] if not reverse else Article.objects.filter(pk__in=pk_set or [])
    reindex(stories)


@receiver([post_save, post_delete], sender=TaggedItem)
def article_tags_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.content_type.model_class() is Article:
        article = Article.objects.filter(pk=instance.object_id).first()
        if article is not None:
            reindex([article])


@receiver(pre_save, sender=Person)
def person_about_to_be_saved(sender, instance, raw=False, **kwargs):
    if instance.pk and not raw:
        stored = Person.objects.filter(pk=instance.pk).values_list("name", "also_known_as")
        instance._names_before = stored.first()


@receiver(post_save, sender=Person)
def person_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    search.index_person(instance)
    # Stories index their people's names: only a new name means re-indexing them all,
    # which for someone in thousands of stories is the slow part of a save.
    if getattr(instance, "_names_before", None) == (instance.name, instance.also_known_as):
        return
    reindex(instance.articles.prefetch_related("people"))


@receiver(post_delete, sender=Person)
def person_deleted(sender, instance, **kwargs):
    search.unindex_person(instance.pk)


@receiver(pre_save, sender=Tag)
def tag_renaming(sender, instance, raw=False, **kwargs):
    instance._old_slug = None if raw else redirects.slug_before(instance)


@receiver(post_save, sender=Tag)
def tag_renamed(sender, instance, raw=False, **kwargs):
    # A tag's page is public: its old address keeps answering.
    if not raw:
        redirects.renamed(instance, getattr(instance, "_old_slug", None))


@receiver(m2m_changed, sender=Article.people.through)
@receiver(m2m_changed, sender=Article.productions.through)
def article_links_changed(sender, instance, action, reverse, pk_set, model, **kwargs):
    """A person or production added to or taken from a story: their pages change too.

    Saves through the admin purge the story's keys as well (ArticleAdmin.save_related);
    this covers every other path. From the other side (a person's stories), everything.
    """
    if reverse:
        if action.startswith("post_"):
            pagecache.purge()
        return
    kind = "person" if model is Person else "production"
    if action == "pre_clear":
        cachekeys.purge_stories([instance.pk], publicness_may_change=instance.is_live())
        return
    if action not in ("post_add", "post_remove"):
        return
    rows = model.objects.filter(pk__in=pk_set or []).values_list("slug", "shown_publicly")
    if instance.is_live() and not all(shown for _, shown in rows):
        # Someone public only through the stories naming them appears or goes.
        pagecache.purge()
        return
    pagecache.purge_keys(instance.page_key, *(f"{kind}:{slug}" for slug, _ in rows))


@receiver([post_save, post_delete], sender=TaggedItem)
def article_tag_changed(sender, instance, raw=False, **kwargs):
    """A tag put on or taken off a story: the tag's pages list it, or no longer do."""
    if not raw and instance.content_type.model_class() is Article:
        pagecache.purge_keys(f"tag:{instance.tag.slug}", cachekeys.story_key(instance.object_id))
