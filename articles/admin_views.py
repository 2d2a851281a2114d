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


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def _viewable(request, pk):
    article = get_object_or_404(Article, pk=pk)
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    return article


def workflow_context(request, article):
    """What the change form shows above the fields: state, buttons, history, links."""
    links = previews.links_for(article, request.user)
    return {
        "workflow_actions": workflow.available_actions(article, request.user),
        "workflow_events": article.events.select_related("actor")[:20],
        "state": article.display_state(),
        "share_links": [
            (
                link,
                request.build_absolute_uri(
                    reverse("articles:preview", args=[previews.token_for(link)])
                ),
            )
            for link in links
        ],
        "can_share": previews.may_share(article, request.user),
        "can_edit": workflow.can_edit(article, request.user),
        "report": factdesk_report(request, article),
    }


def factdesk_report(request, article):
    """Findings for the people who can act on them (writers, editors, publishers)."""
    user = request.user
    if workflow.can_edit(article, user) or user.has_perm("articles.publish_article"):
        return factdesk.check(article)
    return None


@require_POST
def workflow_action(request, pk):
    article = _viewable(request, pk)
    form = WorkflowForm(request.POST)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = change_url(article)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    try:
        workflow.run(
            data["action"], article, request.user, data["note"], data["when"], data["anyway"]
        )
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
        return redirect(back)
    label = workflow.ACTIONS[data["action"]].label
    state = article.display_state()[1].lower()
    when = ""
    if state == "scheduled":
        when = f" for {scheduling.describe(article.publish_at)}"
    messages.success(request, f"{label}: done. The story is now {state}{when}.")
    for notice in form.notices():
        messages.warning(request, notice)
    return redirect(back)


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
    _viewable(request, pk)
    article = get_object_or_404(Article.objects.for_page(), pk=pk)
    return previews.render_preview(request, article)


@require_POST
def share_preview(request, pk):
    article = _viewable(request, pk)
    try:
        link = previews.share(article, request.user)
    except previews.ShareError as error:
        messages.error(request, str(error))
        return redirect(change_url(article))
    messages.success(
        request,
        f"Share link made; it works until {timezone.localtime(link.expires_at):%H:%M on %d %b}.",
    )
    return redirect(change_url(article))


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
