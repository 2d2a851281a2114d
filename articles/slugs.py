"""A story's slug follows its headline until the story first goes live; then it stays.

Until a story has been live nobody outside the desk knows its address, so its slug
keeps in step with the headline as the headline is rewritten: in the browser as the
writer types (static/js/slug.js, which makes slugs the same way as `from_headline`)
and here on every save. A slug someone typed by hand is theirs and is left alone. Once
the story has been live its slug changes only when someone edits it, and
newsroom.redirects keeps the old address answering.
"""

import re

from django.utils.text import slugify

# Room for a number ("-12") within the field's 210 characters.
LENGTH = 190


def from_headline(headline):
    """The slug a headline makes: "Pom’s big night!" → "poms-big-night"."""
    return slugify(headline or "")[:LENGTH].strip("-") or "story"


def follows(slug, headline):
    """Was `slug` made from `headline` (perhaps numbered to tell it from another story's)?"""
    base = from_headline(headline)
    numbered = rf"{re.escape(base)}-\d+"
    return bool(slug) and (slug == base or re.fullmatch(numbered, slug) is not None)


def free(headline, others, wanted=None):
    """A slug from `headline` that no story in `others` has: `wanted` if it is free. One query."""
    base = from_headline(headline)
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    if wanted and follows(wanted, headline) and wanted not in taken:
        return wanted
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def on_save(article, stored):
    """The slug `article` takes as it is saved; `stored` is its (slug, headline) before.

    A story never live whose slug still follows its old headline takes the new one's,
    unless this save sets the slug itself.
    """
    if stored is None or article.first_published_at is not None:
        return article.slug
    old_slug, old_headline = stored
    if article.slug != old_slug or article.headline == old_headline:
        return article.slug
    if not follows(old_slug, old_headline):
        return article.slug  # typed by hand: theirs
    return free(article.headline, type(article).objects.exclude(pk=article.pk), wanted=old_slug)


def for_form(article, slug, headline):
    """The slug a story form posting `slug` and `headline` saves `article` with.

    Empty: the headline's. Before the story has been live, a slug made from the headline
    (typed so by the browser as the headline was written) is numbered when another story
    has it, rather than refused.
    """
    others = type(article).objects.exclude(pk=article.pk)  # all of them for a new story
    if not slug:
        return free(headline, others)
    if article.first_published_at is None and follows(slug, headline):
        return free(headline, others, wanted=slug)
    return slug
