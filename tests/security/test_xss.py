"""Stored XSS: whatever an editor types into any text field never runs in a reader's or a
colleague's browser, on any public page, feed, sitemap, JSON-LD block or admin page.

Each payload goes into every editable text field at once, tagged with the field's code
(alert('hl') is the headline's), so a failure names the field that let it through.
"""

import datetime
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles import previews
from articles.models import Article, Correction, Revision, Section
from authors.models import Author
from newsroom.models import Image
from people.models import Person, Production

PAYLOADS = {
    "script tag": "<script>alert('{m}')</script>",
    "event handler": "<img src=x onerror=alert('{m}')>",
    "svg": "<svg onload=alert('{m}')>",
    "attribute break-out": "\"><script>alert('{m}')</script>",
    "single-quote break-out": "'><img src=x onerror=alert('{m}')>",
    "javascript: link": "<a href=\"javascript:alert('{m}')\">{m}</a>",
    "data: link": "<a href=\"data:text/html,<script>alert('{m}')</script>\">{m}</a>",
    "bare javascript: url": "javascript:alert('{m}')",
    "broken markup": "<p <script>alert('{m}')</script",
    "json-ld break-out": "</script><script>alert('{m}')</script>",
    "iframe": "<iframe src=\"javascript:alert('{m}')\"></iframe>",
    "mutation": "<math><mtext><mglyph><style><img src=x onerror=alert('{m}')>",
}

# Code -> where the payload goes, for messages.
FIELDS = {
    "hl": "Article.headline",
    "sf": "Article.standfirst",
    "bd": "Article.body",
    "cap": "Article.hero_caption",
    "src": "Article.source",
    "st": "Article.seo_title",
    "sd": "Article.seo_description",
    "tag": "Article.tags",
    "cor": "Correction.text",
    "an": "Author.name",
    "jt": "Author.job_title",
    "abio": "Author.bio",
    "pn": "Person.name",
    "aka": "Person.also_known_as",
    "bio": "Person.bio",
    "bp": "Person.birthplace",
    "pt": "Production.title",
    "syn": "Production.synopsis",
    "fr": "Production.franchise",
    "chr": "Credit.character",
    "sn": "Section.name",
    "sde": "Section.description",
    "alt": "Image.alt_text",
    "ic": "Image.caption",
    "cr": "Image.credit",
}

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
NEVER_EMITTED = {"iframe", "frame", "object", "embed"}
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}


def fit(model, field, value):
    """`value` cut to the column's length (PostgreSQL refuses longer strings)."""
    limit = model._meta.get_field(field).max_length
    return value[:limit] if limit else value


class ExecutableFinder(HTMLParser):
    """Collects what a browser would run: scripts, handlers, script URLs, frames."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        self.script = None  # (type, text) of the <script> being read
        self.json_ld = []

    def handle_starttag(self, tag, attrs):
        attrs = [(name, value or "") for name, value in attrs]
        if tag in NEVER_EMITTED:
            self.found.append(f"<{tag}> element")
        for name, value in attrs:
            squashed = "".join(value.split()).lower()
            if name.startswith("on") and "alert" in value:
                self.found.append(f"{name}={value!r} on <{tag}>")
            if name in URL_ATTRIBUTES and squashed.startswith(DANGEROUS_SCHEMES):
                self.found.append(f"{name}={value!r} on <{tag}>")
            if name == "srcdoc":
                self.found.append(f"srcdoc on <{tag}>")
        if tag == "script":
            self.script = (dict(attrs).get("type", "").lower(), [])

    def handle_data(self, data):
        if self.script is not None:
            self.script[1].append(data)

    def handle_endtag(self, tag):
        if tag != "script" or self.script is None:
            return
        kind, parts = self.script
        text = "".join(parts)
        self.script = None
        if kind == "application/ld+json":
            self.json_ld.append(text)
        elif kind in JS_TYPES and "alert" in text:
            self.found.append(f"inline script {text[:60]!r}")


def executable_in_html(text):
    finder = ExecutableFinder()
    finder.feed(text)
    finder.close()
    problems = list(finder.found)
    for block in finder.json_ld:
        try:
            json.loads(block)  # a block that no longer parses was broken out of
        except ValueError:
            problems.append(f"broken JSON-LD {block[:60]!r}")
    return problems


def problems_in(response, payloads):
    """What in `response` would run, or shows a payload unescaped."""
    text = response.content.decode()
    kind = response.get("Content-Type", "")
    raw = [payload for payload in payloads if "<" in payload and payload in text]
    if "html" in kind:
        return executable_in_html(text) + [f"raw {payload!r}" for payload in raw]
    if "xml" in kind:
        root = ET.fromstring(response.content)  # still well-formed
        # Feed readers show descriptions as HTML, and most show titles as HTML too.
        shown_as_html = [el for el in root.iter() if el.tag in {"title", "description"}]
        return [f"raw {payload!r}" for payload in raw] + [
            f"<{el.tag}> {problem}"
            for el in shown_as_html
            for problem in executable_in_html(el.text or "")
        ]
    return []


@pytest.fixture
def world(make_article, make_person, make_production, make_credit, make_image, make_author):
    """Every editable text field filled with one payload, tagged by field code."""

    def build(template):
        def value(model, field, code):
            return fit(model, field, template.format(m=code))

        image = make_image(
            alt_text=value(Image, "alt_text", "alt"),
            caption=value(Image, "caption", "ic"),
            credit=value(Image, "credit", "cr"),
        )
        section = Section.objects.create(
            name=value(Section, "name", "sn"),
            slug="xss-section",
            description=value(Section, "description", "sde"),
        )
        person = make_person(
            name=value(Person, "name", "pn"),
            also_known_as=value(Person, "also_known_as", "aka"),
            bio=value(Person, "bio", "bio"),
            birthplace=value(Person, "birthplace", "bp"),
            birth_date=datetime.date(1986, 5, 3),
            photo=image,
        )
        production = make_production(
            title=value(Production, "title", "pt"),
            synopsis=value(Production, "synopsis", "syn"),
            franchise=value(Production, "franchise", "fr"),
            poster=image,
        )
        make_credit(person, production, character=template.format(m="chr")[:150])
        author = make_author(
            name=value(Author, "name", "an"),
            job_title=value(Author, "job_title", "jt"),
            bio=value(Author, "bio", "abio"),
            website="https://example.org/",
            x_handle="desk_reporter",
            photo=image,
        )
        article = make_article(
            headline=value(Article, "headline", "hl"),
            standfirst=value(Article, "standfirst", "sf"),
            body=template.format(m="bd"),
            hero_image=image,
            hero_caption=value(Article, "hero_caption", "cap"),
            source=value(Article, "source", "src"),
            seo_title=value(Article, "seo_title", "st"),
            seo_description=value(Article, "seo_description", "sd"),
            section=section,
            tags=[template.format(m="tag")[:100]],
            people=[person],
            productions=[production],
            bylines=[author],
        )
        Correction.objects.create(article=article, text=template.format(m="cor"))
        return {
            "article": article,
            "person": person,
            "production": production,
            "image": image,
            "author": author,
        }

    return build


def public_urls(built, payload):
    article, person, author = built["article"], built["person"], built["author"]
    tag = article.tags.get()
    link = previews.create_link(article, by=None)
    return [
        "/",
        article.get_absolute_url(),
        "/sections/xss-section/",
        f"/tags/{tag.slug}/",
        person.get_absolute_url(),
        "/people/",
        built["production"].get_absolute_url(),
        "/productions/",
        "/search/?q=alert",
        f"/search/?q={quote(payload)}",
        f"/no-such-page/{quote(payload)}/",
        "/feeds/latest/",
        "/feeds/sections/xss-section/",
        f"/feeds/tags/{tag.slug}/",
        f"/feeds/people/{person.slug}/",
        author.get_absolute_url(),
        f"/feeds/authors/{author.slug}/",
        "/sitemap-articles.xml",
        "/sitemap-authors.xml",
        "/sitemap-images.xml",
        "/sitemap-tags.xml",
        "/news-sitemap.xml",
        f"/preview/{previews.token_for(link)}/",
    ]


def admin_urls(built, payload):
    article, person = built["article"], built["person"]
    production, image = built["production"], built["image"]
    section = article.section
    return [
        "/admin/",
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_changelist") + f"?q={quote(payload)}",
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_delete", args=[article.pk]),
        reverse("admin:articles_article_revisions", args=[article.pk]),
        reverse("admin:articles_article_preview", args=[article.pk]),
        reverse("admin:articles_article_schedule"),
        reverse("admin:people_person_changelist"),
        reverse("admin:people_person_change", args=[person.pk]),
        reverse("admin:people_production_changelist"),
        reverse("admin:people_production_change", args=[production.pk]),
        reverse("admin:articles_section_changelist"),
        reverse("admin:articles_section_change", args=[section.pk]),
        reverse("admin:newsroom_image_changelist"),
        reverse("admin:newsroom_image_change", args=[image.pk]),
        reverse("admin:authors_author_changelist"),
        reverse("admin:authors_author_change", args=[built["author"].pk]),
    ]


@pytest.mark.parametrize("name", PAYLOADS)
def test_stored_payload_never_runs_on_a_public_page(client, world, name):
    built = world(PAYLOADS[name])
    payloads = [PAYLOADS[name].format(m=code) for code in FIELDS]
    for url in public_urls(built, PAYLOADS[name]):
        response = client.get(url)
        assert response.status_code == (404 if url.startswith("/no-such-page/") else 200), url
        assert problems_in(response, payloads) == [], url


@pytest.mark.parametrize("name", PAYLOADS)
def test_stored_payload_never_runs_in_the_admin(client, world, chief, name):
    built = world(PAYLOADS[name])
    payloads = [PAYLOADS[name].format(m=code) for code in FIELDS]
    client.force_login(chief)
    for url in admin_urls(built, PAYLOADS[name]):
        response = client.get(url)
        assert response.status_code == 200, url
        assert problems_in(response, payloads) == [], url


def test_json_ld_keeps_the_text_and_cannot_be_broken_out_of(client, world):
    built = world(PAYLOADS["json-ld break-out"])
    pages = [built["article"], built["person"], built["author"]]
    for url in [page.get_absolute_url() for page in pages]:
        finder = ExecutableFinder()
        finder.feed(client.get(url).content.decode())
        # The page's own type and its trail from home, both naming the story or person.
        assert len(finder.json_ld) == 2, url
        for block in finder.json_ld:
            data = json.loads(block)
            assert "</script><script>alert(" in json.dumps(data, ensure_ascii=False), url
            assert "</script" not in block.lower(), url


@pytest.mark.parametrize("name", PAYLOADS)
def test_slugs_refuse_markup(name, section):
    payload = PAYLOADS[name].format(m="slug")
    for instance in [
        Article(headline="x", slug=payload, section=section),
        Person(name="x", slug=payload),
        Production(title="x", slug=payload),
        Section(name="x", slug=payload),
        Author(name="x", slug=payload),
    ]:
        with pytest.raises(ValidationError) as refused:
            instance.full_clean()
        assert "slug" in refused.value.message_dict


@pytest.mark.parametrize("name", PAYLOADS)
def test_an_authors_links_refuse_markup_and_script_urls(db, name):
    payload = PAYLOADS[name].format(m="link")
    with pytest.raises(ValidationError) as refused:
        Author(name="x", slug="x", website=payload, x_handle=payload).full_clean()
    assert {"website", "x_handle"} <= set(refused.value.message_dict)


@pytest.mark.parametrize("name", PAYLOADS)
def test_body_stays_clean_after_a_revision_restore(world, editor, name):
    from articles import revisions

    built = world("<p>Safe</p>")
    article = built["article"]
    # A snapshot tampered with in the database (or made before the allow-list changed).
    forged = Revision.objects.create(
        article=article,
        version=99,
        snapshot={**revisions.snapshot(article), "body": PAYLOADS[name].format(m="bd")},
    )
    revisions.restore(article, forged, by=editor)
    article.refresh_from_db()
    assert executable_in_html(article.body) == []
    assert "<script" not in article.body and "onerror" not in article.body


@pytest.mark.parametrize("name", PAYLOADS)
def test_body_is_clean_whatever_path_stored_it(db, section, name):
    payload = PAYLOADS[name].format(m="bd")
    created = Article.objects.create(headline="x", slug="x", section=section, body=payload)
    created.refresh_from_db()
    assert executable_in_html(created.body) == []
    created.body = payload
    created.save(update_fields=["body"])  # a partial save still cleans
    created.refresh_from_db()
    assert executable_in_html(created.body) == []


@pytest.mark.parametrize("name", PAYLOADS)
def test_agency_copy_import_stays_clean(name):
    from articles import agency

    text = "\n".join(PAYLOADS[name].format(m=code) for code in ("hl", "sf", "bd"))
    draft = agency.parse(text)
    assert executable_in_html(draft.body) == []


def test_feed_descriptions_are_text_to_a_feed_reader(client, world):
    world(PAYLOADS["script tag"])
    root = ET.fromstring(client.get("/feeds/latest/").content)
    for description in root.iter("description"):
        assert executable_in_html(description.text or "") == []
        assert "<script" not in (description.text or "")


def test_the_finder_spots_what_would_run():
    """The checks above mean something: unescaped payloads are caught."""
    assert executable_in_html("<p><img src=x onerror=alert(1)></p>")
    assert executable_in_html("<a href=' javascript:alert(1)'>x</a>")
    assert executable_in_html("<script>alert(1)</script>")
    assert executable_in_html('<script type="application/ld+json">{"a":"</script>')
    assert executable_in_html("<iframe src=x></iframe>")
    assert not executable_in_html("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
