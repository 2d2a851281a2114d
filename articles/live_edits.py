"""Second eyes on stories readers have seen: an edit waits until someone else approves it.

A save of a story that is out (Article.edits_wait_for_approval) is kept as its waiting
changes, one set per story that everyone's further saves go into; readers keep the live
text meanwhile, and the revisions show both. An editor who did not make the changes, or
a publisher (who may approve their own), puts them live at once or at a chosen moment.
A scheduled replacement is exact to the second, as a go-live is: no cached page outlives
its moment, and the first request after it (or publish_due, whichever comes first) makes
it. Corrections written with the changes go out with them. With
NEWSROOM_EDITORS_PUBLISH_SMALL_FIXES on, an editor may put a small fix of their own live
at once instead, and the history records it as one.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles import cachekeys, merging, revisions
from articles.models import Article, Correction, PendingEdit, WorkflowEvent, display_name
from articles.workflow import Action, WorkflowError

State = PendingEdit.State

PUBLISH_EDIT = Action("publish_edit", "Publish the changes now", "articles.approve_article")
SCHEDULE_EDIT = Action(
    "schedule_edit", "Schedule the changes", "articles.approve_article", needs_time=True
)
DISCARD_EDIT = Action("discard_edit", "Discard the changes", "", needs_note=True)
ACTIONS = {action.name: action for action in (PUBLISH_EDIT, SCHEDULE_EDIT, DISCARD_EDIT)}


def waiting_edit(article):
    """The story's open changes (waiting, or approved for later), or None.

    Remembered on the story object, which the change page asks several times.
    """
    if not hasattr(article, "_waiting_edit"):
        found = None
        if article.pk is not None:
            found = article.pending_edits.filter(state__in=PendingEdit.OPEN).first()
        article._waiting_edit = found
    return article._waiting_edit


def current(article):
    """The story as the desk works on it: with its waiting changes, if it has some."""
    edit = waiting_edit(article)
    return dict(edit.snapshot) if edit else revisions.snapshot(article)


def overlay(article):
    """Put the waiting changes' words on `article` in memory (for the fact desk's checks)."""
    edit = waiting_edit(article)
    for field in revisions.TEXT_FIELDS if edit else ():
        setattr(article, field, edit.snapshot.get(field, ""))
    return article


def may_fix_at_once(user):
    """May `user` put a small fix of their own live without a second look? (a setting)"""
    return bool(settings.NEWSROOM_EDITORS_PUBLISH_SMALL_FIXES) and user.has_perm(
        "articles.edit_any_article"
    )


def may_approve(edit, user):
    """Editors approve others' changes; publishers anyone's, their own included."""
    if not user.is_active or not user.is_staff:
        return False
    if user.has_perm("articles.publish_article"):
        return True
    return user.has_perm("articles.approve_article") and user.pk not in edit.edited_by


def may_discard(edit, user):
    return may_approve(edit, user) or (user.is_active and user.pk in edit.edited_by)


def available_actions(article, user):
    """The buttons `user` gets for the story's waiting changes."""
    edit = waiting_edit(article)
    if edit is None:
        return []
    actions = []
    if may_approve(edit, user):
        actions += [PUBLISH_EDIT, SCHEDULE_EDIT]
    if may_discard(edit, user):
        actions.append(DISCARD_EDIT)
    return actions


def keep(article, by, data, corrections=(), merge=None, summary=""):
    """Keep `data` (a revision's shape) as the story's waiting changes; readers see nothing.

    `merge`: the save was merged with others' (articles.merging); the versions the person
    sent are kept as revisions too. Returns the fresh story and its waiting changes (None
    if it has none). A save that changes nothing is no edit: nobody becomes its author.
    """
    now = timezone.now()
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        edit = locked.pending_edits.select_for_update().filter(state__in=PendingEdit.OPEN).first()
        before = edit.snapshot if edit else revisions.snapshot(locked)
        if not (corrections or merge or revisions.changed_fields(before, data)):
            locked._waiting_edit = article._waiting_edit = edit
            return locked, edit
        if not locked.revisions.filter(version=locked.version).exists():
            # The live text is kept beside the changes, to compare and to merge against.
            revisions.record(locked, None, summary="The live version")
        if edit is None:
            edit = PendingEdit(article=locked, created_by=by, created_at=now)
        elif edit.state == State.SCHEDULED:
            # What was approved is no longer what would go out.
            _event(locked, by, "edit_unscheduled", "Changed after its approval: it waits again.")
            edit.state, edit.apply_at, edit.decided_by, edit.decided_at = (
                State.WAITING,
                None,
                None,
                None,
            )
        edit.snapshot = data
        edit.corrections = [*edit.corrections, *({"text": t, "by": by.pk} for t in corrections)]
        if by.pk not in edit.edited_by:
            edit.edited_by = [*edit.edited_by, by.pk]
        edit.updated_at = now
        edit.save()
        # The version moves on (a stale form is merged), the live text and its time do not.
        sent = len(merge.sent) if merge else 0
        Article.objects.filter(pk=locked.pk).update(version=F("version") + 1 + sent)
        locked.refresh_from_db(fields=["version"])
        if merge:
            merging.record(locked, by, merge, data=data, waiting=True)
        else:
            if not summary:
                previous = locked.revisions.first()
                summary = revisions.describe_changes(previous.snapshot if previous else None, data)
            revisions.record(locked, by, summary=waiting_summary(summary), data=data, waiting=True)
    locked._waiting_edit = article._waiting_edit = edit
    return locked, edit


def waiting_summary(summary):
    return f"{summary} (waiting for approval, not live)"


def run(name, article, by, note="", when=None):
    """Make a named move on the story's waiting changes (the change page's buttons)."""
    edit = _open(article)
    if name == PUBLISH_EDIT.name:
        return approve(edit, by, note=note)
    if name == SCHEDULE_EDIT.name:
        if when is None:
            raise WorkflowError("Choose when the changes should go live.")
        return approve(edit, by, when=when, note=note)
    if name == DISCARD_EDIT.name:
        return discard(edit, by, note)
    raise WorkflowError("Unknown action.")


def approve(edit, by, when=None, note=""):
    """Put the changes live now, or at `when` (exact to the second)."""
    if not may_approve(edit, by):
        if by.pk in edit.edited_by:
            raise WorkflowError(
                "These changes are partly yours: another editor, or a publisher, approves them."
            )
        raise WorkflowError("You are not allowed to approve changes to a live story.")
    now = timezone.now()
    if when is None or when <= now:
        return apply(edit, by, note=note)
    with transaction.atomic():
        claimed = PendingEdit.objects.filter(pk=edit.pk, state__in=PendingEdit.OPEN).update(
            state=State.SCHEDULED, apply_at=when, decided_by=by, decided_at=now
        )
        if not claimed:
            raise WorkflowError("These changes were published or discarded meanwhile.")
        local = timezone.localtime(when)
        text = f"The changes go live at {local:%H:%M:%S on %d %b %Y}."
        _event(edit.article, by, "edit_scheduled", f"{text} {note}".strip(), now)
    edit.refresh_from_db()
    # No page showing the story may be kept past the new moment: they ask again.
    cachekeys.purge_stories([edit.article_id], stale_ok=True, publicness_may_change=False)
    return edit


def apply(edit, by=None, note="", now=None):
    """Replace the live story with the changes, with their corrections; once only."""
    now = now or timezone.now()
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=edit.article_id)
        claimed = PendingEdit.objects.filter(pk=edit.pk, state__in=PendingEdit.OPEN).update(
            state=State.APPLIED, decided_at=now, **({"decided_by": by} if by else {})
        )
        if not claimed:
            raise WorkflowError("These changes were published or discarded meanwhile.")
        edit.refresh_from_db()
        slug = edit.snapshot.get("slug")
        if slug and Article.objects.exclude(pk=article.pk).filter(slug=slug).exists():
            # Taken by another story since the changes were saved: nothing is applied.
            raise WorkflowError(
                f"The address “{slug}” in these changes is now another story's: change the "
                "slug in the changes, save, then publish them."
            )
        revisions.apply_snapshot(article, edit.snapshot, with_slug=True)
        _correct(article, edit.corrections, now)
        writers = names(edit.edited_by)
        approver = display_name(edit.decided_by) if edit.decided_by else "someone"
        summary = f"Changes by {writers} went live, approved by {approver}"
        revisions.record(article, by or edit.decided_by, summary=summary)
        action = "edit_published" if by else "scheduled_edit_published"
        text = f"{summary}." + (f" {note}" if note else "")
        _event(article, by, action, text, now)
    return edit


def discard(edit, by, note):
    if not may_discard(edit, by):
        raise WorkflowError("You are not allowed to discard these changes.")
    if not (note or "").strip():
        raise WorkflowError("“Discard the changes” needs a note saying why.")
    now = timezone.now()
    with transaction.atomic():
        claimed = PendingEdit.objects.filter(pk=edit.pk, state__in=PendingEdit.OPEN).update(
            state=State.DISCARDED, decided_by=by, decided_at=now
        )
        if not claimed:
            raise WorkflowError("These changes were published or discarded meanwhile.")
        _event(edit.article, by, "edit_discarded", note.strip(), now)
    return edit  # readers saw none of it: nothing to purge


def apply_due(now=None):
    """Put live every approved change whose moment has come; safe to run anywhere, often.

    Each is claimed by a conditional update, so of several servers exactly one applies it.
    """
    now = now or timezone.now()
    due = PendingEdit.objects.filter(state=State.SCHEDULED, apply_at__lte=now).order_by("apply_at")
    applied = []
    for edit in due:
        try:
            applied.append(apply(edit, note="", now=edit.apply_at))
        except WorkflowError:
            continue  # another server got there first
    return applied  # each story's save purged the pages showing it


def due_moments(now):
    """When approved changes go live, for the page cache: overdue ones too, so the first
    request after their moment finds them and makes them (apply_due)."""
    return [PendingEdit.objects.filter(state=State.SCHEDULED).values(moment=F("apply_at"))]


def small_fix_recorded(article, by, summary):
    """Note in the history that an editor put a fix live at once, without a second look."""
    _event(article, by, "small_fix", f"Put live at once as a small fix: {summary.lower()}.")


def _open(article):
    edit = article.pending_edits.filter(state__in=PendingEdit.OPEN).first()
    if edit is None:
        raise WorkflowError("The story has no changes waiting.")
    return edit


def _correct(article, corrections, now):
    users = get_user_model().objects.in_bulk([c.get("by") for c in corrections])
    for correction in corrections:
        Correction.objects.create(
            article=article,
            text=correction["text"],
            created_by=users.get(correction.get("by")),
            created_at=now,
        )


def names(pks):
    users = get_user_model().objects.in_bulk(pks)
    names = [display_name(users[pk]) for pk in pks if pk in users]
    if not names:
        return "a deleted account"
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _event(article, by, action, note, now=None):
    status = article.status
    return WorkflowEvent.objects.create(
        article=article,
        actor=by,
        action=action,
        from_status=status,
        to_status=status,
        note=note,
        created_at=now or timezone.now(),
    )
