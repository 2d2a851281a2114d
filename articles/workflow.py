"""Every change of an article's status happens here, and only here.

Each transition takes the person doing it, checks their role and the article's
state on a locked, fresh copy of the row, records a WorkflowEvent and raises
WorkflowError with a message fit to show them when the move is not allowed.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from articles import cachekeys, factdesk
from articles.models import Article, WorkflowEvent

Status = Article.Status


class WorkflowError(Exception):
    """A transition that is not allowed; the message is shown to the person."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    permission: str  # a Django permission, or "" for the author's own work
    needs_note: bool = False
    needs_time: bool = False


SUBMIT = Action("submit", "Submit for review", "")
APPROVE = Action("approve", "Approve", "articles.approve_article")
SEND_BACK = Action("send_back", "Send back", "articles.approve_article", needs_note=True)
PUBLISH = Action("publish", "Publish now", "articles.publish_article")
SCHEDULE = Action("schedule", "Schedule", "articles.publish_article", needs_time=True)
UNSCHEDULE = Action("unschedule", "Unschedule", "articles.publish_article")
WITHDRAW = Action("withdraw", "Withdraw", "articles.publish_article", needs_note=True)
SET_EXPIRY = Action("set_expiry", "Set expiry", "articles.publish_article")
# Whoever may edit the story: its writer while it is a draft, editors and publishers.
EMBARGO = Action("embargo", "Set embargo", "")

ACTIONS = {
    a.name: a
    for a in [
        SUBMIT,
        APPROVE,
        SEND_BACK,
        PUBLISH,
        SCHEDULE,
        UNSCHEDULE,
        WITHDRAW,
        SET_EXPIRY,
        EMBARGO,
    ]
}


def can_edit(article, user):
    """May `user` change the words of `article`? Writers: their own drafts, and their own
    stories once out, where an edit waits for an editor's approval (articles.live_edits)."""
    if not user.is_active or not user.is_staff:
        return False
    if user.has_perm("articles.edit_any_article"):
        return True
    return (
        user.has_perm("articles.change_article")
        and article.created_by_id == user.pk
        and (article.status == Status.DRAFT or article.edits_wait_for_approval())
    )


def _may(action, article, user):
    if not user.is_active or not user.is_staff:
        return False
    if action.permission:
        return user.has_perm(action.permission)
    if action is EMBARGO and user.has_perm("articles.publish_article"):
        return True  # publishers decide when a story goes out
    # Submitting is for whoever may edit the draft; an embargo for whoever may edit the story.
    return can_edit(article, user)


def _state_allows(action, article, now):
    state = article.status
    scheduled = article.is_scheduled(now)
    return {
        "submit": state == Status.DRAFT,
        "approve": state == Status.REVIEW,
        "send_back": state in (Status.REVIEW, Status.APPROVED, Status.WITHDRAWN),
        "publish": state == Status.APPROVED or scheduled,
        "schedule": state == Status.APPROVED or scheduled,
        "unschedule": scheduled,
        "withdraw": state == Status.PUBLISHED and not scheduled,
        "set_expiry": state in (Status.APPROVED, Status.PUBLISHED),
        # Readers who saw a story cannot unsee it: no embargo once it is out.
        "embargo": state != Status.WITHDRAWN and not article.is_live(now),
    }[action.name]


def available_actions(article, user, now=None):
    """The actions `user` may take on `article` now: what the admin shows as buttons."""
    now = now or timezone.now()
    return [
        a for a in ACTIONS.values() if _may(a, article, user) and _state_allows(a, article, now)
    ]


def _check(action, article, user, now):
    if not _may(action, article, user):
        raise WorkflowError(f"You are not allowed to {action.label.lower()} this story.")
    if not _state_allows(action, article, now):
        state = article.display_state(now)[1].lower()
        raise WorkflowError(f"A story that is {state} cannot be moved with “{action.label}”.")


def _check_picture(article):
    # Readers who cannot see the picture get its alt text; a story never goes out without it.
    image = article.hero_image
    if image is not None and not image.alt_text.strip():
        raise WorkflowError("The picture needs alt text before the story can go live.")


def _transition(action, article, user, to_status, note="", anyway=False, **changes):
    """Lock the row, re-check on fresh data, apply `changes`, record the event."""
    now = timezone.now()
    note = (note or "").strip()
    if action.needs_note and not note:
        raise WorkflowError(f"“{action.label}” needs a note saying why.")
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        _check(action, locked, user, now)
        if action in (PUBLISH, SCHEDULE):
            _check_picture(locked)
            changes["publish_at"] = locked.held_by_embargo(changes["publish_at"])
            if locked.expire_at and locked.expire_at <= changes["publish_at"]:
                raise WorkflowError("The story would expire before its embargo ends.")
            note = _check_facts(locked, changes.get("publish_at"), anyway, note)
        from_status = locked.status
        to_status = to_status or from_status
        locked.status = to_status
        for field, value in changes.items():
            setattr(locked, field, value)
        if action is EMBARGO and locked.status == Status.PUBLISHED:
            # A scheduled story waits for the embargo's end if that is later.
            locked.publish_at = locked.held_by_embargo(locked.publish_at)
            changes["publish_at"] = locked.publish_at
        if locked.is_live(now) and locked.first_published_at is None:
            locked.first_published_at = locked.publish_at
        fields = ["status", "first_published_at", *changes]
        if action in (PUBLISH, SCHEDULE, UNSCHEDULE, EMBARGO):
            # This action's own event records a story that goes live now; publish_due
            # records one that goes live later.
            locked.awaiting_went_live = locked.is_scheduled(now)
            fields.append("awaiting_went_live")
        Article.objects.filter(pk=locked.pk).update(**{f: getattr(locked, f) for f in fields})
        event = WorkflowEvent.objects.create(
            article=locked,
            actor=user,
            action=action.name,
            from_status=from_status,
            to_status=to_status,
            note=note,
            created_at=now,
        )
    for field in fields:
        setattr(article, field, getattr(locked, field))
    # Only what shows or lists the story; a withdrawn or held-back story is never
    # served from an old copy meanwhile.
    cachekeys.purge_stories([locked.pk], stale_ok=locked.is_live(now))
    return event


def _check_facts(article, publish_at, anyway, note):
    """Open name or age findings stop publication unless overridden with a reason."""
    day = timezone.localtime(publish_at).date() if publish_at else None
    findings = factdesk.check(article, day).findings
    if not findings:
        return note
    if not anyway or not note:
        raise WorkflowError(
            f"The fact desk has {len(findings)} open finding(s) on names or ages. Fix them, "
            "or tick “publish anyway” and give your reason in the note."
        )
    return f"Published anyway, with {len(findings)} open finding(s): {note}"


def submit(article, by, note=""):
    return _transition(SUBMIT, article, by, Status.REVIEW, note)


def approve(article, by, note=""):
    return _transition(APPROVE, article, by, Status.APPROVED, note)


def send_back(article, by, note):
    return _transition(SEND_BACK, article, by, Status.DRAFT, note)


def publish(article, by, note="", anyway=False):
    """Live now: also brings a scheduled story forward."""
    return _transition(
        PUBLISH, article, by, Status.PUBLISHED, note, anyway, publish_at=timezone.now()
    )


def schedule(article, by, publish_at, note="", anyway=False):
    """Live at `publish_at`; a time already passed means publish now."""
    if publish_at is None:
        raise WorkflowError("Choose when the story should go live.")
    if article.expire_at and article.expire_at <= publish_at:
        raise WorkflowError("The story would expire before it is published.")
    publish_at = max(publish_at, timezone.now())
    return _transition(SCHEDULE, article, by, Status.PUBLISHED, note, anyway, publish_at=publish_at)


def unschedule(article, by, note=""):
    return _transition(UNSCHEDULE, article, by, Status.APPROVED, note, publish_at=None)


def withdraw(article, by, note=""):
    return _transition(WITHDRAW, article, by, Status.WITHDRAWN, note)


def set_expiry(article, by, expire_at, note=""):
    """Take the story down at `expire_at` (None: keep it up)."""
    if expire_at is not None:
        if expire_at <= timezone.now():
            raise WorkflowError("The expiry time must be in the future.")
        if article.publish_at and expire_at <= article.publish_at:
            raise WorkflowError("The expiry time must be after the publication time.")
    return _transition(
        SET_EXPIRY, article, by, None, note, expire_at=expire_at, expiry_recorded=False
    )


def embargo(article, by, until, note=""):
    """Keep everything about the story from readers until `until` (None: lift it now)."""
    if until is not None and until <= timezone.now():
        raise WorkflowError("The embargo must end in the future; leave the time empty to lift it.")
    if until is not None and article.expire_at and article.expire_at <= until:
        raise WorkflowError("The story would expire before its embargo ends.")
    if until is None and not article.is_under_embargo():
        raise WorkflowError("The story is not under embargo.")
    return _transition(EMBARGO, article, by, None, note, embargo_until=until)


def run(action_name, article, by, note="", when=None, anyway=False):
    """Dispatch a named action from the admin's buttons."""
    if action_name == "publish":
        return publish(article, by, note=note, anyway=anyway)
    if action_name == "schedule":
        return schedule(article, by, when, note=note, anyway=anyway)
    if action_name == "set_expiry":
        return set_expiry(article, by, when, note=note)
    if action_name == "embargo":
        return embargo(article, by, when, note=note)
    plain = {
        "submit": submit,
        "approve": approve,
        "send_back": send_back,
        "unschedule": unschedule,
        "withdraw": withdraw,
    }
    if action_name in plain:
        return plain[action_name](article, by, note=note)
    raise WorkflowError("Unknown action.")
