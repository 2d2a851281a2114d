from django.db.models.signals import post_save
from django.dispatch import receiver

from articles.models import Article
from blocks.body import keep_pictures_in_step


@receiver(post_save, sender=Article, dispatch_uid="blocks-body-pictures")
def body_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "body" not in update_fields):
        return  # fixtures and restores bring their own rows; this save left the body alone
    keep_pictures_in_step(instance)
