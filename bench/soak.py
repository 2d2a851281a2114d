"""`make soak`: a bounded soak of readers at full speed while an editor saves and publishes.

Not part of the test suite or CI. On a copy of the benchmark database
(bench/soak.sqlite3; bench/bench.sqlite3 is made as `make bench` makes it when
missing), gunicorn serves production settings with the page cache on, one worker per
core, each with its own local-memory cache and a purge file of the soak's own.

Readers (SOAK_READERS threads, one http.client connection each, no cookies) load
the home page, the story being edited and the other pages `make bench` loads, as
fast as the server answers, for SOAK_SECONDS. Meanwhile an editor signs in to the
real admin over HTTP on the same server, as a browser would: every SOAK_EDIT_EVERY
seconds it either opens the story's change form and saves it with the next marker in
the headline ("… [edit 3]"), or opens an approved story and presses "Publish now",
its headline carrying its own marker ("… [publish 3]"). Driving the admin itself
means a save takes exactly a real one's path (sign-in, CSRF, the form's version
check, the admin's transaction, revision, purge) and a publish goes through
workflow.publish from the admin's button. Each write runs in whichever gunicorn
worker process takes the request while the other workers keep reading the same
SQLite file. The editor has no authenticator app and two-factor sign-in is not
required for publishers here (the production default), so the password signs in.
A change counts as committed when the admin's answer arrives.

Figures: requests, requests/s, p50/p99 latency, reader errors (non-200, exceptions,
timeouts), editor failures, "database is locked" in the server's log and the
editor's errors, and staleness: for each change, how long after it was committed a
reader still started a request and got the page without it (the story without the
new marker, the home page without the newly published headline). Passes when all
error counts are zero, every change reached readers and the worst staleness is
within SOAK_STALE_LIMIT (1 s): far inside the page cache's bound, because a purge
reaches every worker as the change commits. The table goes to bench/results/soak.md and the
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
CACHE_SECONDS = int(os.environ.get("SOAK_CACHE_SECONDS", "60"))
# A purge reaches every worker when the change commits, so no reader should see the
# old page at all once the admin has answered; this allows for clocks and scheduling.
STALE_LIMIT = min(float(os.environ.get("SOAK_STALE_LIMIT", "1")), CACHE_SECONDS)
WORKERS = int(os.environ.get("SOAK_WORKERS", str(os.cpu_count() or 2)))
PORT = int(os.environ.get("SOAK_PORT", "8099"))
READ_TIMEOUT = 10
EDITOR_TIMEOUT = 30

SOAK_DB = ROOT / "bench" / "soak.sqlite3"
PURGE_FILE = ROOT / "var" / "soak-page-generation"
RESULTS = ROOT / "bench" / "results"
SERVER_LOG = RESULTS / "soak-server.log"
EDITOR = "soak-editor"

SOAK_ENV = {
    **ENV,
    "DATABASE_URL": f"sqlite:///{SOAK_DB}",
    "NEWSROOM_PURGE_FILE": str(PURGE_FILE),
    "NEWSROOM_PAGE_CACHE_SECONDS": str(CACHE_SECONDS),
    "NEWSROOM_REQUIRE_2FA_FOR_PUBLISHERS": "",
}

EDIT_MARK = re.compile(r"\s*\[edit \d+\]$")
MARKERS = {"story": re.compile(rb"\[edit (\d+)\]"), "home": re.compile(rb"\[publish (\d+)\]")}
LOCKED = re.compile(r"database is locked", re.I)
SERVER_ERROR = re.compile(r"Traceback|Internal Server Error|\[(ERROR|CRITICAL)\]")


@dataclass(frozen=True)
class Read:
    """One reader's request: which page, when it started (monotonic), how it ended."""

    page: str
    start: float
    seconds: float
    status: int  # 0 when the request raised
    version: int | None = None  # the newest marker the page showed, for watched pages
    error: str = ""


@dataclass(frozen=True)
class Change:
    """One committed change by the editor: `at` is when the admin's answer arrived."""

    kind: str  # "edit" (seen on the story page) or "publish" (seen on the home page)
    number: int
    at: float
    seconds: float

    @property
    def page(self):
        return "story" if self.kind == "edit" else "home"


@dataclass
class Editor:
    """What the editor did: the changes it committed and every failure, in words."""

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
    """Run `prepare` on the soak database in a child process and return what it made."""
    out = subprocess.run(
        [PY, "-m", "bench.soak", "prepare", story_url, str(count)],
        cwd=ROOT,
        env=SOAK_ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def prepare(story_url, count):
    """In the soak database: an editor who may edit and publish, and `count` approved stories.

    The stories carry "[publish n]" in their headlines and nothing the fact desk would
    hold them back for. Prints the editor's password, the edited story and the stories.
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
    story = Article.objects.get(slug=slug)
    password = secrets.token_urlsafe(16)
    with transaction.atomic():
        editor = get_user_model().objects.create_user(
            EDITOR, password=password, first_name="Soak", last_name="Editor", is_staff=True
        )
        editor.groups.add(*Group.objects.filter(name__in=["Editors", "Publishers"]))
        stories = [
            Article.objects.create(
                headline=f"Soak desk story {n} [publish {n}]",
                slug=f"soak-desk-story-{n}",
                section=story.section,
                standfirst="A story the soak test publishes.",
                body="<p>Copy for the soak test.</p>",
                status=Article.Status.APPROVED,
                created_by=editor,
            )
            for n in range(1, count + 1)
        ]
    findings = factdesk.check(stories[0]).findings
    if findings:
        raise SystemExit(f"The fact desk would hold back the soak's stories: {findings}")
    desk = {"password": password, "story": story.pk, "stories": [s.pk for s in stories]}
    print(json.dumps(desk))


# The server.


def port_is_free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def start_server(log):
    """gunicorn on the soak database, its output in `log`; waits until it answers."""
    if not port_is_free(PORT):
        raise SystemExit(f"Port {PORT} is taken; set SOAK_PORT to a free one.")
    process = subprocess.Popen(
        gunicorn(PORT, WORKERS),
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
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
            connection.request("GET", "/bench/floor/")
            if connection.getresponse().status == 200:
                return process
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.2)
    stop_server(process)
    raise SystemExit("gunicorn did not start")


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
        marker = MARKERS.get(page)
        version = max((int(n) for n in marker.findall(body)), default=0) if marker else None
        reads.append(Read(page, start, time.monotonic() - start, response.status, version))
    connection.close()


def reader_paths(pages, story_url):
    """The home page and the edited story twice as often as each other page."""
    others = [(name, url) for name, url in pages if name not in ("floor", "home", "article")]
    return [("home", "/"), ("story", story_url), ("home", "/"), ("story", story_url), *others]


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
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=EDITOR_TIMEOUT)
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


def save_edit(browser, pk, number):
    """Open the story's change form and save it with "[edit number]" ending the headline."""
    path = change_path(pk)
    _, fields = find_form(browser.get(path), lambda attrs: attrs.get("id") == "article_form")
    headline = EDIT_MARK.sub("", dict(fields)["headline"]) + f" [edit {number}]"
    fields = filled(fields, headline=headline, _continue="Save and continue editing")
    sent = time.monotonic()
    status, _, page = browser.request("POST", path, fields)
    at = time.monotonic()
    if status != 302:
        raise EditorError(f"save answered {status}: {page_errors(page)}")
    return Change("edit", number, at, at - sent)


def publish_story(browser, pk, number):
    """Open an approved story and press "Publish now"; the admin's message must say done."""
    attrs, fields = find_form(
        browser.get(change_path(pk)), lambda attrs: attrs.get("action", "").endswith("/workflow/")
    )
    sent = time.monotonic()
    status, headers, page = browser.request(
        "POST", attrs["action"], filled(fields, action="publish")
    )
    at = time.monotonic()
    if status != 302:
        raise EditorError(f"publish answered {status}: {page_errors(page)}")
    page = browser.get(urlsplit(headers["Location"]).path)
    if "Publish now: done" not in page:
        raise EditorError(f"publish not done: {page_errors(page)}")
    return Change("publish", number, at, at - sent)


def edit_and_publish(desk, start, deadline, editor):
    """Every EDIT_EVERY seconds, alternately save an edit and publish a story, until one
    interval before `deadline`, so readers have time to load the last change. An editor
    slower than its schedule catches up, but never past that time."""
    browser = Browser()
    try:
        browser.sign_in(EDITOR, desk["password"])
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
                change = save_edit(browser, desk["story"], number)
            else:
                change = publish_story(browser, desk["stories"][number - 1], number)
            editor.changes.append(change)
        except (EditorError, OSError, http.client.HTTPException) as error:
            editor.failures.append(f"{kind} {number}: {error}")
        step += 1


# The run and its figures.


def soak(paths, desk):
    """Readers and the editor together for SECONDS; every read and the editor's record."""
    start = time.monotonic()
    deadline = start + SECONDS
    shelves = [[] for _ in range(READERS)]
    editor = Editor()
    threads = [
        threading.Thread(target=read_pages, args=(paths, n, deadline, shelves[n]), daemon=True)
        for n in range(READERS)
    ]
    threads.append(
        threading.Thread(target=edit_and_publish, args=(desk, start, deadline, editor), daemon=True)
    )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + EDITOR_TIMEOUT * 3)
    reads = sorted((read for shelf in shelves for read in shelf), key=lambda r: r.start)
    return start, reads, editor, time.monotonic() - start


def staleness(change, reads):
    """(worst staleness in seconds, stale reads, seen at all, still stale at the end).

    A stale read is one that started after the change was committed and still got the
    page without it; its staleness is how long after the commit it started. When the
    last read of the run was stale too, the true staleness is longer than measured.
    """
    watched = [r for r in reads if r.page == change.page and r.status == 200]
    stale = [r for r in watched if r.start > change.at and r.version < change.number]
    seen = any(r.version >= change.number for r in watched)
    to_the_end = bool(stale) and stale[-1] is watched[-1]
    return max((r.start - change.at for r in stale), default=0.0), len(stale), seen, to_the_end


def count_in_log(pattern):
    return len(pattern.findall(SERVER_LOG.read_text(errors="replace")))


def figures(reads, editor, elapsed):
    """Every figure the soak reports, and whether it passed."""
    seconds = [r.seconds * 1000 for r in reads if r.status]
    cuts = statistics.quantiles(seconds, n=100) if len(seconds) > 1 else [0.0] * 99
    per_change = [(change, *staleness(change, reads)) for change in editor.changes]
    worst = max(per_change, key=lambda row: row[1], default=None)
    saves = [c.seconds * 1000 for c in editor.changes]
    result = {
        "elapsed": elapsed,
        "requests": len(reads),
        "rps": len(reads) / elapsed,
        "p50": cuts[49],
        "p99": cuts[98],
        "non_200": sum(1 for r in reads if r.status not in (0, 200)),
        "exceptions": sum(1 for r in reads if r.status == 0),
        "edits": sum(1 for c in editor.changes if c.kind == "edit"),
        "publishes": sum(1 for c in editor.changes if c.kind == "publish"),
        "editor_failures": len(editor.failures),
        "locked": count_in_log(LOCKED) + sum(len(LOCKED.findall(f)) for f in editor.failures),
        "server_errors": count_in_log(SERVER_ERROR),
        "seen": sum(1 for row in per_change if row[3]),
        "stale_changes": sum(1 for row in per_change if row[2]),
        "worst": worst,
        "admin_median": statistics.median(saves) if saves else 0.0,
        "admin_max": max(saves, default=0.0),
        "per_change": per_change,
    }
    result["passed"] = (
        result["non_200"] + result["exceptions"] == 0
        and result["editor_failures"] == 0
        and result["locked"] == 0
        and result["server_errors"] == 0
        and bool(editor.changes)
        and result["seen"] == len(editor.changes)
        and (worst is None or worst[1] <= STALE_LIMIT)
    )
    return result


def table(result, start):
    """The figures as a Markdown table, then one line per change."""
    worst = result["worst"]
    stale = "–"
    if worst:
        stale = f"{worst[1]:.2f}{'+' if worst[4] else ''} s ({worst[0].kind} {worst[0].number})"
    changes = result["edits"] + result["publishes"]
    rows = [
        ("duration", f"{result['elapsed']:.1f} s", ""),
        ("readers", f"{READERS}", ""),
        ("requests served", f"{result['requests']:,}", ""),
        ("requests/s", f"{result['rps']:,.0f}", ""),
        ("latency p50 / p99", f"{result['p50']:.1f} / {result['p99']:.1f} ms", ""),
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
        f"Soak: {SECONDS}s, {READERS} readers, an editor change every {EDIT_EVERY:g}s, "
        f"gunicorn {WORKERS} workers, SQLite, page cache {CACHE_SECONDS}s, "
        f"{os.cpu_count()} cores.",
        "",
        "| figure | value | pass if |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {value} | {bound} |" for name, value, bound in rows),
        "",
        f"Result: {'PASS' if result['passed'] else 'FAIL'}",
        "",
        "| change | committed at | admin ms | stale reads | staleness s | seen |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
        *(
            f"| {c.kind} {c.number} | {c.at - start:.2f} s | {c.seconds * 1000:.0f} | {late} "
            f"| {worst_s:.2f}{'+' if to_the_end else ''} | {'yes' if seen else 'NO'} |"
            for c, worst_s, late, seen, to_the_end in result["per_change"]
        ),
    ]
    if any(row[4] for row in result["per_change"]):
        lines += ["", "+ still stale when the run ended: the true staleness is longer."]
    return "\n".join(lines)


def report(result, start, editor, reads):
    text = table(result, start)
    problems = [f"editor: {failure}" for failure in editor.failures]
    problems += [f"reader: {r.page} {r.status or r.error}" for r in reads if r.status != 200][:20]
    if problems:
        text += "\n\nProblems (first few):\n\n" + "\n".join(f"- {p}" for p in problems[:40])
    (RESULTS / "soak.md").write_text(text + "\n")
    print("\n" + text, flush=True)


def main():
    if sys.argv[1:2] == ["prepare"]:
        prepare(sys.argv[2], int(sys.argv[3]))
        return
    ensure_database()
    print("Copying the benchmark database for the soak …", flush=True)
    copy_database()
    manage("collectstatic", "--noinput", "-v0")
    pages = targets()
    story_url = dict(pages)["article"]
    desk = prepare_desk(story_url, int(SECONDS / EDIT_EVERY) // 2 + 1)
    RESULTS.mkdir(exist_ok=True)
    print(f"Soaking for {SECONDS}s: {READERS} readers, an editor every {EDIT_EVERY:g}s …")
    with SERVER_LOG.open("w") as log:
        server = start_server(log)
        try:
            start, reads, editor, elapsed = soak(reader_paths(pages, story_url), desk)
        finally:
            stop_server(server)
    result = figures(reads, editor, elapsed)
    report(result, start, editor, reads)
    raise SystemExit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
