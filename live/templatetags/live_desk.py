from django import template

from articles import workflow
from live import entries
from live.desk import kept_draft
from live.forms import CoverageForm, EntryForm
from live.models import Entry

register = template.Library()

# Entries listed on the story's page; the admin's list of live entries has the rest.
DESK_ENTRIES = 100


@register.inclusion_tag("live/desk/_panel.html", takes_context=True)
def live_desk_panel(context):
    """The story page's live coverage panel: turn it on, post, approve, pin, correct."""
    request, story = context["request"], context.get("original")
    if story is None or context.get("is_popup"):
        return {"shown": False}
    user = request.user
    found = {
        "shown": True,
        "story": story,
        "can_format": workflow.can_edit(story, user),
    }
    if not story.is_live_coverage:
        return found
    can_approve = entries.may_approve(user)
    listed = list(Entry.objects.for_desk().filter(story=story)[:DESK_ENTRIES])
    for entry in listed:
        entry.editable = entries.can_edit(entry, user)
    coverage = entries.coverage_of(story)
    draft = kept_draft(request, story)
    return {
        **found,
        "coverage": coverage,
        "is_live": story.is_live(),
        "can_post": entries.may_post(user),
        "can_approve": can_approve,
        "needs_approval": entries.needs_approval(user),
        "form": EntryForm(prefix="live", initial=draft or {}),
        "coverage_form": CoverageForm(instance=coverage, prefix="coverage")
        if can_approve
        else None,
        "entries": listed,
        "waiting": sum(entry.status == Entry.Status.PENDING for entry in listed),
    }
