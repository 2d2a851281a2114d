"""What search engines and social networks read: JSON-LD, trails and share images.

Every function here builds plain dicts from rows a page has already loaded: none
makes a query. Every address in them starts with SITE_URL.
"""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from articles.models import HEADLINE_LIMIT
from newsroom import images, rights
from newsroom.siteurl import absolute
from newsroom.templatetags.newsroom import machine_time
from people.models import Credit, Production

CONTEXT = "https://schema.org"
# The pictures shipped in static/img (drawn by `manage.py draw_site_pictures`).
LOGO = ("img/logo.png", 512, 512)
SHARE_IMAGE = ("img/share.png", 1200, 630)
# schema.org's type for each kind of production; the rest are plain creative works.
PRODUCTION_TYPES = {Production.Kind.FILM: "Movie", Production.Kind.TV: "TVSeries"}
OPEN_GRAPH_TYPES = {Production.Kind.FILM: "video.movie", Production.Kind.TV: "video.tv_show"}


def default_share_image_url():
    """The site's own share picture, for pages without one of their own."""
    return absolute(static(SHARE_IMAGE[0]))


def share_image_url(image):
    """The picture a share card shows: the focal-point crop made for Open Graph.

    Of what readers may see for `image` (newsroom.rights.to_show): "" for none.
    """
    image = rights.to_show(image)
    if image is None:
        return ""
    return absolute(images.og_image_url(image))


def picture_url(image):
    """A picture whole, as readers see it largest (a portrait or a poster, uncropped).

    `image` is one readers may see (to_show has been asked).
    """
    return absolute(images.jpeg_url(image))


def organization():
    """The desk as publisher, with the logo search engines show beside its stories."""
    path, width, height = LOGO
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute("/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(static(path)),
            "width": width,
            "height": height,
        },
    }


def home_page():
    """The site and its search box, and the organisation behind it."""
    return [
        {
            "@context": CONTEXT,
            "@type": "WebSite",
            "name": settings.SITE_NAME,
            "url": absolute("/"),
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": absolute(reverse("articles:search")) + "?q={search_terms}",
                },
                "query-input": "required name=search_terms",
            },
        },
        {"@context": CONTEXT, **organization()},
    ]


def trail(*steps):
    """[(name, path), ...] from the home page down to this page."""
    return [("Home", "/"), *steps]


def breadcrumb_list(steps):
    """schema.org BreadcrumbList for a trail made by `trail`."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": absolute(path)}
            for number, (name, path) in enumerate(steps, start=1)
        ],
    }


def page_context(steps, *items):
    """Template context for a page below home: its trail and its structured data."""
    return {"structured_data": [*items, breadcrumb_list(steps)]}


def authors(article):
    """The story's bylines as schema.org people with their pages, or the desk itself."""
    people = [_person_ref(byline.author) for byline in article.bylines.all()]
    return people or [organization()]


def news_article(article):
    """schema.org NewsArticle for an article page (uses only prefetched relations)."""
    url = absolute(article.get_absolute_url())
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": article.headline[:HEADLINE_LIMIT],
        "description": article.meta_description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": machine_time(article.publish_at),
        "dateModified": machine_time(max(article.updated_at, article.publish_at)),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "inLanguage": "en-GB",
        "isAccessibleForFree": True,
        "publisher": organization(),
        "author": authors(article),
        "about": [
            {"@type": "Person", "name": person.name, "url": absolute(person.get_absolute_url())}
            for person in article.people.all()
        ],
        "image": images.structured_data_urls(article.hero) or [default_share_image_url()],
    }
    if article.hero:
        data["thumbnailUrl"] = share_image_url(article.hero)
    return data


def person(person, awards=()):
    """schema.org Person; `awards` are texts such as “Best Actor, 2027 Academy Awards”."""
    data = {
        "@context": CONTEXT,
        "@type": "Person",
        "name": person.name,
        "url": absolute(person.get_absolute_url()),
    }
    if person.aliases:
        data["alternateName"] = person.aliases
    if person.birth_date:
        data["birthDate"] = person.birth_date.isoformat()
    if person.death_date:
        data["deathDate"] = person.death_date.isoformat()
    if person.birthplace:
        data["birthPlace"] = person.birthplace
    if person.bio:
        data["description"] = person.bio
    if person.shown_photo:
        data["image"] = picture_url(person.shown_photo)
    if person.same_as:
        data["sameAs"] = person.same_as
    if awards:
        data["award"] = list(awards)
    return data


def _person_ref(person):
    """A person or an author, named and pointing at their page."""
    return {"@type": "Person", "name": person.name, "url": absolute(person.get_absolute_url())}


def profile_page(author):
    """schema.org ProfilePage for an author's page, about the author as a Person."""
    person = _person_ref(author)
    if author.job_title:
        person["jobTitle"] = author.job_title
    if author.bio:
        person["description"] = author.bio
    if author.photo:
        person["image"] = picture_url(author.photo)
    if author.same_as:
        person["sameAs"] = author.same_as
    return {
        "@context": CONTEXT,
        "@type": "ProfilePage",
        "url": person["url"],
        "name": author.name,
        "dateModified": machine_time(author.updated_at),
        "mainEntity": person,
    }


def _role(name, credit):
    """One credit as a PerformanceRole: the person, in the property `name`, and the part."""
    role = {"@type": "PerformanceRole", name: _person_ref(credit.person)}
    if credit.character:
        role["characterName"] = credit.character
    return role


def production(production, credits, awards=()):
    """schema.org Movie, TVSeries or CreativeWork, with its cast, directors and awards.

    `credits` are the production's credits with their people loaded.
    """
    kind = PRODUCTION_TYPES.get(production.kind, "CreativeWork")
    data = {
        "@context": CONTEXT,
        "@type": kind,
        "name": production.title,
        "url": absolute(production.get_absolute_url()),
    }
    if production.synopsis:
        data["description"] = production.synopsis
    if production.release_date:
        data["datePublished"] = production.release_date.isoformat()
    elif production.release_year:
        data["datePublished"] = str(production.release_year)
    if production.shown_poster:
        data["image"] = picture_url(production.shown_poster)
    if production.same_as:
        data["sameAs"] = production.same_as
    if awards:
        data["award"] = list(awards)
    cast = [credit for credit in credits if credit.is_cast]
    directors = [credit.person for credit in credits if credit.role == Credit.Role.DIRECTOR]
    if kind == "CreativeWork":
        # A plain creative work has no actors or director: its people are contributors.
        if credits:
            data["contributor"] = [_role("contributor", credit) for credit in credits]
        return data
    if cast:
        data["actor"] = [_role("actor", credit) for credit in cast]
    if directors:
        data["director"] = [_person_ref(person) for person in dict.fromkeys(directors)]
    return data
