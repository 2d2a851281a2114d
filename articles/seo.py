"""What search engines and social networks read: JSON-LD and share images."""

from django.conf import settings

from newsroom import images
from newsroom.siteurl import absolute


def share_image_url(image):
    """The picture a share card shows: the focal-point crop made for Open Graph."""
    if image is None:
        return ""
    return absolute(images.og_image_url(image))


def publisher():
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute("/")}


def news_article(article):
    """schema.org NewsArticle for an article page (uses only prefetched relations)."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "description": article.meta_description,
        "mainEntityOfPage": absolute(article.get_absolute_url()),
        "datePublished": article.publish_at.isoformat(),
        "dateModified": max(article.updated_at, article.publish_at).isoformat(),
        "articleSection": article.section.name,
        "keywords": [tag.name for tag in article.tags.all()],
        "publisher": publisher(),
        "author": [
            {"@type": "Person", "name": user.get_full_name() or user.get_username()}
            for user in article.bylines.all()
        ]
        or [publisher()],
        "about": [
            {"@type": "Person", "name": person.name, "url": absolute(person.get_absolute_url())}
            for person in article.people.all()
        ],
    }
    if article.hero_image:
        data["image"] = [share_image_url(article.hero_image)]
    return data


def person(person):
    data = {
        "@context": "https://schema.org",
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
    if person.photo:
        data["image"] = share_image_url(person.photo)
    return data
