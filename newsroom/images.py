"""The picture work of the image library: checking uploads, cleaning masters, renditions.

Readers only ever get files written here: a cleaned master (upright, sRGB, no
metadata) and renditions made from it, which carry the credit and copyright notice
and no other metadata (newsroom.picture_metadata). Files go through Django's storage API only
(never a local path), so local disk and S3-compatible storage behave the same.
"""

import datetime
import io
import logging
import secrets
import warnings
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageCms, ImageOps, UnidentifiedImageError

from newsroom import picture_metadata, siteurl
from newsroom.files import all_or_nothing, store
from newsroom.models import Image, Rendition

try:  # HEIC from phones, only where the optional pillow-heif plugin is installed
    from pillow_heif import register_heif_opener
except ImportError:  # pragma: no cover - depends on the machine
    pass
else:  # pragma: no cover
    register_heif_opener()

logger = logging.getLogger(__name__)

# Pillow's name for a format -> the desk's. MPO is how Pillow names the JPEGs of
# phones and cameras that carry extra frames (depth maps, previews).
FORMAT_NAMES = {
    "JPEG": "JPEG",
    "MPO": "JPEG",
    "PNG": "PNG",
    "WEBP": "WebP",
    "GIF": "GIF",
    "AVIF": "AVIF",
    "HEIF": "HEIC",
}
OG_SIZE = (1200, 630)
WIDTH, OG = Rendition.Kind.WIDTH, Rendition.Kind.OG
# Focal-point crops, each one JPEG: the share card's (always this size), and the three
# shapes of a story's picture in structured data (16:9, 4:3, 1:1; never enlarged).
CROP_SIZES = {
    OG: OG_SIZE,
    Rendition.Kind.WIDE: (1200, 675),
    Rendition.Kind.STANDARD: (1200, 900),
    Rendition.Kind.SQUARE: (1200, 1200),
}
STRUCTURED_DATA_CROPS = [Rendition.Kind.WIDE, Rendition.Kind.STANDARD, Rendition.Kind.SQUARE]
WEBP, JPEG = Rendition.Format.WEBP, Rendition.Format.JPEG
# What Pillow reports for a master it wrote itself; anything else is metadata to strip.
HARMLESS_INFO = {"jfif", "jfif_version", "jfif_unit", "jfif_density", "progressive", "progression"}
# A rendition claimed longer ago than this and still without a file lost its maker
# (a killed worker); making one takes seconds.
ABANDONED_AFTER = datetime.timedelta(minutes=10)


# --- Checking uploads -------------------------------------------------------------


def readable_formats():
    """Pillow format names the desk accepts and the installed Pillow can open."""
    PILImage.init()
    return [name for name in FORMAT_NAMES if name in PILImage.OPEN]  # MPO opens as JPEG


def accepted_formats_text():
    """'JPEG, PNG, WebP, GIF or AVIF': for help texts and error messages."""
    names = list(dict.fromkeys(FORMAT_NAMES[name] for name in readable_formats()))
    return ", ".join(names[:-1]) + " or " + names[-1]


def _file_size(size):
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def _looks_like_svg(head):
    # SVG is XML that can carry scripts; Pillow cannot read it, but say why we refuse it.
    text = head.lstrip().lower()
    return b"<svg" in text or text.startswith(b"<?xml") or text.startswith(b"<!doctype svg")


def _too_many_pixels(width=None, height=None):
    limit = settings.NEWSROOM_MAX_IMAGE_PIXELS / 1_000_000
    if width is None:
        found = "The picture has far too many pixels"
    else:
        megapixels = width * height / 1_000_000
        found = f"The picture is {width:,} × {height:,} pixels ({megapixels:.0f} megapixels)"
    return ValidationError(
        f"{found}; the most accepted is {limit:g} megapixels. Save a smaller copy and upload that.",
        code="too_many_pixels",
    )


def open_upload(upload):
    """Open an upload as a picture, refusing what the desk does not take; pixels not yet read."""
    if not upload.size:
        raise ValidationError("The file is empty (0 bytes).", code="empty")
    limit = settings.NEWSROOM_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"The file is {_file_size(upload.size)}; the largest accepted is {_file_size(limit)}.",
            code="too_big",
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if _looks_like_svg(head):
        raise ValidationError(
            "SVG drawings are not accepted because they can carry scripts. "
            "Export the picture as PNG or JPEG.",
            code="svg",
        )
    try:
        with warnings.catch_warnings():
            # Our own pixel limit below is the one that counts.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            # Only the accepted formats' parsers ever see the bytes.
            picture = PILImage.open(upload, formats=readable_formats())
    except PILImage.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise ValidationError(
            f"This file is not a picture we can use: upload a {accepted_formats_text()} file.",
            code="not_an_image",
        ) from error
    if picture.width * picture.height > settings.NEWSROOM_MAX_IMAGE_PIXELS:
        raise _too_many_pixels(picture.width, picture.height)
    return picture


def embedded_fields(upload):
    """The library's fields the upload's own IPTC and XMP fill; {} for a file we refuse."""
    try:
        picture = open_upload(upload)
    except ValidationError:
        return {}  # the upload checks say what is wrong with it
    try:
        return picture_metadata.read_fields(picture)
    finally:
        upload.seek(0)


def _damaged():
    return ValidationError(
        "The picture is damaged or incomplete (perhaps cut short in transfer). "
        "Export it again and upload the new file.",
        code="damaged",
    )


def check_upload(upload):
    """Raise ValidationError naming what is wrong if `upload` is not a picture the desk takes."""
    picture = open_upload(upload)
    try:
        # A JPEG decoded at 1/8 scale still reads every byte, so a cut-short file
        # fails here, at a fraction of the time and memory of a full decode.
        picture.draft(None, (picture.width // 8 or 1, picture.height // 8 or 1))
        picture.load()
    except Exception as error:  # Pillow reports bad data with many exception types
        raise _damaged() from error
    finally:
        upload.seek(0)  # not picture.close(): that would close the upload itself


# --- Cleaning: what readers may be given --------------------------------------------


def _to_srgb(picture, icc):
    """Convert pixels tagged with a colour profile to sRGB, so wide-gamut photos keep colour."""
    mode = "RGBA" if picture.mode == "RGBA" else "RGB"
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(
            picture, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        logger.warning("Unusable colour profile ignored", exc_info=True)
        return picture


def _web_mode(picture):
    """RGB, or RGBA when the picture has transparency."""
    if picture.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N"):
        # 16-bit greys: scale into 8 bits rather than clipping to white.
        picture = picture.convert("I").point(lambda value: value / 256).convert("L")
    has_alpha = "A" in picture.getbands() or "transparency" in picture.info
    mode = "RGBA" if has_alpha else "RGB"
    return picture if picture.mode == mode else picture.convert(mode)


def clean(picture):
    """The upload's first frame upright, in sRGB, with every piece of metadata dropped."""
    picture.load()
    icc = picture.info.get("icc_profile")
    try:
        ImageOps.exif_transpose(picture, in_place=True)
    except Exception:  # a camera's broken EXIF should not cost the desk the photo
        logger.warning("Unreadable EXIF orientation ignored", exc_info=True)
    if picture.mode not in ("RGB", "RGBA", "CMYK", "L"):
        picture = _web_mode(picture)
    if icc:
        picture = _to_srgb(picture, icc)
    result = _web_mode(picture)
    # Savers fall back on .info for EXIF, XMP and ICC data: leave them nothing.
    result.info = {}
    return result


def encode_master(picture):
    """The cleaned master: JPEG, or PNG when the picture has transparency."""
    buffer = io.BytesIO()
    if picture.mode == "RGBA":
        picture.save(buffer, "PNG")
        return ContentFile(buffer.getvalue(), name="master.png")
    picture.save(buffer, "JPEG", quality=90)
    return ContentFile(buffer.getvalue(), name="master.jpg")


def prepare_master(image):
    """Store the cleaned master in place of a newly assigned upload; return the clean pixels."""
    upload = image.file
    image.original_filename = PurePath(upload.name or "").name[:255]
    try:
        picture = clean(open_upload(upload))
    except ValidationError:
        raise
    except Exception as error:  # decoding errors come in many types
        raise _damaged() from error
    master = encode_master(picture)
    store(image.file, master.name, master)
    image.width, image.height = picture.size
    return picture


def is_clean_master(picture):
    """Did we write this file: JPEG or PNG with no EXIF, XMP, ICC or text in it?"""
    return picture.format in ("JPEG", "PNG") and set(picture.info) <= HARMLESS_INFO


# --- Crops --------------------------------------------------------------------------


def crop_box(size, focal, ratio):
    """The largest box of aspect `ratio` (w/h) inside `size` that keeps `focal` in frame.

    `focal` is (x, y) as fractions of the width and height. The box is centred on
    the focal point and slid back inside the picture where it would overhang.
    """
    width, height = size
    crop_w, crop_h = width, height
    if width / height > ratio:
        crop_w = max(1, min(width, round(height * ratio)))
    else:
        crop_h = max(1, min(height, round(width / ratio)))
    left = _slide(focal[0] * width, crop_w, width)
    top = _slide(focal[1] * height, crop_h, height)
    return left, top, left + crop_w, top + crop_h


def _slide(centre, length, limit):
    return min(max(round(centre - length / 2), 0), limit - length)


# --- Renditions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    """One rendition to make: kind, format and size."""

    kind: str
    width: int
    height: int
    format: str

    @property
    def key(self):
        return (self.kind, self.width, self.format)


def widths_for(width):
    """The configured widths below the picture's own, topped by the largest it can fill."""
    configured = sorted(settings.NEWSROOM_RENDITION_WIDTHS)
    widths = [w for w in configured if w < width]
    top = min(width, configured[-1])
    return widths if top in widths else [*widths, top]


def wanted(image):
    """Every rendition `image` should have."""
    if not (image.width and image.height):
        return []
    specs = []
    for width in widths_for(image.width):
        height = max(1, round(image.height * width / image.width))
        specs += [Spec(WIDTH, width, height, WEBP), Spec(WIDTH, width, height, JPEG)]
    crops = [Spec(OG, *OG_SIZE, JPEG)]
    for kind in STRUCTURED_DATA_CROPS:
        crops.append(Spec(kind, *_crop_size(image, *CROP_SIZES[kind]), JPEG))
    return [*specs, *crops]


def _crop_size(image, width, height):
    """`width` × `height`, or the largest box of that shape a smaller picture fills."""
    scale = min(1, image.width / width, image.height / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _encode(picture, format, marks=None):
    """The rendition's bytes; `marks` are picture_metadata.rendition_marks save options."""
    buffer = io.BytesIO()
    marks = marks or {}
    if format == WEBP:
        picture.save(buffer, "WEBP", quality=80, method=4, **marks)
    else:
        if picture.mode == "RGBA":  # JPEG has no transparency: lay it on white
            flat = PILImage.new("RGB", picture.size, "white")
            flat.paste(picture, mask=picture.getchannel("A"))
            picture = flat
        picture.save(buffer, "JPEG", quality=82, optimize=True, progressive=True, **marks)
    return buffer.getvalue()


def _pixels_for(specs, picture, focal):
    """(spec, resized picture) pairs, widest first, each width resized from the last."""
    source = picture
    for spec in sorted(specs, key=lambda s: (s.kind != WIDTH, -s.width)):
        if spec.kind in CROP_SIZES:
            box = crop_box(picture.size, focal, spec.width / spec.height)
            size = (spec.width, spec.height)
            yield spec, picture.resize(size, PILImage.Resampling.LANCZOS, box=box, reducing_gap=3)
        else:
            if source.width != spec.width:
                size = (spec.width, spec.height)
                source = source.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3)
            yield spec, source


def _made_or_underway(rendition, now):
    """Made, or being made by a request still at it: not to be made again."""
    return bool(rendition.file) or bool(
        rendition.making_since and rendition.making_since > now - ABANDONED_AFTER
    )


def _claim(image, spec, now):
    """Reserve a rendition's row; None if it is made or another request is making it.

    The unique constraint makes this the lock: whoever inserts first makes the
    file, on every server at once, with no shared cache needed. A row left without
    a file and nobody making it is taken over by a conditional update, once.
    """
    key = {"kind": spec.kind, "width": spec.width, "format": spec.format}
    try:
        with transaction.atomic():
            return image.renditions.create(**key, height=spec.height, making_since=now)
    except IntegrityError:
        pass
    idle = Q(making_since__isnull=True) | Q(making_since__lte=now - ABANDONED_AFTER)
    if image.renditions.filter(idle, **key, file="").update(making_since=now):
        return image.renditions.get(**key)
    return None


def _finish(rendition, pixels, name, marks):
    """Store the rendition's file and name it on the row, unless its claim was taken over."""
    claimed = rendition.making_since
    data = _encode(pixels, rendition.format, marks)
    store(rendition.file, name, ContentFile(data))
    rendition.making_since, rendition.size = None, len(data)
    taken = Rendition.objects.filter(pk=rendition.pk, making_since=claimed)
    if not taken.update(file=rendition.file.name, making_since=None, size=len(data)):
        delete_on_commit([rendition.file.name])  # another request made it after all
        return False
    return True


def _release(claims):
    """Free the claims not finished, so the next request that needs them makes them."""
    for rendition in claims:
        if rendition.making_since is not None:
            Rendition.objects.filter(
                pk=rendition.pk, making_since=rendition.making_since, file=""
            ).delete()


def _file_name(image, spec):
    # A fresh token per make: a remade rendition gets a new URL, so caches never
    # serve the old one, and names cannot be guessed from the image's id.
    stem = PurePath(image.file.name).stem
    return f"{stem[:2]}/{stem}-{spec.kind}{spec.width}-{secrets.token_hex(4)}.{spec.format}"


def open_master(image):
    """The stored master's pixels (already clean)."""
    with image.file.open("rb") as stored:
        picture = PILImage.open(io.BytesIO(stored.read()))
        picture.load()
    return picture


def make_renditions(image, picture=None, kinds=None):
    """Make whichever renditions `image` lacks, each exactly once; return those made.

    `picture` is the master's pixels, read from storage when not given. The list on
    the image's row is brought up to date afterwards. If making one fails (a full
    disk, say), the rest are left for the next request and the error is raised.
    """
    now = timezone.now()
    rows = Rendition.objects.filter(image=image)
    have = {(r.kind, r.width, r.format) for r in rows if _made_or_underway(r, now)}
    missing = [s for s in wanted(image) if s.key not in have and (not kinds or s.kind in kinds)]
    made = []
    if missing:
        if picture is None:
            picture = open_master(image)
        claims = {spec: _claim(image, spec, now) for spec in missing}
        taken = [spec for spec, rendition in claims.items() if rendition]
        marks = picture_metadata.rendition_marks(image)
        try:
            for spec, pixels in _pixels_for(taken, picture, image.focal):
                if _finish(claims[spec], pixels, _file_name(image, spec), marks):
                    made.append(claims[spec])
        finally:
            _release(claims[spec] for spec in taken)
    record(image)
    return made


def record(image):
    """Copy the image's renditions onto its own row, so pages list them without a query."""
    with transaction.atomic():
        # Locked, so concurrent makers write one after another, each from fresh rows.
        Image.objects.select_for_update().filter(pk=image.pk).values_list("pk").first()
        image.renditions_index = [
            {
                "kind": r.kind,
                "width": r.width,
                "height": r.height,
                "format": r.format,
                "file": r.file.name,
                "size": r.size,
            }
            for r in Rendition.objects.filter(image=image)
        ]
        Image.objects.filter(pk=image.pk).update(renditions_index=image.renditions_index)


def delete_on_commit(names):
    """Remove files from storage once the rows that named them are gone for good."""
    storage = Rendition._meta.get_field("file").storage
    # After commit only: a rolled-back change still needs its files.
    transaction.on_commit(lambda: [storage.delete(name) for name in names if name])


def replace_renditions(image, picture=None, kinds=None):
    """Remake `image`'s renditions (only `kinds` if given); readers see old or new, never none."""
    with all_or_nothing():
        old = Rendition.objects.filter(image=image)
        if kinds:
            old = old.filter(kind__in=kinds)
        names = list(old.values_list("file", flat=True))
        old.delete()
        made = make_renditions(image, picture, kinds=kinds)
        delete_on_commit(names)
    return made


def rebuild(image):
    """Remake an image's renditions, first re-cleaning a master that still carries metadata."""
    with image.file.open("rb") as stored:
        data = stored.read()
    master = PILImage.open(io.BytesIO(data))
    if not is_clean_master(master):
        image.file = ContentFile(data, name=image.original_filename or "master.jpg")
        image.save()  # cleans the master and makes the renditions
        return
    master.load()
    replace_renditions(image, master)


# --- What pages use: the list on the image's row, never a query ---------------------


@dataclass(frozen=True)
class Made:
    """A rendition as listed on its image's row; `file` is empty while it is being made."""

    kind: str
    width: int
    height: int
    format: str
    file: str
    size: int | None = None  # bytes; not listed for renditions made before sizes were kept

    @property
    def url(self):
        return Rendition._meta.get_field("file").storage.url(self.file)

    def byte_size(self):
        """The file's length: from the list, or asked of the storage for an older one."""
        if self.size is None:
            return Rendition._meta.get_field("file").storage.size(self.file)
        return self.size


@dataclass(frozen=True)
class Picture:
    """What the <picture> partial needs."""

    src: str
    width: int
    height: int
    webp_srcset: str = ""
    jpeg_srcset: str = ""


def _listed(image):
    return [Made(**entry) for entry in image.renditions_index]


def _ready(made, kind, format):
    return sorted(
        (m for m in made if m.kind == kind and m.format == format and m.file),
        key=lambda m: m.width,
    )


def _srcset(made):
    return ", ".join(f"{m.url} {m.width}w" for m in made)


def _lacks(image, made, kinds=None):
    # One without a file is being made, or failed: make_renditions tells which.
    have = {(m.kind, m.width, m.format) for m in made if m.file}
    return any(s.key not in have for s in wanted(image) if not kinds or s.kind in kinds)


def _listed_or_made(image, kinds=None):
    """The listed renditions; any missing (an image from before they existed, new widths)
    are made now, once, and a failure never breaks the reader's page."""
    made = _listed(image)
    if not _lacks(image, made, kinds):
        return made
    try:
        make_renditions(image, kinds=kinds)
    except Exception:
        logger.exception("Could not make renditions of image %s", image.pk)
    return _listed(image)


def responsive_picture(image):
    """The srcsets and fallback of `image` from the list on its row: no query.

    Without renditions (not made yet, or failed) it falls back on the cleaned master.
    """
    made = _listed_or_made(image)
    jpegs = _ready(made, WIDTH, JPEG)
    if not jpegs:
        return Picture(src=image.file.url, width=image.width, height=image.height)
    # Browsers without srcset get a middling size rather than the largest.
    fallback = [m for m in jpegs if m.width <= 1280][-1:] or jpegs[:1]
    return Picture(
        src=fallback[0].url,
        width=image.width,
        height=image.height,
        webp_srcset=_srcset(_ready(made, WIDTH, WEBP)),
        jpeg_srcset=_srcset(jpegs),
    )


def sized_url(image, max_width):
    """The widest JPEG rendition up to `max_width` (admin previews), else the master."""
    jpegs = _ready(_listed(image), WIDTH, JPEG)
    fitting = [m for m in jpegs if m.width <= max_width] or jpegs[:1]
    return fitting[-1].url if fitting else image.file.url


def small_url(image, max_width=320):
    """The widest JPEG rendition up to `max_width` (else the narrowest); "" while none is made.

    For previews on the desk's forms: never the master, which can be tens of megabytes.
    No query: the renditions are listed on the image's row.
    """
    jpegs = _ready(_listed(image), WIDTH, JPEG) if image else []
    fitting = [m for m in jpegs if m.width <= max_width] or jpegs[:1]
    return fitting[-1].url if fitting else ""


def og_image_url(image):
    """Absolute URL of the 1200×630 focal-point crop for Open Graph; "" without a picture.

    No query once the crop exists; made here, once, if it is missing.
    """
    if image is None or not image.file:
        return ""
    crops = _ready(_listed_or_made(image, kinds={OG}), OG, JPEG)
    return siteurl.absolute(crops[0].url if crops else image.file.url)


def structured_data_urls(image):
    """Absolute URLs of the 16:9, 4:3 and 1:1 crops search engines ask for; made if missing.

    Falls back on the cleaned master while a crop cannot be had.
    """
    if image is None or not image.file:
        return []
    made = _listed_or_made(image, kinds=set(STRUCTURED_DATA_CROPS))
    urls = []
    for kind in STRUCTURED_DATA_CROPS:
        crop = _ready(made, kind, JPEG)
        urls.append(siteurl.absolute(crop[0].url if crop else image.file.url))
    return list(dict.fromkeys(urls))


def jpeg_rendition(image, max_width=1280, make_missing=True):
    """The widest JPEG width rendition up to `max_width` (feeds, sitemaps), else None.

    Missing renditions are made first unless told not to (a sitemap lists thousands).
    """
    if image is None or not image.file:
        return None
    made = _listed_or_made(image, kinds={WIDTH}) if make_missing else _listed(image)
    jpegs = _ready(made, WIDTH, JPEG)
    fitting = [m for m in jpegs if m.width <= max_width] or jpegs[:1]
    return fitting[-1] if fitting else None
