import datetime
from functools import partial

from django.contrib.sitemaps.views import x_robots_tag
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from taggit.models import Tag

from articles import previews, seo, sitemaps
from articles import search as site_search
from articles.models import Article, Section, listed
from live import views as live_views
from newsroom import redirects
from newsroom.paging import window

PAGE_SIZE = 20


def paginate(request, queryset, per_page=PAGE_SIZE):
    """The requested page of `queryset`; a page past the end is a 404, not an error."""
    try:
        return Paginator(queryset, per_page).page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from error


def home(request):
    latest, by_section = Article.objects.live().front_page(latest=13, per_section=4)
    lead = next((row for row in latest if row.is_lead), latest[0] if latest else None)
    latest = [row for row in latest if row is not lead][:12]
    return render(
        request,
        "articles/home.html",
        {
            "lead": lead,
            "latest": latest,
            # The page's stories are kept as one piece, named by which stories it lists.
            "piece": f"home:{listed([lead] if lead else [], latest, by_section)}",
            # Called only if the page's kept parts have to be made afresh.
            "section_groups": partial(group_by_section, by_section),
            "home_data": seo.home_page,
        },
    )


def group_by_section(rows):
    """[(section, [card row, ...]), ...] in the sections' own order (the kept navigation)."""
    groups = {}
    for row in rows:
        groups.setdefault(row.section_id, []).append(row)
    sections = Section.objects.for_navigation()
    return [(section, groups[section.pk]) for section in sections if section.pk in groups]


def article_detail(request, slug):
    # The story's own row only: its section, picture, tags, people, bylines and so on
    # are read only for the pieces of the page made afresh (templatetags.stories), the
    # rest come kept per story version. Unordered: the slug is unique, and ordering
    # costs more to build than the query.
    found = Article.objects.live().filter(slug=slug).order_by()[:1]
    article = next(iter(found), None)
    if article is None:
        return redirects.follow_or_404(request, Article.objects.live(), slug)
    page = {"article": article}
    if article.is_live_coverage:
        # The live app adds the entries, key points and its own structured data.
        article.load_relations()
        steps = seo.trail(
            (article.section.name, article.section.get_absolute_url()),
            (article.headline, article.get_absolute_url()),
        )
        return live_views.story_page(request, article, page, steps)
    return render(request, "articles/article_detail.html", {**page, "news_article": True})


@never_cache
def shared_preview(request, token):
    """A draft shared for review: only while its link is valid, never cached or indexed."""
    link = previews.active_link(token)
    if link is None:
        raise Http404("This preview link has expired or been revoked.")
    article = get_object_or_404(Article.objects.for_page(), pk=link.article_id)
    return previews.render_preview(request, article)


def section_detail(request, slug):
    section = Section.objects.filter(slug=slug).first()
    if section is None:
        return redirects.follow_or_404(request, Section.objects.all(), slug)
    page = window(request, Article.objects.live().for_cards().filter(section=section), PAGE_SIZE)
    steps = seo.trail((section.name, section.get_absolute_url()))
    return render(
        request,
        "articles/section_detail.html",
        {"section": section, "page": page, **seo.page_context(steps)},
    )


def tag_url(slug):
    return reverse("articles:tag_detail", args=[slug])


def tag_detail(request, slug):
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        return redirects.follow_or_404(
            request, Article.objects.live_tags(), slug, lambda tag: tag_url(tag.slug)
        )
    stories = Article.objects.live().for_cards().filter(tags=tag)
    # A tag that only unpublished stories carry has no page: its name could give them away.
    page = window(request, stories, PAGE_SIZE, empty_is_missing=True)
    steps = seo.trail((tag.name, reverse("articles:tag_detail", args=[tag.slug])))
    return render(
        request, "articles/tag_detail.html", {"tag": tag, "page": page, **seo.page_context(steps)}
    )


@x_robots_tag
def sitemap_index(request):
    """The list of sitemaps, as Django's index view gives it but with SITE_URL's address."""
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": sitemaps.index_entries()},
        content_type="application/xml",
    )


def news_sitemap(request):
    """Stories from the last 48 hours, in the form news search engines read."""
    since = timezone.now() - datetime.timedelta(hours=48)
    articles = Article.objects.live().filter(publish_at__gte=since).newest_first()[:1000]
    return render(
        request,
        "articles/news_sitemap.xml",
        {"articles": articles},
        content_type="application/xml; charset=utf-8",
    )


def search(request):
    # PostgreSQL refuses text holding a NUL byte; between two words it is a space.
    query = request.GET.get("q", "").replace("\x00", " ").strip()[:200]
    results = site_search.search(query) if query else site_search.Results(hits=[], people=[])
    page = paginate(request, results.hits)
    return render(
        request,
        "articles/search.html",
        {
            "query": query,
            "page": page,
            "hits": site_search.hits_for(page.object_list, results),
            "people": results.people,
            "corrected": results.corrected,
            **seo.page_context(seo.trail(("Search", reverse("articles:search")))),
        },
    )
