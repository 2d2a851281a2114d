"""What readers see of a live story's entries and parts, shared by its page, its
updates endpoint and its feed, so a change looks the same wherever it arrives.

Each entry is one HTML piece kept per version (pagecache.fragments); the pictures
of all the entries made at once come from one query. Entries are rich text as a story
body is: sanitised on save, and their blocks (pictures, embeds, pull quotes, key points)
made into readers' HTML by blocks.render, pictures past their licence left out.
"""

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from blocks.body import picture_ids
from blocks.render import render_blocks
from newsroom import pagecache

# Entries on the story's own page; older ones are a link away (?before=<entry>).
PAGE_ENTRIES = 20
# Entries in each answer of the updates endpoint: a reader further behind reloads.
POLL_ENTRIES = 10


def _day(moment):
    return timezone.localdate(moment) if moment else None


def entries_html(entries, story):
    """[HTML of each entry], made only for those the cache does not hold.

    Queries at most twice, whatever the number of entries: their corrections and
    their pictures.
    """
    entries = list(entries)
    if not entries:
        return []
    story_day = _day(story.publish_at)
    names = [f"live-entry:{entry.stamp}:{story_day}" for entry in entries]
    by_name = dict(zip(names, entries, strict=True))

    def make(missing):
        wanted = [by_name[name] for name in missing]
        prefetch_related_objects(wanted, "corrections")
        ids = [pk for entry in wanted for pk in picture_ids(entry.body)]
        pictures = _pictures(ids)
        return [_entry_html(entry, story, story_day, pictures) for entry in wanted]

    # Entries showing library pictures are kept only until the next change, a licence's
    # end among them (newsroom.rights), as a story's body is.
    pictured = any(picture_ids(entry.body) for entry in entries)
    return pagecache.fragments(names, make, lists_stories=pictured)


def _pictures(ids):
    """{id: Image} with each picture's stand-in, for rights.to_show: one query."""
    from newsroom.models import Image

    return Image.objects.select_related("replace_with").in_bulk(set(ids)) if ids else {}


def _entry_html(entry, story, story_day, pictures):
    return render_to_string(
        "live/_entry.html",
        {
            "entry": entry,
            "body": render_blocks(entry.body, pictures),
            "story_url": story.get_absolute_url(),
            # The date as well as the time once the coverage has run past its first day.
            "show_date": _day(entry.published_at) != story_day,
            "corrections": list(entry.corrections.all()),
        },
    )


def has_embed(entry):
    """Whether the entry shows a post or video card (its page needs blocks/embeds.js)."""
    return "story-embed" in entry.body


def joined(pieces):
    return mark_safe("".join(pieces))


def status_part(coverage, latest):
    """The line under the byline: live now, last update, or ended."""
    stamp = f"{coverage.ended_at.timestamp() if coverage.is_over else 'on'}-"
    stamp += f"{latest.timestamp() if latest else 0}"
    html = render_to_string(
        "live/_status.html", {"coverage": coverage, "latest": latest, "stamp": stamp}
    )
    return {"stamp": stamp, "html": html}


def key_points_part(coverage):
    html = render_to_string("live/_key_points.html", {"coverage": coverage})
    return {"stamp": coverage.stamp, "html": html}


def pinned_part(pinned, html):
    """The pinned updates' box; `html` is theirs from entries_html."""
    stamp = "+".join(entry.stamp for entry in pinned) or "none"
    html = render_to_string(
        "live/_pinned.html", {"pinned": joined(html), "stamp": stamp, "count": len(pinned)}
    )
    return {"stamp": stamp, "html": html}
