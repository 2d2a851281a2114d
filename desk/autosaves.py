"""Autosave: what someone types in the story form, kept on the server until they save it.

Kept per person and per story, or as "your new story" on the add page, apart from the
story itself: nothing here changes the story, records a revision or reaches readers.
Reopening the story offers it back; saving the story (a revision recorded in your name)
or discarding it clears it (desk/signals.py).
"""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from taggit.utils import parse_tags

from articles import revisions
from articles.models import Section
from desk.models import Autosave
from newsroom.sanitize import clean_html

# The story form's fields a person types into, by the form's own names.
FIELDS = [
    "headline",
    "slug",
    "section",
    "standfirst",
    "body",
    "hero_caption",
    "tags",
    "source",
    "seo_title",
    "seo_description",
]
LABELS = {**revisions.LABELS, "slug": "Slug"}


@dataclass
class Offer:
    """An autosave worth offering back: what differs from the saved story, and the values."""

    saved_at: object
    changes: list  # [(label, html diff), ...] as revisions.diff gives them
    values: dict  # form field name: value, for the page's Restore button
    section_label: str
    saved_by_others: bool  # the story was saved by someone else after the form was opened

    @property
    def is_today(self):
        return timezone.localdate(self.saved_at) == timezone.localdate()


def keep(user, article, sent, now=None):
    """Keep the story form's fields in `sent` as `user`'s autosave of `article` (None: new).

    Returns False, keeping nothing, for a request that arrives too late: one from the same
    page sent before the last one kept, or one from a form older than the person's own
    last save of the story.
    """
    data = {field: str(sent[field]) for field in FIELDS if field in sent}
    if "body" in data:
        data["body"] = clean_html(data["body"])
    base = _number(sent.get("base_version"))
    page = str(sent.get("page", ""))[:40]
    sequence = _number(sent.get("sequence")) or 0
    with transaction.atomic():
        current = Autosave.objects.select_for_update().filter(user=user, article=article).first()
        if current and page and current.page == page and current.sequence >= sequence:
            return False
        if article is not None and base is not None and saved_since(article, user, base):
            return False
        Autosave.objects.update_or_create(
            user=user,
            article=article,
            defaults={
                "data": data,
                "base_version": base,
                "page": page,
                "sequence": sequence,
                "saved_at": now or timezone.now(),
            },
        )
    return True


def discard(user, article):
    """Forget `user`'s autosave of `article` (None: their new story)."""
    Autosave.objects.filter(user=user, article=article).delete()


def saved_since(article, user, version):
    """Has `user` saved `article` after `version`? Then what they typed on it is in the story."""
    return article.revisions.filter(created_by=user, version__gt=version).exists()


def offer(user, article):
    """`user`'s autosave of `article` (None: their new story) where it differs, or None.

    Queries: the autosave, and for a story its tags, its revisions and section names.
    """
    autosave = Autosave.objects.filter(user=user, article=article).first()
    if autosave is None:
        return None
    behind = article is not None and autosave.base_version is not None
    if behind and saved_since(article, user, autosave.base_version):
        autosave.delete()  # sent just as they saved; their save has it
        return None
    saved = saved_values(article)
    typed = {field: autosave.data[field] for field in FIELDS if field in autosave.data}
    changed = [f for f in typed if comparable(f, typed[f]) != comparable(f, saved[f])]
    if not changed:
        return None
    names = _section_names([saved["section"], typed.get("section")])
    changes = []
    for field in changed:
        before, after = saved[field], typed[field]
        if field == "section":
            before, after = names.get(str(before), ""), names.get(str(after), "")
        elif field == "tags":
            before, after = _tag_names(before), _tag_names(after)
        changes.append((LABELS[field], revisions.word_diff(before, after)))
    return Offer(
        saved_at=autosave.saved_at,
        changes=changes,
        values=typed,
        section_label=names.get(str(typed.get("section", "")), ""),
        saved_by_others=behind and article.version > autosave.base_version,
    )


def saved_values(article):
    """The form's fields as the saved story fills them (an empty form for a new story)."""
    if article is None:
        return dict.fromkeys(FIELDS, "")
    values = {"section": str(article.section_id or ""), "tags": sorted(article.tags.names())}
    for field in FIELDS:
        values.setdefault(field, getattr(article, field))
    return values


def comparable(field, value):
    """A field's value with what a person cannot see taken out: spacing, tag order."""
    if field == "tags":
        return [name.lower() for name in _tag_names(value)]  # tags ignore case here
    text = str(value or "").replace("\r\n", "\n").strip()
    if field == "body":
        # The editor writes an empty body as "<p></p>", and may space blocks differently.
        text = re.sub(r">\s+<", "><", clean_html(text))
        return "" if re.fullmatch(r"(<p>\s*</p>)*", text) else text
    return text


def _tag_names(value):
    names = value if isinstance(value, list) else parse_tags(str(value or ""))
    return sorted(names, key=str.lower)


def _section_names(pks):
    wanted = [int(pk) for pk in map(str, pks) if pk.isdigit() and len(pk) < 16]
    sections = Section.objects.filter(pk__in=wanted).values_list("pk", "name")
    return {str(pk): name for pk, name in sections}


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
