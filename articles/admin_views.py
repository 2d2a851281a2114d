"""The article admin's own pages: workflow buttons, revisions and previews."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from articles import factdesk, previews, revisions, scheduling, workflow
from articles.forms import WorkflowForm
from articles.models import Article
from newsroom.siteurl import absolute


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _viewable(request, pk):
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    return get_object_or_404(Article.objects.on_desk_for(request.user), pk=pk)


def workflow_context(request, article):
    """What the change form shows above the fields: state, buttons, history, links."""
    links = previews.links_for(article, request.user)
    return {
        "workflow_actions": workflow.available_actions(article, request.user),
        "workflow_events": article.events.select_related("actor")[:20],
        "state": article.display_state(),
        # On the public site, which may not be the host the admin is reached by.
        "share_links": [
            (link, absolute(reverse("articles:preview", args=[previews.token_for(link)])))
            for link in links
        ],
        "can_share": previews.may_share(article, request.user),
        "can_edit": workflow.can_edit(article, request.user),
        "report": factdesk_report(request, article),
        "late_words": late_words(article),
    }


def late_words(article):
    """Words its writer saved after the story moved on, since the story was last saved."""
    events = article.events.filter(action="late_words").select_related("actor")
    last_save = article.revisions.values_list("created_at", flat=True).first()
    return list(events.filter(created_at__gt=last_save) if last_save else events)


def factdesk_report(request, article):
    """Findings for the people who can act on them (writers, editors, publishers)."""
    user = request.user
    if workflow.can_edit(article, user) or user.has_perm("articles.publish_article"):
        return factdesk.check(article)
    return None


@require_POST
def workflow_action(request, pk):
    """A workflow button pressed by someone with nothing typed to keep (see admin_actions)."""
    article = _viewable(request, pk)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = change_url(article)
    run_workflow_form(request, article, request.POST)
    return redirect(back)


def run_workflow_form(request, article, data):
    """Make the move the buttons' form asks for; tell the person what happened."""
    form = WorkflowForm(data)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return False
    data = form.cleaned_data
    try:
        workflow.run(
            data["action"], article, request.user, data["note"], data["when"], data["anyway"]
        )
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return False
    label = workflow.ACTIONS[data["action"]].label
    state = article.display_state()[1].lower()
    when = ""
    if state == "scheduled":
        when = f" for {scheduling.describe(article.publish_at)}"
    messages.success(request, f"{label}: done. The story is now {state}{when}.")
    for notice in form.notices():
        messages.warning(request, notice)
    return True


@never_cache
def revision_history(request, pk):
    article = _viewable(request, pk)
    history = list(article.revisions.select_related("created_by"))
    by_pk = {str(r.pk): r for r in history}
    newer = by_pk.get(request.GET.get("b")) or (history[0] if history else None)
    older = by_pk.get(request.GET.get("a")) or (history[1] if len(history) > 1 else newer)
    changes = revisions.diff(older.snapshot, newer.snapshot) if older and newer else []
    return render(
        request,
        "admin/articles/article/revisions.html",
        {
            **admin.site.each_context(request),
            "title": f"Revisions of “{article.headline}”",
            "article": article,
            "opts": Article._meta,
            "revisions": history,
            "older": older,
            "newer": newer,
            "changes": changes,
            "can_edit": workflow.can_edit(article, request.user),
        },
    )


@require_POST
def restore_revision(request, pk, revision_pk):
    article = _viewable(request, pk)
    if not workflow.can_edit(article, request.user):
        messages.error(request, "You are not allowed to change this story.")
        return redirect(change_url(article))
    revision = get_object_or_404(article.revisions, pk=revision_pk)
    new = revisions.restore(article, revision, request.user)
    messages.success(request, f"Version {revision.version} restored as version {new.version}.")
    return redirect(change_url(article))


@never_cache
def staff_preview(request, pk):
    _viewable(request, pk)  # may see it, an embargo included
    article = get_object_or_404(Article.objects.for_page(), pk=pk)
    return previews.render_preview(request, article)


@require_POST
def share_preview(request, pk):
    article = _viewable(request, pk)
    make_share_link(request, article)
    return redirect(change_url(article))


def make_share_link(request, article):
    try:
        link = previews.share(article, request.user)
    except previews.ShareError as error:
        messages.error(request, str(error))
        return False
    messages.success(
        request,
        f"Share link made; it works until {timezone.localtime(link.expires_at):%H:%M on %d %b}.",
    )
    return True


@require_POST
def revoke_preview(request, pk, link_pk):
    article = _viewable(request, pk)
    try:
        previews.unshare(get_object_or_404(article.preview_links, pk=link_pk), request.user)
    except previews.ShareError as error:
        messages.error(request, str(error))
        return redirect(change_url(article))
    messages.success(request, "Share link revoked: it no longer opens the story.")
    return redirect(change_url(article))


@never_cache
def schedule(request):
    """The coming week for publishers: what goes live and expires, by day and hour."""
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    slots = scheduling.upcoming(days=7)
    days = {}
    for slot in slots:
        local = timezone.localtime(slot.moment)
        slot.actions = [
            a
            for a in workflow.available_actions(slot.article, request.user)
            if a.name in ("publish", "schedule", "unschedule", "set_expiry")
        ]
        if slot.kind == "live" and any(a.name in ("publish", "schedule") for a in slot.actions):
            # Open findings refuse a publish or a new time unless "anyway" is ticked here too.
            slot.report = factdesk.check(slot.article)
        days.setdefault(local.date(), {}).setdefault(local.hour, []).append(slot)
    return render(
        request,
        "admin/articles/article/schedule.html",
        {
            **admin.site.each_context(request),
            "title": "Schedule: the next seven days",
            "opts": Article._meta,
            "days": [(day, sorted(hours.items())) for day, hours in sorted(days.items())],
            "warnings": scheduling.clashes(slots),
            "next": request.get_full_path(),
        },
    )
