"""Keep the search index in step with stories and people, whichever path changed them.

Signals here only maintain derived data (the index); workflow never depends on them.
Tags and people are saved after the story itself, so their changes re-index too.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from taggit.models import TaggedItem

from articles import search
from articles.models import Article
from people.models import Person


@receiver(post_save, sender=Article)
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.index_article(instance)


@receiver(post_delete, sender=Article)
def article_deleted(sender, instance, **kwargs):
    search.unindex_article(instance.pk)


@receiver(m2m_changed, sender=Article.people.through)
def article_people_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    stories = [instance] if not reverse else Article.objects.filter(pk__in=pk_set or [])
    for article in stories:
        search.index_article(article)


@receiver([post_save, post_delete], sender=TaggedItem)
def article_tags_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.content_type.model_class() is Article:
        article = Article.objects.filter(pk=instance.object_id).first()
        if article is not None:
            search.index_article(article)


@receiver(post_save, sender=Person)
def person_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    search.index_person(instance)
    for article in instance.articles.all():
        search.index_article(article)


@receiver(post_delete, sender=Person)
def person_deleted(sender, instance, **kwargs):
    search.unindex_person(instance.pk)
