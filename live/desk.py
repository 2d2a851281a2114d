"""The story page's live coverage panel and its buttons (staff only, under /admin/live/).

Each button posts here, does one thing through live.entries, says what happened and
goes back to the story's page. Words that could not be posted are kept for the form.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles.models import Article
from live import entries
from live.forms import CoverageForm, EntryForm
from live.models import Entry


def desk_view(view):
    """Signed-in staff only (the admin's own check), by POST with its CSRF token."""
    return admin.site.admin_view(require_POST(view))


def back_to(story):
    return redirect(reverse("admin:articles_article_change", args=[story.pk]) + "#live-desk")


def _story(request, pk):
    # A story under embargo is on the desk only for its own people (on_desk_for).
    story = get_object_or_404(Article.objects.on_desk_for(request.user), pk=pk)
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    return story


def _draft_key(story):
    return f"live-draft-{story.pk}"


def kept_draft(request, story):
    """Words of an update that could not be posted, once, to fill the form again."""
    return request.session.pop(_draft_key(story), None)


def _refused(request, story, error, data=None):
    messages.error(request, str(error))
    if data is not None:
        request.session[_draft_key(story)] = data
    return back_to(story)


@desk_view
def set_format(request, pk):
    story = _story(request, pk)
    on = request.POST.get("on") == "1"
    try:
        (entries.turn_on if on else entries.turn_off)(story, request.user)
    except entries.LiveError as error:
        return _refused(request, story, error)
    messages.success(
        request,
        "This story is now live coverage: add updates below."
        if on
        else "This story is an ordinary story again; its updates are kept.",
    )
    return back_to(story)


@desk_view
def post_entry(request, pk):
    story = _story(request, pk)
    form = EntryForm(request.POST, prefix="live")
    typed = {key: request.POST.get(f"live-{key}", "") for key in ("headline", "body")}
    if not form.is_valid():
        errors = "; ".join(e for field in form.errors.values() for e in field)
        return _refused(request, story, f"The update was not posted: {errors}", typed)
    try:
        entry = entries.post(
            story,
            request.user,
            form.cleaned_data["body"],
            form.cleaned_data["headline"],
            form.cleaned_data["pinned"],
        )
    except entries.LiveError as error:
        return _refused(request, story, f"The update was not posted: {error}", typed)
    if entry.status == Entry.Status.PENDING:
        messages.success(request, "Update saved: it waits for an editor's approval.")
    elif story.is_live():
        messages.success(request, "Update posted: readers see it within seconds.")
    else:
        messages.success(request, "Update posted: readers see it once the story goes live.")
    return back_to(story)


ENTRY_ACTIONS = {
    "approve": (entries.approve, "Update approved: it is on the story now."),
    "pin": (lambda entry, by: entries.set_pinned(entry, by, True), "Update pinned."),
    "unpin": (lambda entry, by: entries.set_pinned(entry, by, False), "Update unpinned."),
    "withdraw": (entries.withdraw, "Update withdrawn: readers no longer see it."),
}


@desk_view
def entry_action(request, pk, action):
    entry = get_object_or_404(Entry.objects.select_related("story"), pk=pk)
    story = _story(request, entry.story_id)
    if action not in ENTRY_ACTIONS:
        raise PermissionDenied
    run, done = ENTRY_ACTIONS[action]
    try:
        run(entry, request.user)
    except entries.LiveError as error:
        return _refused(request, story, error)
    messages.success(request, done)
    return back_to(story)


@desk_view
def update_coverage(request, pk):
    story = _story(request, pk)
    action = request.POST.get("action", "save")
    try:
        if action == "end":
            entries.end(story, request.user)
            messages.success(request, "Live coverage ended: readers' pages stop updating.")
            return back_to(story)
        if action == "resume":
            entries.resume(story, request.user)
            messages.success(request, "Live coverage resumed.")
            return back_to(story)
        form = CoverageForm(request.POST, prefix="coverage")
        if not form.is_valid():
            errors = "; ".join(e for field in form.errors.values() for e in field)
            raise entries.LiveError(f"Not saved: {errors}")
        data = form.cleaned_data
        entries.update_coverage(
            story, request.user, data["key_points"], data["starts_at"], data["ends_at"]
        )
    except entries.LiveError as error:
        return _refused(request, story, error)
    messages.success(request, "Key points and times saved.")
    return back_to(story)
