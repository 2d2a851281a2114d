"""Revisions: a snapshot after every save, readable diffs, and restore as a new save."""

import difflib
import html
import re

from django.db import transaction
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from articles.bylines import set_bylines
from articles.models import Article, Byline, Revision, Section, WorkflowEvent

# The words a revision keeps, which a restore brings back.
TEXT_FIELDS = [
    "headline",
    "standfirst",
    "body",
    "hero_caption",
    "source",
    "seo_title",
    "seo_description",
]
# The fields chosen from other rows (kept by id, shown by name).
PICKED = ("section", "hero_image", "people", "productions", "bylines")
# Picked fields whose order is part of the story: the first author is named first.
ORDERED = ("bylines",)
# Every field a person edits on the story's form, in the form's order, with the label
# a person reads in a diff. A revision keeps them all (older ones may lack slug, bylines).
LABELS = {
    "headline": "Headline",
    "slug": "Slug",
    "section": "Section",
    "standfirst": "Standfirst",
    "body": "Body",
    "hero_image": "Picture",
    "hero_caption": "Caption",
    "people": "People",
    "productions": "Productions",
    "tags": "Tags",
    "bylines": "Bylines",
    "source": "Source",
    "is_lead": "Lead story",
    "seo_title": "SEO title",
    "seo_description": "SEO description",
}


def snapshot(article):
    """What a revision stores: the words, the section and the links, by value."""
    data = {field: getattr(article, field) for field in TEXT_FIELDS}
    data.update(
        slug=article.slug,
        section=article.section_id,
        hero_image=article.hero_image_id,
        is_lead=article.is_lead,
        tags=sorted(article.tags.names()),
        people=sorted(article.people.values_list("pk", flat=True)),
        productions=sorted(article.productions.values_list("pk", flat=True)),
        bylines=list(article.bylines.values_list("author_id", flat=True)),
    )
    return data


def changed_fields(old, new):
    """Fields that differ; one missing from either (a revision older than it) is skipped."""
    if old is None:
        return [field for field in LABELS if field in new]
    return [field for field in LABELS if field in old and field in new and old[field] != new[field]]


def describe_changes(old, new):
    if old is None:
        return "Created"
    changes = changed_fields(old, new)
    if not changes:
        return "Saved without changes"
    return "Changed " + ", ".join(LABELS[field].lower() for field in changes)


def record(article, by, summary=""):
    """Store a revision of `article` as it is now (after its links are saved)."""
    data = snapshot(article)
    previous = article.revisions.first()
    if not summary:
        summary = describe_changes(previous.snapshot if previous else None, data)
    return Revision.objects.create(
        article=article,
        version=article.version,
        created_by=by,
        summary=summary[:300],
        snapshot=data,
    )


def _words(value):
    if isinstance(value, list):
        return [str(v) for v in value]
    # Compare what a reader reads: tags become paragraph breaks, not noise.
    text = strip_tags(re.sub(r"</(p|h2|h3|li|blockquote)>", "\n", str(value or "")))
    return re.findall(r"\S+|\n", text)


def word_diff(old, new):
    """Inline HTML: removed words in <del>, added words in <ins>, everything escaped."""
    a, b = _words(old), _words(new)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(parts).replace("\n", "<br>"))


def diff(old, new):
    """[(label, html), ...] for each field that differs between two snapshots."""
    rows = []
    for field in changed_fields(old, new):
        before, after = readable(field, old[field], new[field])
        rows.append((LABELS[field], word_diff(before, after)))
    return rows


def readable(field, *values):
    """Values of `field` from snapshots as a person reads them: names, not ids.

    Makes one query for a picked field (section, picture, people, productions, bylines).
    """
    if field == "is_lead":
        return ["yes" if value else "no" for value in values]
    if field not in PICKED:
        return list(values)
    model = picked_model(field)
    pks = {pk for value in values for pk in _as_list(value) if pk is not None}
    names = {row.pk: str(row) for row in model.objects.filter(pk__in=pks)}
    shown = []
    for value in values:
        found = [names.get(pk, f"(deleted #{pk})") for pk in _as_list(value) if pk is not None]
        shown.append(found if isinstance(value, list) else "".join(found))
    return shown


def picked_model(field):
    """The model a picked field chooses from: bylines choose authors, through Byline."""
    if field == "bylines":
        return Byline._meta.get_field("author").related_model
    return Article._meta.get_field(field).related_model


def picked_rows(field, pks):
    """The rows a picked field's stored ids name, in that order; deleted ones left out."""
    rows = picked_model(field).objects.in_bulk(pks)
    return [rows[pk] for pk in pks if pk in rows]


def _as_list(value):
    return value if isinstance(value, list) else [value]


def restore(article, revision, by):
    """Bring back `revision`'s words and links as a new revision; nothing is lost.

    The slug stays as it is: a restore never moves a story to another address.
    """
    data = revision.snapshot
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        for field in TEXT_FIELDS:
            setattr(article, field, data.get(field, ""))
        if Section.objects.filter(pk=data.get("section")).exists():
            article.section_id = data["section"]
        article.hero_image_id = data.get("hero_image")
        article.is_lead = data.get("is_lead", False)
        article.version += 1
        article.save()  # sanitises the body again, whatever the snapshot held
        article.tags.set(data.get("tags", []))
        article.people.set(picked_rows("people", data.get("people", [])))
        article.productions.set(picked_rows("productions", data.get("productions", [])))
        if "bylines" in data:  # revisions older than bylines in snapshots leave them be
            set_bylines(article, picked_rows("bylines", data["bylines"]))
        return record(article, by, summary=f"Restored version {revision.version}")


def keep_late_words(article, by, data):
    """Keep words sent by the story's writer after it left their hands, without applying them.

    A writer with the story open may press Save after an editor has moved it on (to
    review, say). The save is refused, but their words go into the story's workflow
    history, where the editor sees them, so nothing typed is lost. Returns the note.
    """
    sent = {field: _as_text(data.get(field, "")) for field in LATE_WORDS}
    parts = [
        f"{label}:\n{sent[field]}"
        for field, label in LATE_WORDS.items()
        if sent[field] != _as_text(getattr(article, field))
    ]
    who = by.get_full_name() or by.get_username()
    state = article.display_state()[1].lower()
    note = f"Words {who} saved after the story had moved to {state}, not applied:\n\n"
    note += "\n\n".join(parts or ["(no changes)"])
    WorkflowEvent.objects.create(
        article=article,
        actor=by,
        action="late_words",
        from_status=article.status,
        to_status=article.status,
        note=note[:LATE_WORDS_LIMIT],
    )
    return note


LATE_WORDS = {"headline": "Headline", "standfirst": "Standfirst", "body": "Body"}
LATE_WORDS_LIMIT = 100_000


def _as_text(html_text):
    """Plain text with its paragraphs, for a note a person reads."""
    text = re.sub(r"</(p|h\d|li|blockquote)>|<br\s*/?>", "\n", str(html_text or ""))
    return "\n".join(line.strip() for line in html.unescape(strip_tags(text)).splitlines()).strip()
