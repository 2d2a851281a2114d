"""Saving a story clears the autosave it makes redundant (articles never imports desk)."""

from django.contrib.admin.models import ADDITION, LogEntry
from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Article, Revision
from desk.models import Autosave


@receiver(post_save, sender=Revision)
def story_saved(sender, instance, created, raw=False, **kwargs):
    # Every save of a story records a revision in its saver's name.
    if created and not raw and instance.created_by_id:
        mine = Autosave.objects.filter(user_id=instance.created_by_id)
        mine.filter(article_id=instance.article_id).delete()


@receiver(post_save, sender=LogEntry)
def story_added(sender, instance, created, raw=False, **kwargs):
    # The admin logs a story made on its add page: that was "your new story".
    if created and not raw and instance.action_flag == ADDITION:
        if instance.content_type.model_class() is Article:
            Autosave.objects.filter(user_id=instance.user_id, article=None).delete()
