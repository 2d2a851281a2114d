"""Revisions: a snapshot after every save, readable diffs, and restore as a new save."""

import difflib
import html
import re

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from articles.models import Article, Revision, Section, WorkflowEvent

# The fields a revision keeps, with the label a person reads in a diff.
TEXT_FIELDS = {
    "headline": "Headline",
    "standfirst": "Standfirst",
    "body": "Body",
    "hero_caption": "Caption",
    "source": "Source",
    "seo_title": "SEO title",
    "seo_description": "SEO description",
}
LINK_FIELDS = {
    "section": "Section",
    "tags": "Tags",
    "people": "People",
    "productions": "Productions",
}
LABELS = {**TEXT_FIELDS, **LINK_FIELDS, "hero_image": "Picture", "is_lead": "Lead story"}


def snapshot(article):
    """What a revision stores: the words, the section and the links, by value."""
    data = {field: getattr(article, field) for field in TEXT_FIELDS}
    data.update(
        section=article.section_id,
        hero_image=article.hero_image_id,
        is_lead=article.is_lead,
        tags=sorted(article.tags.names()),
        people=sorted(article.people.values_list("pk", flat=True)),
        productions=sorted(article.productions.values_list("pk", flat=True)),
    )
    return data


def changed_fields(old, new):
    return [field for field in LABELS if (old or {}).get(field) != new.get(field)]


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
        before, after = old.get(field), new.get(field)
        if field == "section":
            names = dict(Section.objects.filter(pk__in=[before, after]).values_list("pk", "name"))
            before, after = names.get(before, ""), names.get(after, "")
        rows.append((LABELS[field], word_diff(before, after)))
    return rows


def restore(article, revision, by):
    """Bring back `revision`'s words and links as a new revision; nothing is lost."""
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
        article.people.set(article.people.model.objects.filter(pk__in=data.get("people", [])))
        article.productions.set(
            article.productions.model.objects.filter(pk__in=data.get("productions", []))
        )
        return record(article, by, summary=f"Restored version {revision.version}")


def conflict_since(article, base_version):
    """Who saved `article` after `base_version` was opened, and what they changed."""
    newer = list(article.revisions.filter(version__gt=base_version).select_related("created_by"))
    opened = article.revisions.filter(version=base_version).first()
    latest = newer[0] if newer else None
    who = "Someone else"
    when = article.updated_at
    if latest is not None:
        if latest.created_by:
            who = latest.created_by.get_full_name() or latest.created_by.get_username()
        when = latest.created_at
    local = timezone.localtime(when)
    message = (
        f"{who} saved this story at {local:%H:%M:%S on %d %b %Y}, after you opened it. "
        "Nothing you typed is lost: your version is still in the form below, and what "
        "they changed is shown above it. Save again to keep your version."
    )
    changes = diff(opened.snapshot, latest.snapshot) if opened and latest else []
    return {"message": message, "who": who, "when": when, "changes": changes}


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
