"""Wire copy in: plain agency text turned into a draft, with nothing lost."""

import hashlib
import re
from dataclasses import dataclass, field

from django.utils.html import escape

from newsroom.sanitize import clean_html

# "told Entertainment Weekly magazine", "said in an interview with Vogue"
SOURCE = re.compile(
    r"\b(?:told|said to|speaking to|in an interview with|interview with)\s+"
    r"((?:the\s+)?(?:[A-Z][\w&'’.-]*\s?){1,5}?)"
    r"(?:\s+(magazine|newspaper|podcast|radio|TV|television))?(?=[\s,.:;!?\"'“”]|$)"
)


@dataclass
class Draft:
    headline: str
    standfirst: str
    paragraphs: list
    caption: str = ""
    source: str = ""
    notes: list = field(default_factory=list)

    @property
    def body(self):
        return clean_html("".join(f"<p>{escape(p)}</p>" for p in self.paragraphs))


def digest(text):
    """The same copy pasted twice has the same digest, whatever the spacing."""
    normal = " ".join(text.split()).lower()
    return hashlib.sha256(normal.encode()).hexdigest()


def blocks(text):
    """Paragraphs: runs of non-empty lines, one paragraph per line."""
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def find_source(text):
    match = SOURCE.search(text)
    if not match:
        return ""
    name = match.group(1).strip().removeprefix("the ").strip(" .,")
    return name


def parse(text):
    """First line the headline, first paragraph the standfirst, a doubled line the caption."""
    lines = blocks(text)
    if not lines:
        raise ValueError("The pasted copy is empty.")
    headline, rest = lines[0], lines[1:]
    caption = ""
    kept = []
    for line in rest:
        if kept and line == kept[-1]:
            # Agency copy repeats a picture caption on two lines; take it out of the text.
            kept.pop()
            caption = caption or line
            continue
        kept.append(line)
    standfirst, paragraphs = (kept[0], kept[1:]) if kept else ("", [])
    draft = Draft(
        headline=headline[:200],
        standfirst=standfirst[:400],
        paragraphs=paragraphs,
        caption=caption[:300],
        source=find_source(text)[:200],
    )
    if len(headline) > 200:
        draft.notes.append("The first line was longer than a headline can be; it was cut.")
    return draft
