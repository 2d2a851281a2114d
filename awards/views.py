from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render

from articles import cachekeys, seo
from articles.models import Article
from awards.models import AwardEvent, Category, Nomination
from awards.seo import award_event
from newsroom import pagecache


def event_detail(request, slug):
    """An award night's winners page: categories and nominees, winners called so far."""
    # Names link to a person's or production's page only where readers may open it.
    nominees = Nomination.objects.with_public_links()
    categories = Category.objects.prefetch_related(Prefetch("nominations", nominees))
    event = (
        AwardEvent.objects.public()
        .prefetch_related(Prefetch("categories", categories))
        .filter(slug=slug)
        .first()
    )
    if event is None:
        raise Http404("No such award event.")
    # Its live story is linked only while readers can open it: its publication or
    # withdrawal purges this page (articles.cachekeys).
    if event.live_story_id:
        pagecache.shows(cachekeys.story_key(event.live_story_id))
    live_story = Article.objects.live().filter(pk=event.live_story_id).first()
    steps = seo.trail((event.name, event.get_absolute_url()))
    return render(
        request,
        "awards/event_detail.html",
        {
            "event": event,
            "live_story": live_story,
            "categories": event.categories.all(),
            **seo.page_context(steps, award_event(event)),
        },
    )
