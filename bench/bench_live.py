"""`make bench` (after the page benchmark): a live story under a spike.

Serves the demo (its award night's live story) with gunicorn and production settings,
whole-page cache on, on a database of its own. While an editor posts an update
through the desk's quick form every POST_SECONDS, wrk loads the live page and then
its updates endpoint with CONNECTIONS connections each; a probe asks the endpoint
without pause, as the first reader would, and times how long each update takes from
its posting to the first answer that holds it (staleness). Writes
bench/results/live.md.
"""

import itertools
import json
import os
import re
import signal
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench import run_bench

ROOT = run_bench.ROOT
DB = Path(os.environ.get("BENCH_LIVE_DB", ROOT / "bench" / "live.sqlite3"))
PORT = 8095
SECONDS = int(os.environ.get("BENCH_LIVE_SECONDS", "20"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
POST_SECONDS = 2.0
PROBE_SECONDS = 0.05
STORY = "golden-fuse-awards-2027-live"
PAGE = f"/articles/{STORY}/"
UPDATES = f"{PAGE}updates.json"
EDITOR = "bench-live-editor"
SETTINGS = {"NEWSROOM_PAGE_CACHE_SECONDS": "60"}
ENV = {
    **run_bench.ENV,
    "DATABASE_URL": f"sqlite:///{DB}",
    "MEDIA_ROOT": str(ROOT / "bench" / "media"),
    # Its own purge file: the workers of this server and the poster share it.
    "NEWSROOM_VAR_DIR": str(ROOT / "bench" / "live-var"),
    **SETTINGS,
}
BASE = f"http://127.0.0.1:{PORT}"


def manage(*args):
    subprocess.run([run_bench.PY, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def shell(code):
    done = subprocess.run(
        [run_bench.PY, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def prepare():
    """The demo in a database of its own, and an editor to post with; their session."""
    manage("migrate", "--noinput", "-v0")
    manage("load_demo", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    return shell(
        "from django.contrib.auth.models import Group, User; from django.test import Client;"
        f"user, _ = User.objects.get_or_create(username={EDITOR!r}, "
        "defaults={'is_staff': True, 'first_name': 'Bench', 'last_name': 'Editor'});"
        "user.groups.add(Group.objects.get(name='Editors'));"
        "from articles.models import Article;"
        f"story = Article.objects.get(slug={STORY!r});"
        "client = Client(); client.force_login(user);"
        "print(client.cookies['sessionid'].value, story.pk)"
    ).split()


class Desk:
    """An editor at the story's desk page, posting through its quick form as a browser would."""

    def __init__(self, session, story_pk):
        self.cookies = f"sessionid={session}"
        self.page = f"{BASE}/admin/articles/article/{story_pk}/change/"
        self.action = f"{BASE}/admin/live/stories/{story_pk}/entries/"
        self.numbers = itertools.count(1)
        # Told apart from the updates of earlier runs, which the database keeps.
        self.run = f"{time.time():.0f}"

    def open(self):
        request = urllib.request.Request(self.page, headers={"Cookie": self.cookies})
        with urllib.request.urlopen(request, timeout=30) as answer:
            html = answer.read().decode()
            csrf = re.search(r"csrftoken=([^;]+)", answer.headers.get("Set-Cookie", ""))
        if csrf:
            self.cookies += f"; csrftoken={csrf.group(1)}"
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post(self):
        """Post the next update; (its number, the moment it was sent)."""
        number = next(self.numbers)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": self.token,
                "live-headline": f"Bench update {number}",
                "live-body": f"<p>Bench update {self.run}-{number}.</p>",
            }
        ).encode()
        request = urllib.request.Request(self.action, data=data, headers={"Cookie": self.cookies})
        sent = time.monotonic()
        try:
            urllib.request.build_opener(NoRedirect).open(request, timeout=30)
        except urllib.error.HTTPError as answer:  # the 302 back to the story page
            if answer.code != 302:
                raise
        else:
            raise SystemExit("The desk did not take the update (no redirect back)")
        return number, sent


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Probe(threading.Thread):
    """The first reader: asks the updates endpoint without pause, and notes when each
    bench update first appears in an answer."""

    def __init__(self, run):
        super().__init__(daemon=True)
        self.pattern = re.compile(rf"Bench update {run}-(\d+)\.")
        self.seen = {}
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            try:
                with urllib.request.urlopen(BASE + UPDATES, timeout=10) as answer:
                    body = json.loads(answer.read())
            except OSError:
                continue
            now = time.monotonic()
            for entry in body["entries"]:
                found = self.pattern.search(entry["html"])
                if found:
                    self.seen.setdefault(int(found.group(1)), now)
            time.sleep(PROBE_SECONDS)


def run_load(url):
    """wrk on `url` for SECONDS while updates are posted; its figures."""
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", BASE + url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: float(v) * run_bench.UNITS[u] for p, v, u in run_bench.LATENCY.findall(out)}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(map(int, sockets.groups())) if sockets else 0
    return {"rps": rps, "p50": latency.get("50", 0), "p99": latency.get("99", 0), "errors": errors}


def measure(url, desk):
    """Load `url` while the desk posts every POST_SECONDS; (figures, staleness in seconds)."""
    probe = Probe(desk.run)
    probe.start()
    sent = {}
    stop = threading.Event()

    def poster():
        while not stop.is_set():
            number, at = desk.post()
            sent[number] = at
            stop.wait(max(0.0, POST_SECONDS - (time.monotonic() - at)))

    thread = threading.Thread(target=poster, daemon=True)
    thread.start()
    figures = run_load(url)
    stop.set()
    thread.join()
    time.sleep(2)  # the last update's first reader
    probe.stopped.set()
    probe.join()
    stale = [probe.seen[n] - at for n, at in sent.items() if n in probe.seen]
    figures["posted"], figures["seen"] = len(sent), len(stale)
    return figures, stale


def main():
    if not run_bench.shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    session, story_pk = prepare()
    server = subprocess.Popen(run_bench.gunicorn(PORT), cwd=ROOT, env=ENV, start_new_session=True)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(BASE + "/bench/floor/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        desk = Desk(session, story_pk)
        desk.open()
        for url in (PAGE, UPDATES):  # warm every worker
            for _ in range(4 * run_bench.WORKERS):
                urllib.request.urlopen(BASE + url, timeout=30).read()
        rows = []
        # The floor: Django's cheapest page on the same server at the same time.
        targets = (("floor", "/bench/floor/"), ("live page", PAGE), ("updates endpoint", UPDATES))
        for name, url in targets:
            figures, stale = measure(url, desk)
            rows.append((name, url, figures, stale))
            print(f"{name}: {figures['rps']:.0f} req/s, p99 {figures['p99']:.1f} ms", flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
    write_table(rows)


def write_table(rows):
    lines = [
        f"Live story under load: the demo's award night, SQLite, gunicorn {run_bench.WORKERS} "
        f"workers, whole-page cache on, wrk {CONNECTIONS} connections for {SECONDS}s per target "
        f"while an editor posts an update through the desk's quick form every "
        f"{POST_SECONDS:.0f}s, {os.cpu_count()} cores.",
        "",
        "| target | req/s | × floor | p50 ms | p99 ms | errors | updates posted "
        "| staleness median s | staleness max s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    floor = rows[0][2]["rps"]
    for name, url, figures, stale in rows:
        median = f"{statistics.median(stale):.2f}" if stale else "–"
        worst = f"{max(stale):.2f}" if stale else "–"
        missed = figures["posted"] - figures["seen"]
        lines.append(
            f"| {name} (`{url}`) | {figures['rps']:,.0f} | {figures['rps'] / floor:.2f} "
            f"| {figures['p50']:.1f} "
            f"| {figures['p99']:.1f} | {figures['errors']} | {figures['posted']}"
            f"{f' ({missed} never seen)' if missed else ''} | {median} | {worst} |"
        )
    lines += [
        "",
        "Staleness: from the moment the desk sent an update to the first answer of the "
        "updates endpoint that held it. A reader's open page asks every "
        "NEWSROOM_LIVE_POLL_SECONDS (3 s), so it shows the update at most that much later.",
    ]
    table = "\n".join(lines)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "live.md").write_text(table + "\n")
    print("\n" + table)


if __name__ == "__main__":
    main()
