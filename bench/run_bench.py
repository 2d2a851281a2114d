"""`make bench`: requests/s and latency of each public page against a bare Django view.

Starts gunicorn on 127.0.0.1 with production settings on a benchmark database (made
with make_fake_content if missing), three times over: with no cache at all (every
request renders everything), with the shared fragments only (cards, a story's linked
body and related stories; no whole-page cache) and with whole pages cached. Loads
each target in turn with wrk (loopback only, bounded in time), repeats the rounds so
targets alternate, adds the admin's story list for a signed-in editor, counts each
page's queries in-process, and writes the table to bench/results/latest.md.
"""

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
DB = Path(os.environ.get("BENCH_DB", ROOT / "bench" / "bench.sqlite3"))
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
PEOPLE = int(os.environ.get("BENCH_PEOPLE", "20000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2)))
# (label, port, settings): from nothing cached to whole pages cached.
SERVERS = [
    ("off", 8096, {"NEWSROOM_PAGE_CACHE_SECONDS": "0", "NEWSROOM_FRAGMENT_CACHE_SECONDS": "0"}),
    ("fragments", 8097, {"NEWSROOM_PAGE_CACHE_SECONDS": "0"}),
    ("whole page", 8098, {"NEWSROOM_PAGE_CACHE_SECONDS": "300"}),
]
UNCACHED_PORT = SERVERS[0][1]
ADMIN_LIST = ("admin list", "/admin/articles/article/")
BENCH_EDITOR = "bench-editor"
SIZE = {"stories": ARTICLES, "people": PEOPLE}

ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.settings",
    "DJANGO_DEBUG": "",
    "DJANGO_SECRET_KEY": "bench-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_HSTS_SECONDS": "0",
    "DATABASE_URL": f"sqlite:///{DB}",
    "MEDIA_ROOT": str(ROOT / "bench" / "media"),
}


def manage(*args, env=None):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env or ENV, check=True)


def ensure_database():
    made = DB.exists()
    manage("migrate", "--noinput", "-v0")  # an older benchmark database may lag the code
    if made:
        return
    print(f"Making the benchmark database: {ARTICLES} stories, {PEOPLE} people …", flush=True)
    manage("make_fake_content", "--articles", str(ARTICLES), "--people", str(PEOPLE))


def django_shell(code):
    """What `code` prints, run by manage.py shell on the benchmark database."""
    return subprocess.run(
        [PY, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def targets():
    """One real address per kind of page, read from the benchmark database."""
    code = (
        "from articles.models import Article; from people.models import Person, Production;"
        "from taggit.models import Tag;"
        "a = Article.objects.live().filter(people__isnull=False).first();"
        "p = a.people.first();"
        "pr = Production.objects.public().filter(credits__isnull=False).first();"
        "t = a.tags.first(); w = a.headline.split()[-2];"
        "print(a.get_absolute_url(), p.get_absolute_url(), pr.get_absolute_url(),"
        " '/tags/%s/' % t.slug, '/search/?q=' + w, Article.objects.count(), Person.objects.count())"
    )
    out = django_shell(code).split()[-7:]
    article, person, production, tag, search, stories, people = out
    SIZE.update(stories=int(stories), people=int(people))
    return [
        ("floor", "/bench/floor/"),
        ("home", "/"),
        ("article", article),
        ("person", person),
        ("production", production),
        ("tag", tag),
        ("search", search),
        ("rss", "/feeds/latest/"),
    ]


def editor_session():
    """A session cookie for an editor (made once in the benchmark database)."""
    code = (
        "from django.contrib.auth.models import Group, User; from django.test import Client;"
        f"user, _ = User.objects.get_or_create(username={BENCH_EDITOR!r}, "
        "defaults={'is_staff': True});"
        "user.groups.add(Group.objects.get(name='Editors'));"
        "client = Client(); client.force_login(user);"
        "print(client.cookies['sessionid'].value)"
    )
    return f"sessionid={django_shell(code).split()[-1]}"


def gunicorn(port, workers=WORKERS):
    """The command serving the benchmark project on 127.0.0.1:`port`."""
    bind = f"127.0.0.1:{port}"
    server = str(Path(PY).parent / "gunicorn")
    return [server, "bench.wsgi", "-b", bind, "-w", str(workers), "--log-level", "warning"]


def start_server(port, settings):
    env = {**ENV, **settings}
    process = subprocess.Popen(
        gunicorn(port),
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/floor/", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def load(url, cookie="", connections=CONNECTIONS):
    """Requests/s, p50 and p99 in ms for `url` under wrk."""
    headers = ["-H", f"Cookie: {cookie}"] if cookie else []
    threads = min(2, connections)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{SECONDS}s", "--latency", *headers, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {p: float(v) * UNITS[u] for p, v, u in LATENCY.findall(out)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, latency.get("50", 0), latency.get("99", 0), int(errors.group(1)) if errors else 0


def query_counts(pages, fragment_seconds=None):
    env = {**ENV, "NEWSROOM_PAGE_CACHE_SECONDS": "0", "BENCH_EDITOR": BENCH_EDITOR}
    if fragment_seconds is not None:
        env["NEWSROOM_FRAGMENT_CACHE_SECONDS"] = str(fragment_seconds)
    result = subprocess.run(
        [PY, "-m", "bench.count_queries", *[url for _, url in pages]],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return [int(n) for n in result.stdout.split()]


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    ensure_database()
    manage("collectstatic", "--noinput", "-v0")
    pages = targets()
    cookie = editor_session()
    names = [name for name, _ in pages] + [ADMIN_LIST[0]]
    counts = {
        "off": dict(zip(names, query_counts([*pages, ADMIN_LIST], 0), strict=True)),
        "fragments": dict(zip(names, query_counts([*pages, ADMIN_LIST]), strict=True)),
    }
    servers = [start_server(port, settings) for _, port, settings in SERVERS]
    runs = {}
    try:
        warm_up(pages)
        for round_number in range(ROUNDS):
            for name, url in pages:
                for label, port, _ in SERVERS:
                    if name == "floor" and label != "off":
                        continue
                    measure(runs, round_number, name, label, f"http://127.0.0.1:{port}{url}")
            # One editor opening the list (staff pages are never cached: one server will do).
            admin_url = f"http://127.0.0.1:{UNCACHED_PORT}{ADMIN_LIST[1]}"
            measure(runs, round_number, ADMIN_LIST[0], "off", admin_url, cookie, connections=1)
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
    write_table([*pages, ADMIN_LIST], runs, counts)
    search_timings()


def warm_up(pages):
    """A few requests for every page on every server first: the table shows a running
    server, not one compiling its templates and filling its caches."""
    for _, port, _ in SERVERS:
        for _, url in pages:
            for _ in range(4 * WORKERS):
                urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=60).read()


def measure(runs, round_number, name, label, url, cookie="", connections=CONNECTIONS):
    result = load(url, cookie, connections)
    runs.setdefault((name, label), []).append(result)
    print(f"round {round_number + 1} {name:<10} {label:<10} {result[0]:8.0f} req/s", flush=True)


def search_timings():
    """Search alone, in-process: the time a reader's search takes without queueing."""
    out = subprocess.run(
        [PY, "-m", "bench.bench_search"], cwd=ROOT, env=ENV, capture_output=True, text=True
    )
    text = out.stdout.strip() or f"Search timings failed:\n{out.stderr[-2000:]}"
    with (ROOT / "bench" / "results" / "latest.md").open("a") as results:
        results.write("\n" + text + "\n")
    print("\n" + text)


def write_table(pages, runs, counts):
    floor = statistics.median(r[0] for r in runs[("floor", "off")])
    lines = [
        f"Benchmark: {SIZE['stories']:,} stories, {SIZE['people']:,} people, SQLite, "
        f"gunicorn {WORKERS} workers, "
        f"wrk {CONNECTIONS} connections, {SECONDS}s × {ROUNDS} rounds per target, "
        f"{os.cpu_count()} cores.",
        "",
        "| page | cached | req/s | × floor | p50 ms | p99 ms | errors | queries |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, _ in pages:
        for label, _, _ in SERVERS:
            results = runs.get((name, label))
            if not results:
                continue
            rps = statistics.median(r[0] for r in results)
            p50 = statistics.median(r[1] for r in results)
            p99 = max(r[2] for r in results)
            errors = sum(r[3] for r in results)
            queries = counts[label][name] if label in counts else "0–1"
            lines.append(
                f"| {name} | {label} | {rps:,.0f} | {rps / floor:.2f} | {p50:.1f} | {p99:.1f} "
                f"| {errors} | {queries} |"
            )
    table = "\n".join(lines)
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "latest.md").write_text(table + "\n")
    print("\n" + table)


if __name__ == "__main__":
    main()
