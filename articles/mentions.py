"""Linking the first mention of each person and production in a story on its public page."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.urls import reverse
from django.utils.html import escape

from newsroom.sanitize import clean_html

BREAK = "\x00"  # between blocks in the text a reader reads, so no rule reads across two
TITLE_RUNS_ON = re.compile(r"\s*[:–—-]\s*[A-Z0-9]|\s+(?:Part|Chapter|Volume|II|III|IV|V|VI|\d)\b")
TITLE_RAN_FROM = re.compile(r"[A-Z0-9][\w’'.]*\s*[:–—-]\s*$")
FRANCHISE = re.compile(r"[’'”\"]?\s+(?:franchise|films|movies|saga|sequels)\b")
QUOTE_OPENS = re.compile(r"(?:^|[\s(\x00])['‘“\"]$")
QUOTE_CLOSES = re.compile(r"['’”\"](?!\w)")
QUOTE_RUNS_ON = re.compile(r"[^'’”\"\x00.!?]{1,120}['’”\"](?!\w)")
QUOTE_RAN_FROM = re.compile(r"(?:^|[\s(\x00])['‘“\"][^'’”\"\x00.!?]{1,120}$")


@dataclass
class _Run:
    """A run of body text, where it starts in the text a reader reads, and its links."""

    text: str
    start: int
    linkable: bool  # not inside a heading or an existing link
    links: list = field(default_factory=list)  # (start, end, url) within `text`

    def render(self):
        html, at = [], 0
        for start, end, url in sorted(self.links):
            html.append(escape(self.text[at:start]))
            html.append(f'<a href="{escape(url)}">{escape(self.text[start:end])}</a>')
            at = end
        html.append(escape(self.text[at:]))
        return "".join(html)


class _Linker(HTMLParser):
    """The body as tags and runs of text, and the text a reader reads, to find mentions in."""

    # Not inside links, headings or figures (a picture's caption, an embed's quoted post).
    SKIP = {"a", "figure", "h1", "h2", "h3", "h4", "h5", "h6"}
    INLINE = {"a", "b", "cite", "em", "i", "q", "s", "small", "span", "strong", "sub", "sup", "u"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []  # rendered tags (str) and _Run objects, in order
        self.text = []
        self.length = 0
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        self.skipping += tag in self.SKIP
        self.add_tag(tag, f"<{tag}{rendered(attrs)}>")

    def handle_endtag(self, tag):
        self.skipping -= tag in self.SKIP and self.skipping > 0
        self.add_tag(tag, f"</{tag}>")

    def handle_startendtag(self, tag, attrs):
        self.add_tag(tag, f"<{tag}{rendered(attrs)}>")

    def handle_data(self, data):
        self.parts.append(_Run(data, self.length, linkable=not self.skipping))
        self.add_text(data)

    def add_tag(self, tag, html):
        if tag not in self.INLINE:
            self.add_text(BREAK)
        self.parts.append(html)

    def add_text(self, text):
        self.text.append(text)
        self.length += len(text)


def rendered(attrs):
    return "".join(f' {k}="{escape(v or "")}"' for k, v in attrs)


def link_first_mentions(body, people, productions):
    """The body with the first mention of each person and production linked to its page."""
    targets = [
        (name_pattern(p.name), reverse("people:person_detail", args=[p.slug]), False)
        for p in people
    ] + [
        (title_pattern(p.title), reverse("people:production_detail", args=[p.slug]), True)
        for p in productions
    ]
    if not targets:
        return body
    linker = _Linker()
    linker.feed(body)
    linker.close()
    runs = [part for part in linker.parts if isinstance(part, _Run)]
    for start, end, url in first_mentions("".join(linker.text), targets, runs):
        run = next(r for r in runs if r.start <= start < r.start + len(r.text))
        run.links.append((start - run.start, end - run.start, url))
    html = "".join(part.render() if isinstance(part, _Run) else part for part in linker.parts)
    return clean_html(html)


def first_mentions(text, targets, runs):
    """(start, end, url) of the first mention of each target that can carry a link."""
    found = [
        (match.start(), match.end(), i)
        for i, (pattern, _, is_title) in enumerate(targets)
        for match in pattern.finditer(text)
        if not is_title or names_production(text, match.start(), match.end())
    ]
    # Longest first, each taking its words: "Mission: Impossible" never links inside
    # "Mission: Impossible – Dead Reckoning Part One", wherever that one is linked.
    taken = []
    for start, end, i in sorted(found, key=lambda f: (f[0] - f[1], f[0], f[2])):
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, i))
    linked = set()
    mentions = []
    for start, end, i in sorted(taken):
        if i not in linked and any(
            r.linkable and r.start <= start and end <= r.start + len(r.text) for r in runs
        ):
            linked.add(i)
            mentions.append((start, end, targets[i][1]))
    return mentions


# A title names its production unless it runs on into a longer title or names the franchise.
def names_production(text, start, end):
    before, after = text[max(0, start - 122) : start], text[end : end + 122]
    if TITLE_RUNS_ON.match(after) or TITLE_RAN_FROM.search(before) or FRANCHISE.match(after):
        return False
    opened, closed = QUOTE_OPENS.search(before[-2:]), QUOTE_CLOSES.match(after)
    if opened and not closed:  # 'Mission: Impossible Rogue Nation'
        return not QUOTE_RUNS_ON.match(after)
    if closed and not opened:
        return not QUOTE_RAN_FROM.search(before)
    return True


def name_pattern(name):
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")


def title_pattern(title):
    """The title as written, with any dash for a dash and any spacing for a space."""
    pieces = (p for p in re.split(r"(\s+|[-–—])", title.strip()) if p)
    body = "".join(
        r"\s+" if p.isspace() else "[-–—]" if p in "-–—" else re.escape(p) for p in pieces
    )
    return re.compile(rf"(?<!\w){body}(?!\w)")
