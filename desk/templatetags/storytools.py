from django import template
from django.conf import settings

from articles import workflow
from desk import autosaves

register = template.Library()


@register.inclusion_tag("desk/_story_tools.html", takes_context=True)
def story_tools(context):
    """Autosave, its restore offer and the presence banner, for someone who may edit the story."""
    request = context["request"]
    story = context.get("original")
    user = request.user
    if story is None:
        allowed = user.has_perm("articles.add_article")
    else:
        allowed = workflow.can_edit(story, user)
    if not allowed or context.get("is_popup"):
        return {"enabled": False}
    # A form shown again after a refused save holds the person's words already.
    shown_again = request.method == "POST"
    return {
        "enabled": True,
        "story": story,
        "fields": " ".join(autosaves.FIELDS),
        "offer": None if shown_again else autosaves.offer(user, story),
        "shown_again": shown_again,
        "heartbeat_seconds": settings.NEWSROOM_PRESENCE_HEARTBEAT_SECONDS,
    }
