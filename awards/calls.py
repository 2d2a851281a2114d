"""Calling a winner on the night, and undoing a call made in error.

One press does it all, in one transaction: the nomination is marked, the call is
recorded, and an update goes out on the event's live story, which from then on names the
winner (its people and productions): as for any story, a person or production a live
story names is public (people.models, PersonQuerySet.public). Afterwards only the pages
that show the call are made afresh (the live story, the winners page, the winner's
person and production pages); the whole site's cache only when the call gives someone
a public page for the first time (people lists, search and sitemaps name them then).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html

from awards.models import Category, Nomination, WinnerCall
from live import entries
from newsroom import pagecache
from people.models import Person, Production

PERMISSION = "awards.call_winner"


class CallError(Exception):
    """A call that is not allowed; the message is shown to the person."""


def may_call(user):
    return user.is_active and user.is_staff and user.has_perm(PERMISSION)


def _lock(nomination):
    """The nomination afresh, with its category's row locked: one call per category at once."""
    Category.objects.select_for_update().filter(pk=nomination.category_id).first()
    return Nomination.objects.select_related(
        "category__event__live_story", "person", "production"
    ).get(pk=nomination.pk)


def winner_update(nomination):
    """The live update announcing the winner, with links to their pages."""
    event = nomination.category.event
    who = _linked(nomination.person) if nomination.person_id else None
    work = _linked(nomination.production, title=True) if nomination.production_id else None
    if who and work:
        sentence = format_html(
            "{} wins {} at the {} for {}.", who, nomination.category.name, event.name, work
        )
    else:
        named = who or work or nomination.detail
        sentence = format_html("{} wins {} at the {}.", named, nomination.category.name, event.name)
    more = format_html('<a href="{}">All the winners so far</a>', event.get_absolute_url())
    return format_html("<p>{}</p><p>{}</p>", sentence, more)


def _linked(thing, title=False):
    name = format_html("<em>{}</em>", thing.title) if title else thing.name
    return format_html('<a href="{}">{}</a>', thing.get_absolute_url(), name)


def name_in_story(nomination):
    """Attach the winner to the event's live story; True if that made someone public now.

    One who was not public before stays unknown while the story is not live (an
    embargo, a schedule): the rule is the story's, checked whenever a page is made.
    """
    story = nomination.category.event.live_story
    if story is None or not story.is_live_coverage:
        return False
    now = timezone.now()
    newly_public = False
    for related, thing, model in [
        (story.people, nomination.person, Person),
        (story.productions, nomination.production, Production),
    ]:
        if thing is None:
            continue
        was_public = model.objects.public(now).filter(pk=thing.pk).exists()
        related.add(thing)
        newly_public |= not was_public and model.objects.public(now).filter(pk=thing.pk).exists()
    return newly_public


def _refresh_pages(nomination, everything=False):
    if everything:
        pagecache.purge()
        return
    keys = [nomination.category.event.page_key]
    if nomination.person_id:
        keys.append(f"person:{nomination.person.slug}")
    if nomination.production_id:
        keys.append(f"production:{nomination.production.slug}")
    pagecache.purge_keys(*keys)


def call_winner(nomination, by):
    """`nomination` won: marked, recorded, and posted to the event's live story."""
    if not may_call(by):
        raise CallError("You are not allowed to call winners.")
    warning = ""
    with transaction.atomic():
        nomination = _lock(nomination)
        category = nomination.category
        if nomination.is_winner:
            raise CallError(f"{nomination.nominee} is already the winner of {category.name}.")
        called = category.nominations.filter(won_at__isnull=False).first()
        if called is not None:
            raise CallError(
                f"{called.nominee} is the winner of {category.name} already: undo that call first."
            )
        nomination.won_at = timezone.now()
        nomination.save(update_fields=["won_at"])
        entry, warning = _post(nomination, by, winner_update(nomination))
        WinnerCall.objects.create(
            nomination=nomination, action=WinnerCall.Action.WINNER, actor=by, entry=entry
        )
        _refresh_pages(nomination, everything=entry is not None and name_in_story(nomination))
    return nomination, warning


def _post(nomination, by, body, headline=None):
    """Post to the event's live story, if it has one; (entry or None, a warning or "")."""
    story = nomination.category.event.live_story
    if story is None or not story.is_live_coverage:
        return None, "The event has no live story to post to: the winner is marked only."
    headline = headline or f"{nomination.category.name}: {nomination.nominee}"
    try:
        return entries.post(story, by, body, headline=headline), ""
    except entries.LiveError as error:
        return None, f"The winner is marked, but nothing was posted to the live story: {error}"


def undo_winner(nomination, by):
    """The call was wrong: unmarked and recorded; its update comes off the live story, and
    readers who may have seen it are told in a correction of their own."""
    if not may_call(by):
        raise CallError("You are not allowed to call winners.")
    warning = ""
    with transaction.atomic():
        nomination = _lock(nomination)
        if not nomination.is_winner:
            raise CallError(f"{nomination.nominee} is not marked as the winner.")
        nomination.won_at = None
        nomination.save(update_fields=["won_at"])
        last = nomination.calls.filter(action=WinnerCall.Action.WINNER).select_related("entry")
        posted = last.first().entry if last.exists() else None
        correction = None
        if posted is not None and posted.status != posted.Status.WITHDRAWN:
            seen = posted.is_public()
            try:
                entries.withdraw(posted, by)
            except entries.LiveError as error:
                raise CallError(f"The call was not undone: {error}") from error
            if seen:
                body = format_html(
                    "<p>We named {} as the winner of {} in error. The update has been removed.</p>",
                    nomination.nominee,
                    nomination.category.name,
                )
                correction, warning = _post(
                    nomination, by, body, headline=f"Correction: {nomination.category.name}"
                )
        WinnerCall.objects.create(
            nomination=nomination, action=WinnerCall.Action.UNDO, actor=by, entry=correction
        )
        _refresh_pages(nomination)
    return nomination, warning
