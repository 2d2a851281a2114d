"""`make soak`: a bounded soak of readers at full speed while editors save and publish.

Not part of the test suite or CI. On a copy of the benchmark database
(bench/soak.sqlite3; bench/bench.sqlite3 is made as `make bench` makes it when
missing), gunicorn serves production settings with the page cache on, one worker per
core, each with its own local-memory cache and a purge file of the soak's own.
Editors and readers share those workers, as with the production command on one box;
SOAK_DESK_WORKERS=n gives the desk n workers of its own on the next port (README,
"Running on many servers"), sharing the database, the purge file and the cores.
The task worker runs beside them (`manage.py db_worker`: the search index after each
change). SOAK_REDIS_URL shares pages and purges through that Redis instead.

Readers (SOAK_READERS threads, one http.client connection each, no cookies) load
the home page, the story being edited and the other pages `make bench` loads, as
fast as the server answers, for SOAK_SECONDS. Meanwhile SOAK_EDITORS editors (1 by
default) each sign in to the real admin over HTTP on the same server, as a browser
would: every SOAK_EDIT_EVERY seconds, all at the same moments, each either opens its
own live story's change form and saves it with the next marker in the headline
("… [edit a3]" for the first editor), or opens an approved story and presses "Publish
now", its headline carrying its own marker ("… [publish a3]"). Driving the admin itself
means a save takes exactly a real one's path (sign-in, CSRF, the form's version
check, the admin's transaction, revision, purge) and a publish goes through
workflow.publish from the admin's button. Each write runs in one worker process while
the others keep reading the same SQLite file. The editor has no
authenticator app and two-factor sign-in is not required for publishers here (the
production default), so the password signs in.
A change counts as committed when the admin's answer arrives.

Figures: requests, requests/s, p50/p99 latency, reader errors (non-200, exceptions,
timeouts), editor failures, "database is locked" in the server's log and the
editor's errors, and staleness: for each change, how long after it was committed a
reader still started a request and got the page without it (the story without the
new marker, the home page without the newly published headline). Passes when all
error counts are zero, every change reached readers, the worst staleness is
within SOAK_STALE_LIMIT (1 s: far inside the page cache's bound, because a purge
reaches every worker as the change commits) and readers' p99 is within
SOAK_P99_LIMIT (100 ms). The table goes to bench/results/soak.md and the
server's log to bench/results/soak-server.log.
"""

import http.client
import http.cookies
import json
import os
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from bench.run_bench import DB as BENCH_DB
from bench.run_bench import ENV, PY, ROOT, ensure_database, gunicorn, manage, targets

SECONDS = int(os.environ.get("SOAK_SECONDS", "60"))
READERS = int(os.environ.get("SOAK_READERS", "8"))
EDIT_EVERY = float(os.environ.get("SOAK_EDIT_EVERY", "3"))
EDITORS = int(os.environ.get("SOAK_EDITORS", "1"))
CACHE_SECONDS = int(os.environ.get("SOAK_CACHE_SECONDS", "60"))
# A purge reaches every worker when the change commits, so no reader should see the
# old page at all once the admin has answered; this allows for clocks and scheduling.
P99_LIMIT = float(os.environ.get("SOAK_P99_LIMIT", "100"))  # ms, for readers
STALE_LIMIT = min(float(os.environ.get("SOAK_STALE_LIMIT", "1")), CACHE_SECONDS)
WORKERS = int(os.environ.get("SOAK_WORKERS", str(os.cpu_count() or 2)))
PORT = int(os.environ.get("SOAK_PORT", "8099"))
# The desk's own workers, on the next port; with none, editors share the readers' workers.
DESK_WORKERS = int(os.environ.get("SOAK_DESK_WORKERS", "0"))
DESK_PORT = PORT + 1 if DESK_WORKERS else PORT
READ_TIMEOUT = 10
EDITOR_TIMEOUT = 30

SOAK_DB = ROOT / "bench" / "soak.sqlite3"
PURGE_FILE = ROOT / "var" / "soak-page-generation"
RESULTS = ROOT / "bench" / "results"
SERVER_LOG = RESULTS / "soak-server.log"
EDITOR = "soak-editor"
LETTERS = "abcdefghijklmnopqrstuvwxyz"

SOAK_ENV = {
    **ENV,
    "DATABASE_URL": f"sqlite:///{SOAK_DB}",
    # Pages shared through Redis, or each worker's own with purges through a file.
    **(
        {"REDIS_URL": os.environ["SOAK_REDIS_URL"]}
        if os.environ.get("SOAK_REDIS_URL")
        else {"NEWSROOM_PURGE_FILE": str(PURGE_FILE)}
    ),
    "NEWSROOM_PAGE_CACHE_SECONDS": str(CACHE_SECONDS),
    "NEWSROOM_REQUIRE_2FA_FOR_PUBLISHERS": "",
}

EDIT_MARK = re.compile(r"\s*\[edit [a-z]\d+\]$")
# Watched pages: the home page shows every editor's publications, a story page its
# editor's edits. Each read keeps the newest marker of each editor it saw.
MARKERS = {
    "story": re.compile(rb"\[edit ([a-z])(\d+)\]"),
    "home": re.compile(rb"\[publish ([a-z])(\d+)\]"),
}
LOCKED = re.compile(r"database is locked", re.I)
SERVER_ERROR = re.compile(r"Traceback|Internal Server Error|\[(ERROR|CRITICAL)\]")


@dataclass(frozen=True)
class Read:
    """One reader's request: which page, when it started (monotonic), how it ended."""

    page: str
    start: float
    seconds: float
    status: int  # 0 when the request raised
    marks: dict | None = None  # the newest marker of each editor it showed, watched pages
    error: str = ""


@dataclass(frozen=True)
class Change:
    """One committed change by an editor: `at` is when the admin's answer arrived."""

    editor: str  # the editor's letter
    kind: str  # "edit" (seen on the editor's story page) or "publish" (on the home page)
    number: int
    at: float
    seconds: float

    @property
    def page(self):
        return f"story {self.editor}" if self.kind == "edit" else "home"

    @property
    def name(self):
        return f"{self.kind} {self.editor}{self.number}"


@dataclass
class Editor:
    """What an editor did: the changes it committed and every failure, in words."""

    letter: str
    name: str
    password: str
    story: int  # the live story it edits
    story_url: str
    stories: list  # the approved stories it publishes, in turn
    changes: list = field(default_factory=list)
    failures: list = field(default_factory=list)


class EditorError(Exception):
    """The admin did not do what the editor asked."""


# Setup, in this process and in a Django child process.


def copy_database():
    """A consistent copy of the benchmark database (WAL included), so the soak leaves it be."""
    for path in (SOAK_DB, *(SOAK_DB.with_name(SOAK_DB.name + s) for s in ("-wal", "-shm"))):
        path.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{BENCH_DB}?mode=ro", uri=True)
    target = sqlite3.connect(SOAK_DB)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def prepare_desk(story_url, count):
    """Run `prepare` on the soak database in a child process; the editors it made."""
    out = subprocess.run(
        [PY, "-m", "bench.soak", "prepare", story_url, str(count), str(EDITORS)],
        cwd=ROOT,
        env=SOAK_ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [Editor(**made) for made in json.loads(out.strip().splitlines()[-1])]


def prepare(story_url, count, editors):
    """In the soak database: `editors` editors who may edit and publish, each with a live
    story of its own to edit (the first is `story_url`) and `count` approved stories.

    The stories carry "[publish a1]" in their headlines and nothing the fact desk would
    hold them back for. Prints each editor's name, password and stories.
    """
    import secrets

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction

    from articles import factdesk
    from articles.models import Article

    slug = story_url.rstrip("/").rsplit("/", 1)[-1]
    first = Article.objects.get(slug=slug)
    others = Article.objects.live().filter(people__isnull=False).exclude(pk=first.pk)
    edited = [first, *others.order_by("-pk")[: editors - 1]]
    made = []
    with transaction.atomic():
        for letter, story in zip(LETTERS[: len(edited)], edited, strict=True):
            password = secrets.token_urlsafe(16)
            editor = get_user_model().objects.create_user(
                f"{EDITOR}-{letter}",
                password=password,
                first_name="Soak",
                last_name=f"Editor {letter.upper()}",
                is_staff=True,
            )
            editor.groups.add(*Group.objects.filter(name__in=["Editors", "Publishers"]))
            stories = [
                Article.objects.create(
                    headline=f"Soak desk story {letter}{n} [publish {letter}{n}]",
                    slug=f"soak-desk-story-{letter}{n}",
                    section=story.section,
                    standfirst="A story the soak test publishes.",
                    body="<p>Copy for the soak test.</p>",
                    status=Article.Status.APPROVED,
                    created_by=editor,
                )
                for n in range(1, count + 1)
            ]
            made.append(
                {
                    "letter": letter,
                    "name": editor.username,
                    "password": password,
                    "story": story.pk,
                    "story_url": story.get_absolute_url(),
                    "stories": [s.pk for s in stories],
                }
            )
            findings = factdesk.check(stories[0]).findings
            if findings:
                raise SystemExit(f"The fact desk would hold back the soak's stories: {findings}")
    print(json.dumps(made))


# The server.


def port_is_free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def start_server(log, port, workers):
    """gunicorn on the soak database, its output in `log`; waits until it answers."""
    if not port_is_free(port):
        raise SystemExit(f"Port {port} is taken; set SOAK_PORT to a free one.")
    process = subprocess.Popen(
        gunicorn(port, workers),
        cwd=ROOT,
        env=SOAK_ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    for _ in range(150):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited; see {SERVER_LOG}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/bench/floor/")
            if connection.getresponse().status == 200:
                return process
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    stop_server(process)
    raise SystemExit("gunicorn did not start")


def start_task_worker(log):
    """The task worker production runs beside the app (search index, renditions)."""
    return subprocess.Popen(
        [PY, "manage.py", "db_worker", "--no-reload"],
        cwd=ROOT,
        env=SOAK_ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop_server(process):
    """Stop gunicorn's whole process group: politely, then for sure."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except ProcessLookupError:
        process.wait()
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# Readers.


def read_pages(paths, first, deadline, reads):
    """Load `paths` in turn from `first` until `deadline`, one connection, no cookies."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=READ_TIMEOUT)
    turn = first
    while (start := time.monotonic()) < deadline:
        page, path = paths[turn % len(paths)]
        turn += 1
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as error:
            reads.append(Read(page, start, time.monotonic() - start, 0, error=repr(error)))
            connection.close()
            continue
        marker = MARKERS.get(page.split()[0])
        marks = None
        if marker:
            marks = {}
            for letter, number in marker.findall(body):
                letter = letter.decode()
                marks[letter] = max(marks.get(letter, 0), int(number))
        reads.append(Read(page, start, time.monotonic() - start, response.status, marks))
    connection.close()


def reader_paths(pages, editors):
    """The home page and the edited stories twice as often as each other page."""
    others = [(name, url) for name, url in pages if name not in ("floor", "home", "article")]
    watched = [("home", "/")] + [(f"story {e.letter}", e.story_url) for e in editors]
    return [*watched, *watched, *others]


# The editor, through the admin over HTTP.


class FormReader(HTMLParser):
    """The forms of a page as a browser would submit them (buttons aside)."""

    def __init__(self):
        super().__init__()
        self.forms = []  # (attributes, [(name, value), ...])
        self._text = None
        self._select = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs, []))
        elif not self.forms:
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "textarea":
            self._text = (attrs.get("name"), [])
        elif tag == "select":
            self._select = (attrs.get("name"), "multiple" in attrs, [], [])
        elif tag == "option" and self._select:
            self._option = (attrs.get("value"), "selected" in attrs, [])

    def _input(self, attrs):
        kind = attrs.get("type", "text").lower()
        name = attrs.get("name")
        if not name or kind in ("submit", "button", "image", "reset", "file"):
            return
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            return
        self.forms[-1][1].append((name, attrs.get("value", "on" if kind == "checkbox" else "")))

    def handle_data(self, data):
        for open_text in (self._text, self._option):
            if open_text:
                open_text[-1].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._text:
            name, parts = self._text
            text = "".join(parts)
            # As in a browser, the newline straight after <textarea> is not part of the value.
            self.forms[-1][1].append((name, text[1:] if text.startswith("\n") else text))
            self._text = None
        elif tag == "option" and self._option:
            value, selected, parts = self._option
            self._select[2 if selected else 3].append("".join(parts) if value is None else value)
            self._option = None
        elif tag == "select" and self._select:
            name, multiple, chosen, others = self._select
            if not chosen and not multiple and others:
                chosen = others[:1]
            self.forms[-1][1].extend((name, value) for value in chosen)
            self._select = None


def find_form(page, matches):
    """The first form on `page` whose attributes satisfy `matches`: (attributes, fields)."""
    reader = FormReader()
    reader.feed(page)
    for attrs, fields in reader.forms:
        if matches(attrs):
            return attrs, fields
    raise EditorError("the expected form is not on the page")


def filled(fields, **values):
    """`fields` with `values` put in place of (or beside) the fields of the same names."""
    return [(n, v) for n, v in fields if n not in values] + list(values.items())


def page_errors(page):
    """The admin's error notes and messages on `page`, in a few plain words."""
    found = re.findall(
        r'class="(?:errornote|errorlist[^"]*|error)"[^>]*>(.*?)</(?:p|ul|li)>', page, re.S
    )
    text = " | ".join(" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in found)
    return text[:300] or "no message shown"


class Browser:
    """One person's session over HTTP: cookies kept, redirects left to the caller."""

    def __init__(self):
        self.cookies = {}

    def request(self, method, path, fields=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", DESK_PORT, timeout=EDITOR_TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            page = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        return response.status, response.headers, page

    def _keep_cookies(self, headers):
        for header in headers:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.coded_value
                else:
                    self.cookies.pop(name, None)

    def get(self, path, expect=200):
        status, headers, page = self.request("GET", path)
        if status != expect:
            raise EditorError(f"GET {path} answered {status}: {page_errors(page)}")
        return page

    def sign_in(self, username, password):
        """Through the admin's own sign-in form (no authenticator set up for this account)."""
        page = self.get("/admin/login/?next=/admin/")
        _, fields = find_form(page, lambda attrs: attrs.get("id") == "login-form")
        fields = filled(fields, username=username, password=password)
        status, _, page = self.request("POST", "/admin/login/?next=/admin/", fields)
        if status != 302:
            raise EditorError(f"sign-in answered {status}: {page_errors(page)}")


def change_path(pk):
    return f"/admin/articles/article/{pk}/change/"


def save_edit(browser, editor, number):
    """Open the story's change form and save it with "[edit a3]" ending the headline."""
    path = change_path(editor.story)
    _, fields = find_form(browser.get(path), lambda attrs: attrs.get("id") == "article_form")
    headline = EDIT_MARK.sub("", dict(fields)["headline"]) + f" [edit {editor.letter}{number}]"
    # The story is out, so the save waits for approval (articles.live_edits): the
    # editor, a publisher, saves and puts it live with one press, as on the story page.
    fields = filled(fields, headline=headline, **{"desk-action": "publish_edit"})
    sent = time.monotonic()
    status, headers, page = browser.request("POST", path, fields)
    at = time.monotonic()
    if status != 302:
        raise EditorError(f"save answered {status}: {page_errors(page)}")
    page = browser.get(urlsplit(headers["Location"]).path)
    if "The changes are live: readers see them now." not in page:
        raise EditorError(f"changes not put live: {page_errors(page)}")
    return Change(editor.letter, "edit", number, at, at - sent)


def publish_story(browser, editor, number):
    """Open an approved story and press "Publish now" (a button of the story's own form,
    which saves it first); the admin's message must say done."""
    path = change_path(editor.stories[number - 1])
    _, fields = find_form(browser.get(path), lambda attrs: attrs.get("id") == "article_form")
    sent = time.monotonic()
    status, headers, page = browser.request(
        "POST", path, filled(fields, **{"desk-action": "publish"})
    )
    at = time.monotonic()
    if status != 302:
        raise EditorError(f"publish answered {status}: {page_errors(page)}")
    page = browser.get(urlsplit(headers["Location"]).path)
    if "Publish now: done" not in page:
        raise EditorError(f"publish not done: {page_errors(page)}")
    return Change(editor.letter, "publish", number, at, at - sent)


def edit_and_publish(editor, start, deadline):
    """Every EDIT_EVERY seconds, alternately save an edit and publish a story, until one
    interval before `deadline`, so readers have time to load the last change. An editor
    slower than its schedule catches up, but never past that time."""
    browser = Browser()
    try:
        browser.sign_in(editor.name, editor.password)
    except (EditorError, OSError, http.client.HTTPException) as error:
        editor.failures.append(f"sign-in: {error}")
        return
    step = 1
    last = deadline - EDIT_EVERY
    while (due := start + step * EDIT_EVERY) <= last and time.monotonic() <= last:
        time.sleep(max(0.0, due - time.monotonic()))
        kind, number = ("edit", (step + 1) // 2) if step % 2 else ("publish", step // 2)
        try:
            if kind == "edit":
                change = save_edit(browser, editor, number)
            else:
                change = publish_story(browser, editor, number)
            editor.changes.append(change)
        except (EditorError, OSError, http.client.HTTPException) as error:
            editor.failures.append(f"{kind} {editor.letter}{number}: {error}")
        step += 1


# The run and its figures.


def soak(paths, editors):
    """Readers and editors together for SECONDS; every read (editors keep their record)."""
    start = time.monotonic()
    deadline = start + SECONDS
    shelves = [[] for _ in range(READERS)]
    threads = [
        threading.Thread(target=read_pages, args=(paths, n, deadline, shelves[n]), daemon=True)
        for n in range(READERS)
    ]
    threads += [
        threading.Thread(target=edit_and_publish, args=(e, start, deadline), daemon=True)
        for e in editors
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + EDITOR_TIMEOUT * 3)
    reads = sorted((read for shelf in shelves for read in shelf), key=lambda r: r.start)
    return start, reads, time.monotonic() - start


def staleness(change, reads):
    """(worst staleness in seconds, stale reads, seen at all, still stale at the end).

    A stale read is one that started after the change was committed and still got the
    page without it; its staleness is how long after the commit it started. When the
    last read of the run was stale too, the true staleness is longer than measured.
    """
    watched = [r for r in reads if r.page == change.page and r.status == 200]
    stale = [
        r for r in watched if r.start > change.at and r.marks.get(change.editor, 0) < change.number
    ]
    seen = any(r.marks.get(change.editor, 0) >= change.number for r in watched)
    to_the_end = bool(stale) and stale[-1] is watched[-1]
    return max((r.start - change.at for r in stale), default=0.0), len(stale), seen, to_the_end


def count_in_log(pattern):
    return len(pattern.findall(SERVER_LOG.read_text(errors="replace")))


def figures(reads, editors, elapsed):
    """Every figure the soak reports, and whether it passed."""
    changes = sorted((c for e in editors for c in e.changes), key=lambda c: c.at)
    failures = [f for e in editors for f in e.failures]
    seconds = [r.seconds * 1000 for r in reads if r.status]
    cuts = statistics.quantiles(seconds, n=100) if len(seconds) > 1 else [0.0] * 99
    per_change = [(change, *staleness(change, reads)) for change in changes]
    worst = max(per_change, key=lambda row: row[1], default=None)
    saves = [c.seconds * 1000 for c in changes]
    result = {
        "elapsed": elapsed,
        "requests": len(reads),
        "rps": len(reads) / elapsed,
        "p50": cuts[49],
        "p99": cuts[98],
        "non_200": sum(1 for r in reads if r.status not in (0, 200)),
        "exceptions": sum(1 for r in reads if r.status == 0),
        "edits": sum(1 for c in changes if c.kind == "edit"),
        "publishes": sum(1 for c in changes if c.kind == "publish"),
        "editor_failures": len(failures),
        "locked": count_in_log(LOCKED) + sum(len(LOCKED.findall(f)) for f in failures),
        "server_errors": count_in_log(SERVER_ERROR),
        "seen": sum(1 for row in per_change if row[3]),
        "stale_changes": sum(1 for row in per_change if row[2]),
        "worst": worst,
        "admin_median": statistics.median(saves) if saves else 0.0,
        "admin_max": max(saves, default=0.0),
        "per_change": per_change,
        "per_page": per_page(reads),
    }
    result["passed"] = (
        result["non_200"] + result["exceptions"] == 0
        and result["editor_failures"] == 0
        and result["locked"] == 0
        and result["server_errors"] == 0
        and bool(changes)
        and result["seen"] == len(changes)
        and (worst is None or worst[1] <= STALE_LIMIT)
        and result["p99"] <= P99_LIMIT
    )
    return result


def per_page(reads):
    """{page: (reads, p50 ms, p99 ms)}, the slowest pages first."""
    by_page = {}
    for read in reads:
        if read.status:
            by_page.setdefault(read.page, []).append(read.seconds * 1000)
    rows = {}
    for page, seconds in by_page.items():
        cuts = statistics.quantiles(seconds, n=100) if len(seconds) > 1 else seconds * 99
        rows[page] = (len(seconds), cuts[49], cuts[98])
    return dict(sorted(rows.items(), key=lambda row: -row[1][2]))


def table(result, start):
    """The figures as a Markdown table, then one line per change."""
    worst = result["worst"]
    stale = "–"
    if worst:
        stale = f"{worst[1]:.2f}{'+' if worst[4] else ''} s ({worst[0].name})"
    changes = result["edits"] + result["publishes"]
    rows = [
        ("duration", f"{result['elapsed']:.1f} s", ""),
        ("readers", f"{READERS}", ""),
        ("requests served", f"{result['requests']:,}", ""),
        ("requests/s", f"{result['rps']:,.0f}", ""),
        (
            "latency p50 / p99",
            f"{result['p50']:.1f} / {result['p99']:.1f} ms",
            f"p99 ≤ {P99_LIMIT:g} ms",
        ),
        (
            "reader errors: non-200 / exceptions",
            f"{result['non_200']} / {result['exceptions']}",
            "0",
        ),
        ("editor changes: edits / publishes", f"{result['edits']} / {result['publishes']}", "> 0"),
        ("editor failures", f"{result['editor_failures']}", "0"),
        (
            "admin answer time, median / max",
            f"{result['admin_median']:.0f} / {result['admin_max']:.0f} ms",
            "",
        ),
        ('"database is locked"', f"{result['locked']}", "0"),
        ("server log errors", f"{result['server_errors']}", "0"),
        ("changes seen by readers", f"{result['seen']} / {changes}", "all"),
        ("changes with stale reads", f"{result['stale_changes']}", ""),
        ("max staleness (cache bound)", f"{stale} ({CACHE_SECONDS} s)", f"≤ {STALE_LIMIT:g} s"),
    ]
    lines = [
        f"Soak: {SECONDS}s, {READERS} readers, {EDITORS} editor{'s' if EDITORS > 1 else ''} "
        f"each changing a story every {EDIT_EVERY:g}s, "
        f"gunicorn {WORKERS} workers for readers and "
        f"{f'{DESK_WORKERS} of its own for the desk' if DESK_WORKERS else 'the desk'}, "
        f"SQLite, page cache {CACHE_SECONDS}s, "
        f"{os.cpu_count()} cores.",
        "",
        "| figure | value | pass if |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {value} | {bound} |" for name, value, bound in rows),
        "",
        f"Result: {'PASS' if result['passed'] else 'FAIL'}",
        "",
        "| page | reads | p50 ms | p99 ms |",
        "| --- | ---: | ---: | ---: |",
        *(
            f"| {page} | {n:,} | {p50:.1f} | {p99:.1f} |"
            for page, (n, p50, p99) in result["per_page"].items()
        ),
        "",
        "| change | committed at | admin ms | stale reads | staleness s | seen |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        *(
            f"| {c.name} | {c.at - start:.2f} s | {c.seconds * 1000:.0f} | {late} "
            f"| {worst_s:.2f}{'+' if to_the_end else ''} | {'yes' if seen else 'NO'} |"
            for c, worst_s, late, seen, to_the_end in result["per_change"]
        ),
    ]
    if any(row[4] for row in result["per_change"]):
        lines += ["", "+ still stale when the run ended: the true staleness is longer."]
    return "\n".join(lines)


def report(result, start, editors, reads):
    text = table(result, start)
    problems = [f"editor: {failure}" for e in editors for failure in e.failures]
    problems += [f"reader: {r.page} {r.status or r.error}" for r in reads if r.status != 200][:20]
    if problems:
        text += "\n\nProblems (first few):\n\n" + "\n".join(f"- {p}" for p in problems[:40])
    (RESULTS / "soak.md").write_text(text + "\n")
    print("\n" + text, flush=True)


def main():
    if sys.argv[1:2] == ["prepare"]:
        prepare(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    ensure_database()
    print("Copying the benchmark database for the soak …", flush=True)
    copy_database()
    manage("collectstatic", "--noinput", "-v0")
    pages = targets()
    story_url = dict(pages)["article"]
    editors = prepare_desk(story_url, int(SECONDS / EDIT_EVERY) // 2 + 1)
    RESULTS.mkdir(exist_ok=True)
    print(f"Soaking for {SECONDS}s: {READERS} readers, {EDITORS} editor(s) every {EDIT_EVERY:g}s …")
    with SERVER_LOG.open("w") as log:
        servers = [start_server(log, PORT, WORKERS)]
        try:
            if DESK_WORKERS:
                servers.append(start_server(log, DESK_PORT, DESK_WORKERS))
            servers.append(start_task_worker(log))
            start, reads, elapsed = soak(reader_paths(pages, editors), editors)
        finally:
            for server in servers:
                stop_server(server)
    result = figures(reads, editors, elapsed)
    report(result, start, editors, reads)
    raise SystemExit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
