"""Every kind of public page is valid HTML, as the Nu HTML Checker (vnu) reads it.

The demo content is rendered once per page kind (with production settings, then with
debug on), the files go to a temporary folder and vnu checks them all in one run.
Without Java or vnu.jar the test is skipped on a developer's machine; CI installs
both and sets NEWSROOM_REQUIRE_VALIDATOR=1, which turns that skip into a failure.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from articles import previews
from articles.models import Article, Section
from live.models import Entry
from newsroom.views import server_error

VNU_JAR = Path(
    os.environ.get("NEWSROOM_VNU_JAR")
    or settings.BASE_DIR / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)
DR = "/productions/mission-impossible-dead-reckoning-part-one/"

# (file name, address, expected status) for every kind of public page.
PAGES = [
    ("home", "/", 200),
    ("article", "/articles/pom-klementieff-asked-tom-cruise-to-kick-her/", 200),
    ("article-no-picture", "/articles/dead-reckoning-yellow-fiat-rome-chase/", 200),
    ("section", "/sections/film/", 200),
    ("section-empty", "/sections/empty/", 200),
    ("tag", "/tags/stunts/", 200),
    ("people", "/people/", 200),
    ("people-letter", "/people/?letter=C", 200),
    ("people-letter-empty", "/people/?letter=Q", 200),
    ("person", "/people/tom-cruise/", 200),
    ("person-dead", "/people/leonard-nimoy/", 200),
    ("productions", "/productions/", 200),
    ("production-film", DR, 200),
    ("production-tv", "/productions/mission-impossible-1966/", 200),
    ("author", "/authors/wendy-writer/", 200),
    ("author-name-only", "/authors/agency-reporter/", 200),
    ("search-empty", "/search/", 200),
    ("search", "/search/?q=Paris", 200),
    ("search-misspelt", "/search/?q=Klementief", 200),
    ("search-nothing", "/search/?q=zzyzzx", 200),
    ("live", "/articles/golden-fuse-awards-2027-live/", 200),
    ("awards", "/awards/2027-golden-fuse-awards/", 200),
    ("not-found", "/articles/no-such-story/", 404),
]


def vnu_command():
    java = shutil.which("java")
    missing = [what for what, found in [("java", java), (VNU_JAR, VNU_JAR.exists())] if not found]
    if missing:
        message = f"The Nu HTML Checker needs {' and '.join(map(str, missing))}"
        if os.environ.get("NEWSROOM_REQUIRE_VALIDATOR"):
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-Xss4m", "-jar", str(VNU_JAR), "--format", "json", "--also-check-svg"]


# Before any content: what a fresh install shows.
EMPTY_SITE = [
    ("empty-home", "/", 200),
    ("empty-people", "/people/", 200),
    ("empty-productions", "/productions/", 200),
    ("empty-search", "/search/?q=anything", 200),
]


def save_pages(client, pages, folder, suffix):
    for name, url, status in pages:
        response = client.get(url)
        assert response.status_code == status, url
        (folder / f"{name}{suffix}.html").write_bytes(response.content)


def test_every_public_page_is_valid_html(client, db, settings, tmp_path):
    command = vnu_command()
    save_pages(client, EMPTY_SITE, tmp_path, "")
    call_command("load_demo", verbosity=0)
    Section.objects.create(name="Empty", slug="empty")
    draft = Article.objects.get(slug="paris-punk-look-dead-reckoning")
    token = previews.token_for(previews.create_link(draft, None))
    oldest = Entry.objects.public().order_by("published_at").first()
    pages = [
        *PAGES,
        ("preview", f"/preview/{token}/", 200),
        ("live-earlier", f"/articles/golden-fuse-awards-2027-live/?before={oldest.pk}", 200),
    ]
    save_pages(client, pages, tmp_path, "")
    (tmp_path / "server-error.html").write_bytes(server_error(None).content)
    settings.DEBUG = True
    # With debug on, Django shows its own error pages, which are not ours to check.
    save_pages(client, [page for page in pages if page[2] == 200], tmp_path, "-debug")
    files = sorted(str(path) for path in tmp_path.glob("*.html"))
    run = subprocess.run([*command, *files], capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    problems = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['type']}/{m.get('subType', '')}: "
        f"{m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "warning"
    ]
    assert not problems, "\n".join(problems)
