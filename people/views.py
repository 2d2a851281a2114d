import functools
from functools import partial

from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles import seo
from articles.models import Article, listed
from articles.views import paginate
from awards.models import Nomination
from awards.seo import awards_of
from newsroom import pagecache, redirects, rights
from people.models import Person, Production, group_credits_by_production

STORIES_ON_PAGE = 10


def person_index(request):
    letter = request.GET.get("letter", "").upper()[:1]
    people = Person.objects.public().order_by("sort_name", "name").only("name", "slug", "sort_name")
    if letter.isalpha():
        people = people.filter(sort_name__istartswith=letter)
    page = paginate(request, people, per_page=100)
    steps = people_trail()
    if letter.isalpha():
        steps.append((letter, f"{reverse('people:person_index')}?letter={letter}"))
    return render(
        request,
        "people/person_index.html",
        {
            "page": page,
            "letter": letter,
            "letters": "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            **seo.page_context(steps),
        },
    )


def people_trail(*steps):
    return seo.trail(("People", reverse("people:person_index")), *steps)


def productions_trail(*steps):
    return seo.trail(("Productions", reverse("people:production_index")), *steps)


def person_detail(request, slug):
    # Their row and their stories' ids only: the rest of the page comes from pieces kept
    # per version of them, made afresh (photo, wins, credits, cards) when it changes.
    person = next(iter(Person.objects.filter(slug=slug).order_by()[:1]), None)
    stories = Article.objects.live().filter(people=person).newest_first()[:STORIES_ON_PAGE]
    stories = stories.card_rows() if person else []
    # Public as PersonQuerySet.public has it: marked public, or named by a live story,
    # which the list of their live stories answers without a query of its own.
    if person is None or not (person.shown_publicly or stories):
        return redirects.follow_or_404(request, Person.objects.public(), slug)
    # Today's date too: their age changes overnight.
    version = (
        f"{person.pk}:{person.updated_at.timestamp()}:{person.photo_id or 0}:"
        f"{timezone.localdate()}:{listed(stories)}"
    )
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "stories": stories,
            "version": version,
            "key": f"person:{person.slug}",
            "parts": functools.cache(partial(_person_parts, person)),
        },
    )


def _person_parts(person):
    """What the kept pieces of a person's page are made from, when they are made."""
    html, data = profile(person)
    steps = people_trail((person.name, person.get_absolute_url()))
    return {
        "profile": html,
        "share_image": seo.share_image_url(person.shown_photo),
        **seo.page_context(steps, data),
    }


def profile(person):
    """(their wins and credits as their page shows them, their schema.org Person).

    Kept per version of the person until their key is purged (a winner called, a story
    naming them changed) and never past the next scheduled change; anything else that
    changes them (their credits, a production's title or publicness, an award night)
    purges everything.
    """

    def make():
        wins = list(Nomination.objects.won().for_profiles().filter(person=person))
        credits = group_credits_by_production(person.credits.for_person_page())
        html = render_to_string(
            "people/_profile.html", {"person": person, "wins": wins, "credit_groups": credits}
        )
        return mark_safe(html), seo.person(person, awards=awards_of(wins))

    # The photo its structured data names too: once its licence ends, the name changes.
    photo = rights.shown_key(person.shown_photo)
    name = f"profile:{person.pk}:{person.updated_at.timestamp()}:{photo}"
    # Never past the next scheduled change: a production credited here may be public only
    # while a story naming it is live.
    return pagecache.fragment(name, make, lists_stories=True, keys=[f"person:{person.slug}"])


def production_index(request):
    productions = Production.objects.public().order_by("-release_year", "title")
    page = paginate(request, productions)
    return render(
        request,
        "people/production_index.html",
        {"page": page, **seo.page_context(productions_trail())},
    )


def production_detail(request, slug):
    # As a person's page: its row and its stories' ids, the rest from kept pieces.
    production = next(iter(Production.objects.filter(slug=slug).order_by()[:1]), None)
    stories = Article.objects.live().filter(productions=production).newest_first()
    stories = stories[:STORIES_ON_PAGE].card_rows() if production else []
    # Public as ProductionQuerySet.public has it, answered by its live stories.
    if production is None or not (production.shown_publicly or stories):
        return redirects.follow_or_404(request, Production.objects.public(), slug)
    version = (
        f"{production.pk}:{production.updated_at.timestamp()}:{production.poster_id or 0}:"
        f"{listed(stories)}"
    )
    return render(
        request,
        "people/production_detail.html",
        {
            "production": production,
            "stories": stories,
            "version": version,
            "key": f"production:{production.slug}",
            "parts": functools.cache(partial(_production_parts, production)),
        },
    )


def _production_parts(production):
    """What the kept pieces of a production's page are made from, when they are made."""
    credits = list(production.credits.for_production_page())
    wins = list(Nomination.objects.won().for_profiles().filter(production=production))
    steps = productions_trail((production.title, production.get_absolute_url()))
    return {
        "cast": [c for c in credits if c.is_cast],
        "crew": [c for c in credits if not c.is_cast],
        "wins": wins,
        "share_image": seo.share_image_url(production.shown_poster),
        "share_type": seo.OPEN_GRAPH_TYPES.get(production.kind, "website"),
        **seo.page_context(steps, seo.production(production, credits, awards=awards_of(wins))),
    }
