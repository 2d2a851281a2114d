"""Everything the desk does to a live story and its entries happens here.

Each function takes the person doing it, checks their role, works inside one
transaction, and raises LiveError with a message fit to show them. A change readers
can see purges only the story's own pages (its page, its updates and its feed), never
the rest of the cache: on an award night entries come every few seconds.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from articles import workflow
from articles.models import Article, WorkflowEvent
from live.models import Coverage, Entry, EntryCorrection
from newsroom import pagecache
from newsroom.sanitize import clean_html

Status = Entry.Status
POST = "live.add_entry"
APPROVE = "live.approve_entry"


class LiveError(Exception):
    """A change that is not allowed; the message is shown to the person."""


def _staff(user):
    return user.is_active and user.is_staff


def may_post(user):
    return _staff(user) and user.has_perm(POST)


def may_approve(user):
    """Publish at once, approve, correct, pin, withdraw; key points and the coverage's times."""
    return _staff(user) and user.has_perm(APPROVE)


def needs_approval(user):
    """Do `user`'s entries wait for an editor? Writers' do while the setting says so."""
    return settings.NEWSROOM_LIVE_WRITERS_NEED_APPROVAL and not may_approve(user)


def can_edit(entry, user):
    """Editors change any entry; its writer changes their own while it waits for approval."""
    if may_approve(user):
        return True
    return may_post(user) and entry.author_id == user.pk and entry.status == Status.PENDING


def refresh_readers(story):
    """Forget the cached pages that show `story` (its page, updates and feed), only those."""
    pagecache.purge_keys(story.page_key)


def coverage_of(story):
    """The story's coverage row; an unsaved one with the defaults if it has none yet."""
    return Coverage.objects.filter(story=story).first() or Coverage(story=story)


def _has_words(html):
    return bool(strip_tags(html).strip()) or "<figure" in html


def turn_on(story, by):
    """Make `story` live coverage: its page gets entries, key points and live updates."""
    return _set_format(story, by, True)


def turn_off(story, by):
    """Back to an ordinary story; its entries are kept, and shown again if turned on."""
    return _set_format(story, by, False)


def _set_format(story, by, on):
    if not workflow.can_edit(story, by):
        raise LiveError("Only someone who may edit this story can change its format.")
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=story.pk)
        if locked.is_live_coverage == on:
            return
        # Not save(): the story's words, version, revisions and "Updated" time stay as
        # they are; the purge below makes its page and cards afresh.
        Article.objects.filter(pk=locked.pk).update(is_live_coverage=on)
        if on:
            Coverage.objects.get_or_create(story=locked)
        WorkflowEvent.objects.create(
            article=locked,
            actor=by,
            action="live_coverage_on" if on else "live_coverage_off",
            from_status=locked.status,
            to_status=locked.status,
        )
    story.is_live_coverage = on
    pagecache.purge()  # every list showing the story's card


def post(story, by, body, headline="", pinned=False):
    """A new entry from the desk's quick form: published at once, or waiting for an editor."""
    if not may_post(by):
        raise LiveError("You are not allowed to post live updates.")
    if not story.is_live_coverage:
        raise LiveError("This story is not live coverage.")
    if story.status == Article.Status.WITHDRAWN:
        raise LiveError("This story has been withdrawn: updates cannot be added.")
    if pinned and not may_approve(by):
        raise LiveError("Only editors pin updates.")
    body = clean_html(body or "")
    if not _has_words(body):
        raise LiveError("An update needs some words.")
    now = timezone.now()
    waits = needs_approval(by)
    entry = Entry.objects.create(
        story=story,
        headline=(headline or "").strip(),
        body=body,
        author=by,
        is_pinned=pinned,
        status=Status.PENDING if waits else Status.PUBLISHED,
        published_at=None if waits else now,
        approved_by=None if waits else by,
        created_at=now,
    )
    if not waits:
        refresh_readers(story)
    return entry


def _locked(entry):
    return Entry.objects.select_for_update().select_related("story").get(pk=entry.pk)


def _done(entry, locked):
    for field in ("status", "published_at", "approved_by_id", "is_pinned", "headline", "body"):
        setattr(entry, field, getattr(locked, field))
    entry.updated_at = locked.updated_at


def approve(entry, by):
    """An entry waiting for approval goes out now, timed now."""
    if not may_approve(by):
        raise LiveError("Only editors approve live updates.")
    with transaction.atomic():
        locked = _locked(entry)
        if locked.status != Status.PENDING:
            raise LiveError("This update is not waiting for approval.")
        locked.status, locked.published_at, locked.approved_by = (
            Status.PUBLISHED,
            timezone.now(),
            by,
        )
        locked.save()
        refresh_readers(locked.story)
    _done(entry, locked)


def edit(entry, by, body, headline="", note=""):
    """Change an entry's words. On a published entry a note makes it a public correction,
    which keeps what the entry said before; without one it is a silent fix (a typo)."""
    if not can_edit(entry, by):
        raise LiveError("You are not allowed to change this update.")
    body = clean_html(body or "")
    if not _has_words(body):
        raise LiveError("An update needs some words.")
    note = (note or "").strip()
    with transaction.atomic():
        locked = _locked(entry)
        if not can_edit(locked, by):
            raise LiveError("This update has moved on: only an editor can change it now.")
        if note and locked.status == Status.PUBLISHED:
            EntryCorrection.objects.create(
                entry=locked,
                note=note,
                previous_headline=locked.headline,
                previous_body=locked.body,
                created_by=by,
            )
        locked.headline, locked.body = (headline or "").strip(), body
        locked.save()
        if locked.status == Status.PUBLISHED:
            refresh_readers(locked.story)
    _done(entry, locked)


def set_pinned(entry, by, pinned):
    """Pinned entries stay at the top of the story, above the newest."""
    if not may_approve(by):
        raise LiveError("Only editors pin updates.")
    with transaction.atomic():
        locked = _locked(entry)
        if locked.status == Status.WITHDRAWN:
            raise LiveError("A withdrawn update cannot be pinned.")
        locked.is_pinned = pinned
        locked.save()
        if locked.status == Status.PUBLISHED:
            refresh_readers(locked.story)
    _done(entry, locked)


def withdraw(entry, by):
    """Take an entry off the story; it stays on the desk's record."""
    if not may_approve(by):
        raise LiveError("Only editors withdraw live updates.")
    with transaction.atomic():
        locked = _locked(entry)
        was_public = locked.status == Status.PUBLISHED
        locked.status, locked.is_pinned = Status.WITHDRAWN, False
        locked.save()
        if was_public:
            refresh_readers(locked.story)
    _done(entry, locked)


def update_coverage(story, by, key_points, starts_at=None, ends_at=None):
    """The key points above the updates, and when the coverage starts and is planned to end."""
    if not may_approve(by):
        raise LiveError("Only editors change the key points and times of live coverage.")
    if starts_at and ends_at and ends_at <= starts_at:
        raise LiveError("The planned end must come after the start.")
    with transaction.atomic():
        coverage, _ = Coverage.objects.select_for_update().get_or_create(story=story)
        coverage.key_points = "\n".join(
            line.strip() for line in (key_points or "").splitlines() if line.strip()
        )
        coverage.starts_at, coverage.ends_at = starts_at, ends_at
        coverage.save()
        refresh_readers(story)
    return coverage


def end(story, by):
    """The coverage is over: readers' pages stop checking for updates and say so."""
    return _set_ended(story, by, timezone.now())


def resume(story, by):
    return _set_ended(story, by, None)


def _set_ended(story, by, moment):
    if not may_approve(by):
        raise LiveError("Only editors end or resume live coverage.")
    with transaction.atomic():
        coverage, _ = Coverage.objects.select_for_update().get_or_create(story=story)
        coverage.ended_at = moment
        if moment is not None:
            coverage.ends_at = moment
        coverage.save()
        refresh_readers(story)
    return coverage
