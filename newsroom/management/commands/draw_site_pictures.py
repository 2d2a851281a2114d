"""Draw the site's own pictures: the share card and logo in static/img, the icons in static/root.

They are committed; run this again only after changing SITE_NAME or the colours, then
`collectstatic`. Drawn with Pillow's built-in font, so every machine draws the same.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from PIL import Image, ImageDraw, ImageFont

# The masthead's colours (static/css/site.css: --band, --accent, --band-ink).
BAND, ACCENT, INK = (29, 22, 32), (176, 19, 95), (255, 255, 255)
ICON_SIZES = [(16, 16), (32, 32), (48, 48)]


def _font(size):
    return ImageFont.load_default(size=size)


def _initials(name):
    words = [word for word in name.split() if word[:1].isalnum()]
    return "".join(word[0] for word in words[:2]).upper() or "N"


def _centred(draw, box, text, size, fill):
    """Write `text` centred in `box`, shrinking the type until it fits the box's width."""
    left, top, right, bottom = box
    while True:
        font = _font(size)
        x0, y0, x1, y1 = draw.textbbox((0, 0), text, font=font)
        if x1 - x0 <= (right - left) * 0.9 or size <= 10:
            break
        size -= 4
    x = left + (right - left - (x1 - x0)) / 2 - x0
    y = top + (bottom - top - (y1 - y0)) / 2 - y0
    draw.text((x, y), text, font=font, fill=fill)


def draw_share_card(name, size=(1200, 630)):
    """The picture shared for pages without one of their own: the site's name on its band."""
    width, height = size
    card = Image.new("RGB", size, BAND)
    draw = ImageDraw.Draw(card)
    draw.rectangle([0, 0, width, 24], fill=ACCENT)
    _centred(draw, (0, 24, width, height - 110), name, 150, INK)
    _centred(
        draw, (0, height - 150, width, height - 60), "Celebrity and entertainment news", 44, INK
    )
    return card


def draw_mark(side, rounded=True):
    """A square mark: the site's initials in white on the accent colour."""
    mark = Image.new(
        "RGBA" if rounded else "RGB", (side, side), (0, 0, 0, 0) if rounded else ACCENT
    )
    draw = ImageDraw.Draw(mark)
    if rounded:
        draw.rounded_rectangle([0, 0, side - 1, side - 1], radius=side // 6, fill=ACCENT)
    _centred(draw, (0, 0, side, side), _initials(settings.SITE_NAME), round(side * 0.55), INK)
    return mark


class Command(BaseCommand):
    help = "Draw the share card and logo into static/img, the icons into static/root."

    def handle(self, *args, **options):
        static = settings.BASE_DIR / "static"
        root = settings.WHITENOISE_ROOT  # served at the site's root, where browsers look
        (static / "img").mkdir(parents=True, exist_ok=True)
        root.mkdir(parents=True, exist_ok=True)
        draw_share_card(settings.SITE_NAME).save(static / "img/share.png", optimize=True)
        draw_mark(512).save(static / "img/logo.png", optimize=True)
        # iOS rounds the corners itself and shows transparency as black.
        draw_mark(180, rounded=False).save(root / "apple-touch-icon.png", optimize=True)
        draw_mark(48).save(root / "favicon.ico", sizes=ICON_SIZES)
        self.stdout.write(self.style.SUCCESS(f"Drew the site's pictures in {static}."))
