"""The story page's buttons, pressed with words typed and not yet saved.

For someone who may edit the story, every button on its page (a workflow move, a share
link, a fact-desk fix, a suggested link) belongs to the story's own form: pressing it
saves what is typed first, in the same request, and makes its move only when that save
went through. Nobody is told "done" while their words are dropped. A save merged with
changes someone else made meanwhile goes through, but the move waits for a second press,
once the person has seen the merged story.
"""

import json

from django.contrib import messages

from articles import admin_factdesk, admin_views, live_edits, workflow

ACTION = "desk-action"  # a workflow move's name, or "share"
FIX = "desk-fix"  # a fact-desk finding, as JSON
LINK = "desk-link"  # "person:<pk>" or "production:<pk>"


def requested(request):
    return request.method == "POST" and any(k in request.POST for k in (ACTION, FIX, LINK))


def label(request):
    """The pressed button, as the person knows it."""
    post = request.POST
    if FIX in post:
        return "Fix"
    if LINK in post:
        return "Link"
    name = post.get(ACTION, "")
    if name == "share":
        return "Make a share link"
    action = workflow.ACTIONS.get(name) or live_edits.ACTIONS.get(name)
    return action.label if action else name


def run(request, article):
    """Make the pressed button's move on the story just saved."""
    post = request.POST
    if FIX in post:
        try:
            finding = json.loads(post[FIX])
        except ValueError:
            finding = {}
        wanted = tuple(str(finding.get(key, "")) for key in admin_factdesk.FIX_FIELDS)
        return admin_factdesk.apply_fix(request, article, wanted)
    if LINK in post:
        kind, _, pk = post[LINK].partition(":")
        return admin_factdesk.link_suggestion(request, article, kind, pk)
    name = post.get(ACTION, "")
    if name == "share":
        return admin_views.make_share_link(request, article)
    return admin_views.run_workflow_form(request, article, workflow_data(post, name))


def workflow_data(post, name):
    """The workflow form's fields for move `name`, from the story form's desk-* fields."""
    return {
        "action": name,
        "note": post.get(f"desk-note-{name}") or post.get("desk-note", ""),
        "when": post.get(f"desk-when-{name}", ""),
        "occurrence": post.get(f"desk-occurrence-{name}", ""),
        "anyway": post.get(f"desk-anyway-{name}", ""),
    }


def refused(request):
    messages.error(
        request,
        f"“{label(request)}” was not done, because your changes could not be saved yet "
        "(see below). Nothing you typed is lost: it is still in the form.",
    )


def held_back(request):
    messages.warning(
        request,
        f"“{label(request)}” was not done: someone else saved the story after you opened "
        "it, and your changes were merged with theirs. Look the story over, then press "
        "the button again.",
    )
