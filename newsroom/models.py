import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from newsroom import pagecache
from newsroom.files import all_or_nothing

FOCAL_RANGE = [MinValueValidator(0), MaxValueValidator(1)]


def image_upload_to(instance, filename):
    """A generated name: the uploader's file name is kept only as data."""
    suffix = PurePath(filename).suffix.lower()[:6] or ".jpg"
    return f"images/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


def unexpired(now, at=""):
    """Q: the picture (the row itself, or the one behind the relation `at`) is licensed at `now`.

    The one statement of the picture visibility rule, which ImageQuerySet.shown and
    showing() build on: a picture whose licence has expired is never shown to readers.
    """
    prefix = f"{at}__" if at else ""
    return Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": now})


def showing(at, now=None):
    """Q: rows whose picture at relation `at` shows readers something now (it, or its stand-in)."""
    now = now or timezone.now()
    stand_in = Q(**{f"{at}__replace_with__isnull": False}) & unexpired(now, f"{at}__replace_with")
    return Q(**{f"{at}__isnull": False}) & (unexpired(now, at) | stand_in)


class ImageQuerySet(models.QuerySet):
    def shown(self, now=None):
        """Pictures readers may see at `now`: no licence expiry, or one still to come."""
        return self.filter(unexpired(now or timezone.now()))

    def expiring_between(self, start, end):
        """Pictures whose licence ends in (start, end], soonest first: for the desk."""
        return self.filter(expire_at__gt=start, expire_at__lte=end).order_by("expire_at", "pk")


class Image(models.Model):
    """A photo in the desk's library, reused by articles, people and productions.

    `file` is the cleaned master (see newsroom.images): saving an Image with a new
    upload replaces the upload by its master and makes the renditions.
    """

    class Licence(models.TextChoices):
        STAFF = "staff", "Staff"
        HANDOUT = "handout", "Handout"
        SINGLE_USE = "single_use", "Agency, single use"
        SUBSCRIPTION = "subscription", "Agency, subscription"
        POOL = "pool", "Pool"
        SOCIAL = "social", "Social media"

    file = models.FileField(upload_to=image_upload_to, max_length=200)
    alt_text = models.CharField(
        max_length=250,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    caption = models.CharField(max_length=300, blank=True)
    credit = models.CharField(max_length=150, blank=True, help_text="Agency or photographer.")
    creator = models.CharField(
        "photographer", max_length=150, blank=True, help_text="Who took it (the by-line)."
    )
    copyright_notice = models.CharField(
        max_length=200, blank=True, help_text="As the rights holder gives it, e.g. “© Agency 2026”."
    )
    # The rights the desk holds, from the licence or the agency's terms.
    licensor = models.CharField(
        max_length=150, blank=True, help_text="The agency or rights holder we license it from."
    )
    licence = models.CharField("licence kind", max_length=12, choices=Licence.choices, blank=True)
    excluded_territories = models.JSONField(
        "territories where it may not be shown",
        default=list,
        blank=True,
        help_text="ISO country codes, e.g. GB, IE.",
    )
    usage_terms = models.TextField(
        "usage restrictions",
        blank=True,
        help_text="The licensor's conditions, e.g. “Editorial use only. No use after 30 days.”",
    )
    expire_at = models.DateTimeField(
        "licence ends",
        null=True,
        blank=True,
        db_index=True,
        help_text="From this moment readers no longer see the picture, anywhere.",
    )
    replace_with = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stands_in_for",
        verbose_name="replace with",
        help_text="Shown instead once the licence ends; without one, no picture is shown.",
    )
    focal_x = models.FloatField(
        default=0.5, validators=FOCAL_RANGE, help_text="0 is the left edge, 1 the right."
    )
    focal_y = models.FloatField(
        default=0.5, validators=FOCAL_RANGE, help_text="0 is the top edge, 1 the bottom."
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    original_filename = models.CharField(max_length=255, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # The renditions, listed on the row itself so that any page showing the picture
    # (select_related is enough) builds its srcset without a query. Written only by
    # newsroom.images.record, from the Rendition rows.
    renditions_index = models.JSONField(default=list, blank=True, editable=False)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_inside",
            )
        ]

    def __str__(self):
        return self.alt_text[:80] or f"{self.original_filename} (no alt text yet)"

    def save(self, *args, **kwargs):
        """Also cleans a new upload and (re)makes renditions: picture work, not just a row.

        All or nothing: a save that fails part-way (a full disk raises files.NoRoom)
        leaves no row and no file behind.
        """
        from newsroom import images  # images imports this module

        if not self._state.adding and kwargs.get("update_fields") is None:
            # Never the renditions list: a form opened before a rebuild would put
            # back the names of deleted files.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "renditions_index"
            ]
        before = self._stored() if self.pk else None
        with all_or_nothing():
            new_upload = self.file and not self.file._committed
            pixels = images.prepare_master(self) if new_upload else None
            super().save(*args, **kwargs)
            if pixels is not None:
                images.replace_renditions(self, pixels)
                if before and before["file"] != self.file.name:
                    images.delete_on_commit([before["file"]])
            elif before and before["marks"] != self.marks:
                images.replace_renditions(self)  # every file readers get carries the marks
            elif before and before["focal"] != self.focal:
                images.replace_renditions(self, kinds=set(images.CROP_SIZES))
        # Alt text, credit, crop and licence show (or stop showing) on every page using it.
        pagecache.purge()

    def delete(self, *args, **kwargs):
        """Also removes the master and renditions from storage (after commit)."""
        from newsroom import images  # images imports this module

        names = [self.file.name, *self.renditions.values_list("file", flat=True)]
        result = super().delete(*args, **kwargs)
        images.delete_on_commit(names)
        return result

    @property
    def focal(self):
        return (self.focal_x, self.focal_y)

    @property
    def marks(self):
        """The credit and copyright notice, which every rendition carries in its metadata."""
        return (self.credit, self.copyright_notice)

    def _stored(self):
        fields = ["file", "focal_x", "focal_y", "credit", "copyright_notice"]
        row = Image.objects.filter(pk=self.pk).values(*fields).first()
        if row is None:
            return None
        return {
            "file": row["file"],
            "focal": (row["focal_x"], row["focal_y"]),
            "marks": (row["credit"], row["copyright_notice"]),
        }

    def is_shown(self, now=None):
        """May readers see this picture at `now`? (Its licence has not ended.)"""
        now = now or timezone.now()
        return self.expire_at is None or self.expire_at > now

    def to_show(self, now=None):
        """What readers see where this picture is used: it, its stand-in, or None.

        Only one step: a stand-in whose own licence has ended is not followed further,
        so a page needs nothing beyond select_related("…__replace_with").
        """
        now = now or timezone.now()
        if self.is_shown(now):
            return self
        if self.replace_with_id is None:
            return None
        stand_in = self.replace_with
        return stand_in if stand_in is not None and stand_in.is_shown(now) else None

    @property
    def is_single_use(self):
        return self.licence == self.Licence.SINGLE_USE

    def usages(self):
        """(field, object) for every article, person or production showing this picture.

        One query per kind of use; found through the foreign keys pointing here, so a
        new kind of use is listed without changes. Standing in for another picture is
        not a use of its own.
        """
        found = []
        for relation in self._meta.get_fields(include_hidden=True):
            if relation.one_to_many and relation.related_model not in (Rendition, Image):
                rows = relation.related_model._base_manager.filter(**{relation.field.name: self})
                found += [(relation.field, row) for row in rows]
        return found


class Rendition(models.Model):
    """A resized (or cropped) copy of an image's master, made once and stored.

    A row with an empty `file` is a rendition being made since `making_since`: pages
    skip it meanwhile. One with no `making_since`, or one claimed too long ago (its
    maker died), is made again by the next request that needs it.
    """

    class Kind(models.TextChoices):
        WIDTH = "width", "Responsive width"
        OG = "og", "Open Graph crop"
        # Search engines ask for a story's picture in these three shapes (structured data).
        WIDE = "wide", "16:9 crop"
        STANDARD = "standard", "4:3 crop"
        SQUARE = "square", "Square crop"

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=4, choices=Format.choices)
    file = models.FileField(upload_to="images/renditions/", max_length=200, blank=True)
    making_since = models.DateTimeField(null=True, blank=True)
    # The file's length in bytes, for feeds' enclosures; empty for files made before it.
    size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "format", "width"]
        constraints = [
            models.UniqueConstraint(
                fields=["image", "kind", "width", "format"], name="rendition_made_once"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.width}×{self.height} {self.get_format_display()}"


class PageGeneration(models.Model):
    """The page cache's generation as the database knows it: one row, only ever growing.

    A shared cache (Redis) carries the generation readers use; this row survives it
    going away or coming back from an old snapshot, so a purge is never undone.
    """

    number = models.BigIntegerField(default=0)

    def __str__(self):
        return str(self.number)


class OldSlug(models.Model):
    """An address something public had before it was renamed; it answers 301 to the new one.

    It names the thing, not its next address, so a thing renamed twice is still one hop
    away from each of its old addresses (newsroom.redirects).
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    slug = models.SlugField(max_length=210)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "slug"], name="old_slug_unique")
        ]

    def __str__(self):
        return self.slug
