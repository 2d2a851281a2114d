"""Reading a stored body's blocks: which library pictures it shows."""

import re

# Written by newsroom.sanitize's allow-list: double-quoted, digits only.
_PICTURE_IDS = re.compile(r'\sdata-(?:picture|embed-thumbnail)="([0-9]+)"')


def picture_ids(html):
    """The ids of the library pictures a sanitised body shows, in order, each once."""
    return list(dict.fromkeys(int(found) for found in _PICTURE_IDS.findall(html or "")))


def keep_pictures_in_step(article):
    """Make `article`'s BodyPicture rows match the pictures its body shows now."""
    from blocks.models import BodyPicture
    from newsroom.models import Image

    wanted = set(
        Image.objects.filter(pk__in=picture_ids(article.body)).values_list("pk", flat=True)
    )
    rows = BodyPicture.objects.filter(article=article)
    have = set(rows.values_list("image_id", flat=True))
    if have - wanted:
        rows.filter(image_id__in=have - wanted).delete()
    BodyPicture.objects.bulk_create(
        [BodyPicture(article=article, image_id=pk) for pk in wanted - have], ignore_conflicts=True
    )
