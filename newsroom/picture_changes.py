"""Changing a picture that readers see: who may, and where the change is recorded.

The image library knows nothing of stories or people, and does not import them. The
apps that show pictures register their rules here when they start (in their
AppConfig.ready): the uses of a picture that a person may not change, and what to
record when a picture changes.
"""

from django.db import transaction

from newsroom.models import Image

# Each: (image, user) -> descriptions of the uses of `image` that `user` may not change.
_refused_uses = []
# Each: (image, user, changes) -> None, `changes` being labels such as "alt text".
_recorders = []

# How a history names a changed field, where its own name would not do.
LABELS = {"file": "picture file", "focal_x": "focal point", "focal_y": "focal point"}
SHOWN = 5  # uses named in a refusal; the rest are counted


class PictureLocked(Exception):
    """The person may not change this picture; the message says why."""


def register(refused_uses=None, record=None):
    """Add an app's rules; registering the same function twice adds it once."""
    for rule, rules in ((refused_uses, _refused_uses), (record, _recorders)):
        if rule is not None and rule not in rules:
            rules.append(rule)


def refusal(image, user):
    """Why `user` may not change `image`, for them to read; "" when they may.

    Queries once for each registered rule.
    """
    uses = [use for refused_uses in _refused_uses for use in refused_uses(image, user)]
    if not uses:
        return ""
    named = "; ".join(uses[:SHOWN])
    if len(uses) > SHOWN:
        named += f"; and {len(uses) - SHOWN} more"
    return (
        "Readers see this picture in places you may not change, so only someone who may "
        f"change them can change the picture: {named}. Ask an editor."
    )


def change(image, by, fields):
    """Save `by`'s change of `fields` (form field names) to `image`, if they may, on the record.

    Raises PictureLocked with the reason when they may not.
    """
    with transaction.atomic():
        reason = refusal(image, by)
        if reason:
            raise PictureLocked(reason)
        image.save()
        changes = labels(fields)
        if changes:
            for record in _recorders:
                record(image, by, changes)


def labels(fields):
    """Field names as a history says them: ["alt text", "focal point"]."""
    named = [LABELS.get(name) or Image._meta.get_field(name).verbose_name for name in fields]
    return list(dict.fromkeys(named))
