"""A real Varnish (deploy/varnish/newsroom.vcl) in front of the app, purged by key.

Each run starts its own varnishd on a free loopback port, with a working folder that
is thrown away, in front of pytest-django's live server. Without varnishd on this
machine the tests skip; CI sets NEWSROOM_REQUIRE_VARNISH=1, which makes that a failure.
"""

import os
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings

from articles import workflow
from tests.newsroom.seaweedfs import free_ports

pytestmark = pytest.mark.django_db(transaction=True)

VCL = Path(django_settings.BASE_DIR) / "deploy" / "varnish" / "newsroom.vcl"
VARNISHD = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")
START_SECONDS = 20


class Varnish:
    def __init__(self, backend_port, desk_port=None):
        self.folder = Path(tempfile.mkdtemp(prefix="newsroom-varnish-"))
        # Run as root, varnishd hands its work to its own unprivileged users: they read here.
        self.folder.chmod(0o755)
        (self.port,) = free_ports(1)
        self.url = f"http://127.0.0.1:{self.port}"
        vcl = VCL.read_text()
        for listed, port in (("8000", backend_port), ("8002", desk_port or backend_port)):
            assert f'.port = "{listed}";' in vcl
            vcl = vcl.replace(f'.port = "{listed}";', f'.port = "{port}";')
        (self.folder / "newsroom.vcl").write_text(vcl)
        (self.folder / "newsroom.vcl").chmod(0o644)
        self.log = open(self.folder / "varnishd.log", "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                VARNISHD,
                "-F",
                "-f", str(self.folder / "newsroom.vcl"),
                "-a", f"127.0.0.1:{self.port}",
                "-n", str(self.folder / "work"),
                "-s", "malloc,32m",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        self._wait()

    def _wait(self):
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"varnishd stopped: {(self.folder / 'varnishd.log').read_text()}"
                )
            try:
                self.purge("warm-up")
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("varnishd did not start in time")

    def purge(self, *keys):
        request = urllib.request.Request(
            self.url, method="PURGE", headers={"xkey-purge": " ".join(keys)}
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status

    def get(self, path, cookie=None, method="GET"):
        headers = {"Cookie": cookie} if cookie else {}
        data = b"posted=1" if method == "POST" else None
        request = urllib.request.Request(self.url + path, data, headers, method=method)
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.headers, answer.read().decode()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def need_varnishd():
    if VARNISHD is None:
        message = "varnishd is not installed (apt-get install varnish varnish-modules)"
        if os.environ.get("NEWSROOM_REQUIRE_VARNISH"):
            pytest.fail(f"NEWSROOM_REQUIRE_VARNISH is set but {message}")
        pytest.skip(message)


@pytest.fixture(scope="module")
def varnish(live_server):
    need_varnishd()
    server = Varnish(urlsplit(live_server.url).port)
    yield server
    server.stop()


@pytest.fixture
def in_front(varnish, settings):
    """The app caches pages and sends its purges to this Varnish, emptied first."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_HTTP_CACHE_PURGE_URLS = [varnish.url]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    varnish.purge("site")
    return varnish


def test_a_cached_page_is_served_by_varnish(in_front, make_article, make_person):
    person = make_person(slug="cached-person")
    make_article(people=[person])
    headers, _ = in_front.get("/people/cached-person/")
    assert headers["X-Cache"] == "MISS"
    assert "person:cached-person" in headers["Surrogate-Key"].split()
    time.sleep(1.1)
    headers, _ = in_front.get("/people/cached-person/")
    assert headers["X-Cache"] == "HIT"
    assert int(headers["Age"]) > 0
    assert "xkey" not in headers  # the keys are Varnish's own business


def test_a_publication_purges_exactly_the_pages_it_shows_on(
    in_front, make_article, make_section, make_person, publisher
):
    film = make_section(slug="film-front", name="Film front")
    make_article(section=film, headline="An older film story")
    make_article(people=[make_person(slug="bystander")], headline="About someone else")
    for path in ("/sections/film-front/", "/people/bystander/"):
        in_front.get(path)
        assert in_front.get(path)[0]["X-Cache"] == "HIT"
    story = make_article(section=film, status="approved", headline="Premiere night")

    workflow.publish(story, by=publisher)

    headers, page = in_front.get("/sections/film-front/")
    assert headers["X-Cache"] == "MISS"
    assert "Premiere night" in page
    assert in_front.get("/people/bystander/")[0]["X-Cache"] == "HIT"


def test_a_withdrawal_is_never_served_from_varnish(in_front, make_article, make_section, publisher):
    tv = make_section(slug="tv-front", name="TV front")
    story = make_article(section=tv, headline="Pulled by the lawyers")
    in_front.get("/sections/tv-front/")
    assert in_front.get(story.get_absolute_url())[0]["X-Cache"] == "MISS"

    workflow.withdraw(story, by=publisher, note="Legal asked.")

    assert "Pulled by the lawyers" not in in_front.get("/sections/tv-front/")[1]
    with pytest.raises(urllib.error.HTTPError) as gone:
        in_front.get(story.get_absolute_url())
    assert gone.value.code == 404


def test_staff_pages_are_never_cached(in_front, client, editor, make_article, make_section):
    section = make_section(slug="staff-front")
    make_article(section=section)
    client.force_login(editor)
    name = django_settings.SESSION_COOKIE_NAME
    staff = f"{name}={client.cookies[name].value}"
    for _ in range(2):
        headers, _ = in_front.get("/sections/staff-front/", cookie=staff)
        assert headers["X-Cache"] == "MISS"
        assert "private" in headers["Cache-Control"]
    # Nor is what staff were given kept for readers.
    assert in_front.get("/sections/staff-front/")[0]["X-Cache"] == "MISS"
    in_front.get("/admin/", cookie=staff)
    assert in_front.get("/admin/", cookie=staff)[0]["X-Cache"] == "MISS"


class DeskWorkers(BaseHTTPRequestHandler):
    """Stands in for the desk's own app workers: says who answered, whatever was asked."""

    def answer(self):
        body = b"the desk's workers"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=300, s-maxage=300")
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = answer

    def log_message(self, *args):
        pass


def test_the_desk_goes_to_workers_of_its_own(live_server, client, editor, settings):
    need_varnishd()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    desk = ThreadingHTTPServer(("127.0.0.1", 0), DeskWorkers)
    threading.Thread(target=desk.serve_forever, daemon=True).start()
    server = Varnish(urlsplit(live_server.url).port, desk_port=desk.server_port)
    client.force_login(editor)
    name = django_settings.SESSION_COOKIE_NAME
    staff = f"{name}={client.cookies[name].value}"
    try:
        for method, path, cookie in [
            ("GET", "/admin/login/", None),
            ("GET", "/admin/", staff),
            ("POST", "/admin/articles/article/1/change/", staff),
        ]:
            headers, page = server.get(path, cookie, method)
            assert page == "the desk's workers", (method, path)
            assert headers["X-Cache"] == "MISS"  # and never stored, whatever it said
        assert server.get("/admin/login/")[0]["X-Cache"] == "MISS"
        # Readers' pages, even for staff, come from the readers' workers.
        for cookie in (None, staff):
            assert server.get("/healthz", cookie)[1] != "the desk's workers"
    finally:
        server.stop()
        desk.shutdown()
        desk.server_close()
