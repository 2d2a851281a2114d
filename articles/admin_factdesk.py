"""The fact desk's admin pages: agency copy in, checks, one-click fixes."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from articles import agency, factdesk, revisions, slugs, workflow
from articles.bylines import default_bylines, set_bylines
from articles.models import Article, Section
from people.models import Person, Production


class AgencyCopyForm(forms.Form):
    copy = forms.CharField(
        label="Agency copy",
        widget=forms.Textarea(attrs={"rows": 24, "cols": 100}),
        help_text="Paste the wire story as it came: first line the headline.",
    )
    section = forms.ModelChoiceField(Section.objects.all())
    create_anyway = forms.BooleanField(
        required=False, label="Make another draft from this copy anyway"
    )


@never_cache
def agency_import(request):
    """New story from agency copy: a draft, the original kept, duplicates flagged."""
    if not request.user.has_perm("articles.add_article"):
        raise PermissionDenied
    form = AgencyCopyForm(request.POST or None)
    earlier = []
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["copy"]
        digest = agency.digest(text)
        earlier = list(Article.objects.filter(agency_digest=digest).order_by("pk"))
        if earlier and not form.cleaned_data["create_anyway"]:
            messages.warning(request, "A draft from this copy already exists.")
        else:
            try:
                article = create_draft(text, digest, form.cleaned_data["section"], request.user)
            except ValueError as error:
                form.add_error("copy", str(error))
            else:
                messages.success(request, describe_import(article))
                return redirect("admin:articles_article_change", article.pk)
    return render(
        request,
        "admin/articles/article/agency_import.html",
        {
            **admin.site.each_context(request),
            "title": "New story from agency copy",
            "opts": Article._meta,
            "form": form,
            "earlier": earlier,
        },
    )


def create_draft(text, digest, section, user):
    draft = agency.parse(text)
    with transaction.atomic():
        article = Article.objects.create(
            headline=draft.headline,
            slug=slugs.free(draft.headline, Article.objects.all()),
            standfirst=draft.standfirst,
            body=draft.body,
            hero_caption=draft.caption,
            source=draft.source,
            section=section,
            created_by=user,
            agency_copy=text,
            agency_digest=digest,
        )
        set_bylines(article, default_bylines(user))
        revisions.record(article, user, summary="Created from agency copy")
    return article


def describe_import(article):
    parts = ["Draft made from the agency copy; the original is kept with it."]
    if article.hero_caption:
        parts.append(
            f"A repeated line was taken out and offered as the caption: “{article.hero_caption}”."
        )
    if article.source:
        parts.append(f"Source found: {article.source}.")
    return " ".join(parts)


def _editable(request, pk):
    article = get_object_or_404(Article, pk=pk)
    if not workflow.can_edit(article, request.user):
        raise PermissionDenied
    return article


def _checkable(request, pk):
    """Checks are for the people who can change or publish the story."""
    article = get_object_or_404(Article.objects.prefetch_related("people", "productions"), pk=pk)
    user = request.user
    if not (workflow.can_edit(article, user) or user.has_perm("articles.publish_article")):
        raise PermissionDenied
    return article


@never_cache
def checks_json(request, pk):
    """The checks as JSON; a POST checks the words as typed, before saving."""
    article = _checkable(request, pk)
    if request.method == "POST":
        for field in ("headline", "standfirst", "body", "hero_caption"):
            if field in request.POST:
                setattr(article, field, request.POST[field])
    return JsonResponse(factdesk.check(article).as_dict())


FIX_FIELDS = ("kind", "wrong", "right", "sentence")


@require_POST
def fix(request, pk):
    """A fix pressed by someone with nothing typed to keep (see admin_actions)."""
    article = _editable(request, pk)
    apply_fix(request, article, tuple(request.POST.get(key, "") for key in FIX_FIELDS))
    return redirect("admin:articles_article_change", article.pk)


def apply_fix(request, article, wanted):
    """Apply a fix the fact desk offers (a name or an age), as a new revision."""
    offered = {
        (f.kind, f.wrong, f.right, f.sentence) for f in factdesk.check(article).findings if f.right
    }
    if wanted not in offered:
        messages.error(request, "That correction is no longer offered; the text may have changed.")
        return False
    kind, wrong, right, sentence = wanted
    if kind == "name":
        factdesk.fix_name(article, wrong, right)
    else:
        factdesk.fix_age(article, wrong, right, sentence)
    article.version += 1
    article.save()
    revisions.record(article, request.user, summary=f"Fixed “{wrong}” to “{right}”")
    messages.success(request, format_html("Changed “{}” to “{}”.", wrong, right))
    return True


@require_POST
def attach(request, pk):
    """A suggestion linked by someone with nothing typed to keep (see admin_actions)."""
    article = _editable(request, pk)
    link_suggestion(request, article, request.POST.get("kind"), request.POST.get("id"))
    return redirect(reverse("admin:articles_article_change", args=[article.pk]))


def link_suggestion(request, article, kind, target):
    """Attach a suggested person or production to the story."""
    model = {"person": Person, "production": Production}.get(kind)
    if model is None or not str(target or "").isdigit():
        raise PermissionDenied
    thing = get_object_or_404(model, pk=target)
    (article.people if kind == "person" else article.productions).add(thing)
    article.version += 1
    article.save(update_fields=["version", "updated_at"])
    revisions.record(article, request.user, summary=f"Linked {thing}")
    messages.success(request, f"{thing} is now linked to this story.")
    return True
