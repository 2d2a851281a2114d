from django.shortcuts import render

from articles import seo
from articles.models import Article
from articles.views import PAGE_SIZE
from authors.models import Author
from newsroom import redirects
from newsroom.paging import window


def author_detail(request, slug):
    author = Author.objects.for_page().filter(slug=slug).first()
    if author is None:
        return redirects.follow_or_404(request, Article.objects.live_authors(), slug)
    stories = Article.objects.live().for_cards().filter(bylines__author=author)
    # An author with no live story has no page: it would tell that unpublished work exists.
    page = window(request, stories, PAGE_SIZE, empty_is_missing=True)
    steps = seo.trail((author.name, author.get_absolute_url()))
    return render(
        request,
        "authors/author_detail.html",
        {
            "author": author,
            "page": page,
            "share_image": seo.share_image_url(author.photo),
            **seo.page_context(steps, seo.profile_page(author)),
        },
    )
