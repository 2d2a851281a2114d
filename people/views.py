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
from newsroom import redirects
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


def _public_with_stories(model, slug, about):
    """(the person or production with this slug, their newest live stories as card rows),
    or (None, []) if readers may not know of them.

    Their row and their stories' ids are all a page of theirs reads: the rest comes from
    pieces kept per version of them (_piece_version). Public as the models' public() has
    it, marked public or named by a live story, which the list answers without a query
    of its own.
    """
    found = next(iter(model.objects.filter(slug=slug).order_by()[:1]), None)
    if found is None:
        return None, []
    stories = Article.objects.live().filter(**{about: found}).newest_first()
    stories = stories[:STORIES_ON_PAGE].card_rows()
    if not (found.shown_publicly or stories):
        return None, []
    return found, stories


def _piece_version(found, picture_id, stories):
    """What names the kept pieces of their page: their version, picture and stories."""
    return f"{found.pk}:{found.updated_at.timestamp()}:{picture_id or 0}:{listed(stories)}"


def person_detail(request, slug):
    person, stories = _public_with_stories(Person, slug, "people")
    if person is None:
        return redirects.follow_or_404(request, Person.objects.public(), slug)
    # Today's date too: their age changes overnight.
    version = f"{_piece_version(person, person.photo_id, stories)}:{timezone.localdate()}"
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
    """What the kept pieces of a person's page are made from, when they are made: their
    wins and credits, share picture and structured data. Kept with the page's pieces,
    until their key is purged (a winner called, a story naming them changed) and never
    past the next scheduled change (a production credited here may be public only while
    a story naming it is live); anything else that changes them (their credits, a
    production's title or publicness, an award night) purges everything."""
    wins = list(Nomination.objects.won().for_profiles().filter(person=person))
    credits = group_credits_by_production(person.credits.for_person_page())
    html = render_to_string(
        "people/_profile.html", {"person": person, "wins": wins, "credit_groups": credits}
    )
    steps = people_trail((person.name, person.get_absolute_url()))
    return {
        "profile": mark_safe(html),
        "share_image": seo.share_image_url(person.shown_photo),
        **seo.page_context(steps, seo.person(person, awards=awards_of(wins))),
    }


def production_index(request):
    productions = Production.objects.public().order_by("-release_year", "title")
    page = paginate(request, productions)
    return render(
        request,
        "people/production_index.html",
        {"page": page, **seo.page_context(productions_trail())},
    )


def production_detail(request, slug):
    production, stories = _public_with_stories(Production, slug, "productions")
    if production is None:
        return redirects.follow_or_404(request, Production.objects.public(), slug)
    version = _piece_version(production, production.poster_id, stories)
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
