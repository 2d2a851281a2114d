"""Pictures made in memory for the image tests: phone photos, bombs, broken files."""

import io
import struct
import zlib

from PIL import Image as PILImage
from PIL import ImageDraw

GPS_IFD = 0x8825
EXIF_ARTIST, EXIF_COPYRIGHT = 0x013B, 0x8298
ORIENTATION = 0x0112
# sRGB's primaries as an ICC profile states them (D50).
SRGB_RED = (0.4361, 0.2225, 0.0139)
SRGB_GREEN = (0.3851, 0.7169, 0.0971)
SRGB_BLUE = (0.1431, 0.0606, 0.7141)
XMP_WITH_GPS = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="51,30.0N" exif:GPSLongitude="0,7.0W"/></rdf:RDF></x:xmpmeta>'
)


def encode(picture, format="JPEG", **options):
    buffer = io.BytesIO()
    picture.save(buffer, format, **options)
    return buffer.getvalue()


def photo(size=(1600, 1200), seed_colour=(180, 120, 90)):
    """A busy picture (noise over a colour) that compresses like a photo."""
    noise = PILImage.effect_noise(size, 40).convert("RGB")
    return PILImage.blend(PILImage.new("RGB", size, seed_colour), noise, 0.3)


def phone_exif(orientation=None):
    """EXIF as a phone writes it: camera, place (GPS), and perhaps an orientation."""
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 15"
    if orientation:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0), 18: "WGS-84"})
    return exif


def phone_jpeg(size=(1600, 1200), orientation=None):
    """A JPEG carrying location twice over: EXIF GPS and an XMP packet."""
    return encode(photo(size), "JPEG", exif=phone_exif(orientation), xmp=XMP_WITH_GPS)


def marked_jpeg(size, orientation):
    """Stored pixels with a red top-left quarter, to see where it ends up."""
    picture = PILImage.new("RGB", size, (0, 0, 255))
    ImageDraw.Draw(picture).rectangle([0, 0, size[0] // 2, size[1] // 2], fill=(255, 0, 0))
    return encode(picture, "JPEG", exif=phone_exif(orientation), quality=95)


def dot_jpeg(size, dot):
    """Grey with a red dot centred at `dot` (fractions of width and height)."""
    picture = PILImage.new("RGB", size, (128, 128, 128))
    x, y = dot[0] * size[0], dot[1] * size[1]
    ImageDraw.Draw(picture).ellipse([x - 30, y - 30, x + 30, y + 30], fill=(255, 0, 0))
    return encode(picture, "JPEG", quality=95)


def _s15(value):
    return struct.pack(">i", round(value * 65536))


def _xyz(x, y, z):
    return b"XYZ " + b"\0" * 4 + _s15(x) + _s15(y) + _s15(z)


def rgb_profile(red, green, blue, gamma=2.2):
    """A minimal ICC v2 RGB profile with the given primaries (matrix/TRC)."""
    curve = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, round(gamma * 256)) + b"\0\0"
    tags = [
        (b"wtpt", _xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", _xyz(*red)),
        (b"gXYZ", _xyz(*green)),
        (b"bXYZ", _xyz(*blue)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    header = struct.pack(
        ">I4sI4s4s4s12s4s",
        offset + len(data),
        b"\0" * 4,
        0x02100000,
        b"mntr",
        b"RGB ",
        b"XYZ ",
        b"\0" * 12,
        b"acsp",
    )
    header += b"\0" * (68 - len(header)) + _s15(0.9642) + _s15(1.0) + _s15(0.8249)
    header += b"\0" * (128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + data


def red_in_swapped_profile():
    """Pure red pixels, in a profile whose red primary is sRGB's green: green once converted."""
    swapped = rgb_profile(SRGB_GREEN, SRGB_RED, SRGB_BLUE)
    return encode(PILImage.new("RGB", (400, 300), (255, 0, 0)), "PNG", icc_profile=swapped)


def png_claiming_size(width, height):
    """A tiny PNG whose header claims `width` × `height`: what a decompression bomb shows."""
    data = encode(PILImage.new("L", (1, 1)), "PNG")
    header = struct.pack(">II", width, height) + data[24:29]
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + header) & 0xFFFFFFFF)
    return data[:16] + header + crc + data[33:]


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script><rect width='10' height='10'/></svg>"
)


# --- An agency's picture: rights in IPTC and XMP, and the camera's location besides ------

AGENCY = {
    "credit": "Wire Pictures",  # XMP photoshop:Credit (as an attribute)
    "creator": "Jo Snapper, Sam Lens",  # XMP dc:creator (a list); the IIM by-line differs
    "copyright_notice": "© Wire Pictures 2026",  # IIM only
    "caption": "Zendaya arrives at the premiere in London.",  # IIM only
    "licensor": "Wire Pictures Ltd",  # IIM source
    "usage_terms": "Editorial use only. No use after 30 days.",  # XMP xmpRights:UsageTerms
    "alt_text": "Zendaya in a silver gown on the red carpet",  # XMP AltTextAccessibility
}
AGENCY_XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    'syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
    'xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/" '
    'xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/" '
    'xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    f'photoshop:Credit="{AGENCY["credit"]}" '
    'exif:GPSLatitude="51,30.0N" exif:GPSLongitude="0,7.0W">'
    "<dc:creator><rdf:Seq><rdf:li>Jo Snapper</rdf:li><rdf:li>Sam Lens</rdf:li></rdf:Seq>"
    "</dc:creator>"
    '<xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang="x-default">'
    f"{AGENCY['usage_terms']}</rdf:li></rdf:Alt></xmpRights:UsageTerms>"
    '<Iptc4xmpCore:AltTextAccessibility><rdf:Alt><rdf:li xml:lang="x-default">'
    f"{AGENCY['alt_text']}</rdf:li></rdf:Alt></Iptc4xmpCore:AltTextAccessibility>"
    "</rdf:Description></rdf:RDF></x:xmpmeta>"
).encode()


def iim(datasets):
    """An IPTC IIM block: record 2's datasets [(number, text), ...], declared UTF-8."""
    block = b"\x1c\x01\x5a" + struct.pack(">H", 3) + b"\x1b%G"
    for number, text in datasets:
        data = text.encode()
        block += b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(data)) + data
    return block


def photoshop_segment(block):
    """A JPEG APP13 segment holding `block` as Photoshop's IPTC resource (0x0404)."""
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\0\0" + struct.pack(">I", len(block))
    resource += block + (b"\0" if len(block) % 2 else b"")
    payload = b"Photoshop 3.0\0" + resource
    return b"\xff\xed" + struct.pack(">H", 2 + len(payload)) + payload


def agency_jpeg(size=(1600, 1200), xmp=AGENCY_XMP):
    """A JPEG as agencies send them, with GPS and camera data a phone would add too."""
    block = iim(
        [
            (80, "Only In IIM"),  # by-line: the XMP creators win
            (110, "Credit In IIM"),  # credit: the XMP credit wins
            (116, AGENCY["copyright_notice"]),
            (120, AGENCY["caption"]),
            (115, AGENCY["licensor"]),
        ]
    )
    return encode(photo(size), "JPEG", exif=phone_exif(), xmp=xmp, extra=photoshop_segment(block))
