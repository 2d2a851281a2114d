"""What a picture's file says about its rights: read on upload, written on renditions.

Agencies embed the credit, photographer, copyright notice, caption and usage terms in
their files (IPTC IIM and XMP). The desk reads those into the upload form's empty
fields, and nothing else: location and camera data are never read, and the cleaned
master keeps no metadata at all (newsroom.images.clean). Renditions carry the credit
and copyright notice back, as IPTC recommends for pictures published on the web, in
EXIF (Artist, Copyright) and in a small XMP packet.
"""

import logging
import xml.etree.ElementTree as ElementTree
from xml.sax.saxutils import escape

from PIL import Image as PILImage
from PIL import IptcImagePlugin

from newsroom.models import Image

logger = logging.getLogger(__name__)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
XMP_RIGHTS = "http://ns.adobe.com/xap/1.0/rights/"
IPTC_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Where each field of the library is found, best first: XMP properties (namespace,
# name) and IIM datasets of record 2 (an int). Agencies put restrictions in the
# IIM "special instructions" when they have nowhere better.
SOURCES = {
    "alt_text": [(IPTC_CORE, "AltTextAccessibility")],
    "caption": [(DC, "description"), 120],
    "credit": [(PHOTOSHOP, "Credit"), 110],
    "creator": [(DC, "creator"), 80],
    "copyright_notice": [(DC, "rights"), 116],
    "licensor": [(PHOTOSHOP, "Source"), 115],
    "usage_terms": [(XMP_RIGHTS, "UsageTerms"), (PHOTOSHOP, "Instructions"), 40],
}
# XMP is a few kilobytes; a packet far larger than that is not worth parsing.
MAX_XMP_BYTES = 1024 * 1024
EXIF_ARTIST, EXIF_COPYRIGHT = 0x013B, 0x8298


# --- Reading, on upload ---------------------------------------------------------------


def read_fields(picture):
    """{field: text} for the library's fields a picture's IPTC and XMP fill; {} if none.

    `picture` is an upload opened by newsroom.images.open_upload. Texts are cut to fit
    their field (ending in "…").
    """
    try:
        xmp, iim = _xmp(picture), _iim(picture)
    except Exception:  # a damaged block costs the desk its suggestions, never the upload
        logger.warning("Unreadable IPTC or XMP ignored", exc_info=True)
        return {}
    found = {}
    for field, places in SOURCES.items():
        for place in places:
            text = _tidy(xmp.get(place) if isinstance(place, tuple) else iim.get(place))
            if text:
                found[field] = _fit(text, Image._meta.get_field(field).max_length)
                break
    return found


def _tidy(text):
    return " ".join(text.split()) if text else ""


def _fit(text, length):
    if length is None or len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0] or text[: length - 1]
    return cut + "…"


def _iim(picture):
    """{dataset number: text} from the IPTC IIM block (record 2) of a JPEG or TIFF."""
    info = IptcImagePlugin.getiptcinfo(picture) or {}
    found = {}
    for (record, dataset), value in info.items():
        if record == 2:
            values = value if isinstance(value, list) else [value]
            found[dataset] = ", ".join(_decode(v) for v in values)
    return found


def _decode(raw):
    # IIM says its character set in record 1; in practice it is UTF-8 or Latin-1.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _xmp_packet(picture):
    packet = picture.info.get("xmp") or picture.info.get("XML:com.adobe.xmp") or b""
    return packet.encode() if isinstance(packet, str) else packet


def _xmp(picture):
    """{(namespace, name): text} for the properties in SOURCES found in the XMP packet."""
    packet = _xmp_packet(picture).strip(b"\x00 \r\n\t")
    if not packet or len(packet) > MAX_XMP_BYTES:
        return {}
    # XMP never declares a DTD: refusing one rules out entity expansion attacks.
    if b"<!DOCTYPE" in packet.upper() or b"<!ENTITY" in packet.upper():
        return {}
    root = ElementTree.fromstring(packet)
    wanted = {place for places in SOURCES.values() for place in places if isinstance(place, tuple)}
    found = {}
    for description in root.iter(f"{{{RDF}}}Description"):
        for namespace, name in wanted:
            key = f"{{{namespace}}}{name}"
            text = description.get(key)
            if text is None and (element := description.find(key)) is not None:
                text = _xmp_value(element)
            if text and (namespace, name) not in found:
                found[(namespace, name)] = text
    return found


def _xmp_value(element):
    """The text of a simple property, a language alternative's default, or a list joined."""
    items = element.findall(f"./*/{{{RDF}}}li")
    if not items:
        return element.text or ""
    for item in items:
        if item.get(XML_LANG) == "x-default":
            return item.text or ""
    if element.find(f"{{{RDF}}}Alt") is not None:
        return items[0].text or ""
    return ", ".join(item.text for item in items if item.text)  # creators, in order


# --- Writing, on renditions -----------------------------------------------------------


def rendition_marks(image):
    """Save options giving a rendition the credit and copyright notice, and nothing else."""
    credit, notice = image.marks
    if not (credit or notice):
        return {}
    exif = PILImage.Exif()
    # EXIF says ASCII; UTF-8 is what readers of these tags expect of "©" and accents.
    if credit:
        exif[EXIF_ARTIST] = credit.encode()
    if notice:
        exif[EXIF_COPYRIGHT] = notice.encode()
    return {"exif": exif, "xmp": _marks_packet(credit, notice)}


def _marks_packet(credit, notice):
    properties = ""
    if credit:
        properties += f"<photoshop:Credit>{escape(credit)}</photoshop:Credit>"
    if notice:
        properties += (
            "<dc:rights><rdf:Alt>"
            f'<rdf:li xml:lang="x-default">{escape(notice)}</rdf:li>'
            "</rdf:Alt></dc:rights>"
        )
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        f'<rdf:RDF xmlns:rdf="{RDF}">'
        f'<rdf:Description rdf:about="" xmlns:dc="{DC}" xmlns:photoshop="{PHOTOSHOP}">'
        f"{properties}</rdf:Description></rdf:RDF></x:xmpmeta>"
    ).encode()
