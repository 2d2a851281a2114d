from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from articles import seo
from articles.models import Article
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
    person = Person.objects.public().for_page().filter(slug=slug).first()
    if person is None:
        return redirects.follow_or_404(request, Person.objects.public(), slug)
    stories = Article.objects.live().for_cards().filter(people=person)[:STORIES_ON_PAGE]
    html, data = profile(person)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "profile": html,
            "stories": stories,
            "share_image": seo.share_image_url(person.shown_photo),
            **seo.page_context(people_trail((person.name, person.get_absolute_url())), data),
        },
    )


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
    production = Production.objects.public().for_page().filter(slug=slug).first()
    if production is None:
        return redirects.follow_or_404(request, Production.objects.public(), slug)
    credits = list(production.credits.for_production_page())
    stories = Article.objects.live().for_cards().filter(productions=production)[:STORIES_ON_PAGE]
    wins = list(Nomination.objects.won().for_profiles().filter(production=production))
    return render(
        request,
        "people/production_detail.html",
        {
            "production": production,
            "cast": [c for c in credits if c.is_cast],
            "crew": [c for c in credits if not c.is_cast],
            "stories": stories,
            "wins": wins,
            "share_image": seo.share_image_url(production.shown_poster),
            "share_type": seo.OPEN_GRAPH_TYPES.get(production.kind, "website"),
            **seo.page_context(
                productions_trail((production.title, production.get_absolute_url())),
                seo.production(production, credits, awards=awards_of(wins)),
            ),
        },
    )
