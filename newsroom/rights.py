"""Picture rights: which pictures readers may see, and the territories a licence excludes.

The rule itself is on the model (newsroom.models.unexpired, Image.objects.shown,
Image.to_show); this module is what public code calls with a picture that may be
missing, and what the page cache asks for the moments a picture stops showing.
"""

from django.core.exceptions import ValidationError
from django.db.models import F

from newsroom.models import Image

# ISO 3166-1 alpha-2, as assigned; and XK, which agencies and the EU use for Kosovo.
COUNTRY_CODES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ
    DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
    GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
    KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML
    MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
    PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
    SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM
    US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW
    """.split()
)


def to_show(image, now=None):
    """The picture readers see in place of `image` at `now`: it, its stand-in, or None.

    Every public surface goes through this (or the `shown` template filter): pages,
    cards, share cards, JSON-LD, feeds and sitemaps.
    """
    return image.to_show(now) if image is not None else None


def change_moments(now):
    """Moments after `now` when a picture's licence ends, for the page cache (one column)."""
    return [Image.objects.filter(expire_at__gt=now).values(moment=F("expire_at"))]


def parse_territories(text):
    """'gb, IE;us' -> ['GB', 'IE', 'US']; ValidationError naming any code that is not a country."""
    codes = [code.upper() for code in text.replace(";", ",").replace(",", " ").split()]
    unknown = [code for code in codes if code not in COUNTRY_CODES]
    if unknown:
        raise ValidationError(
            f"Not a country code: {', '.join(unknown)}. Use two-letter ISO codes, e.g. GB, IE, US.",
            code="territory",
        )
    return sorted(set(codes))


def territories_text(codes):
    return ", ".join(codes or [])


def shown_key(*shown):
    """'12.0.7': the pictures a cached piece shows (0 for none), for the piece's name.

    Pass what to_show gave, and render the piece with those same pictures: asked again a
    moment later, to_show could answer differently, and the name would not match.
    """
    return ".".join(str(picture.pk if picture is not None else 0) for picture in shown)
