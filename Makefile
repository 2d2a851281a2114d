# Two commands: `make run` (set up and serve the demo) and `make test` (set up and test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
# Tests run with debug off, as production does; this key is for the test run only.
TEST_ENV := DJANGO_SECRET_KEY=test-only-key-not-for-production-0123456789abcdefghijklmnop

AXE := .cache/axe/node_modules/axe-core/axe.min.js
VNU := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: run test lint format check install migrate clean bench bench-live soak

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Python 3.10 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# axe-core runs inside the browser tests' pages; without npm those tests skip.
$(AXE):
	-command -v npm >/dev/null && npm install --silent --no-audit --no-fund --prefix .cache/axe axe-core@4

# The Nu HTML Checker checks every kind of public page; without npm (or Java) that test skips.
$(VNU):
	-command -v npm >/dev/null && npm install --silent --no-audit --no-fund --prefix .cache/vnu vnu-jar

migrate: install
	DJANGO_DEBUG=1 $(MANAGE) migrate --noinput

# The worker (renditions, the search index) runs beside the server and stops with it.
run: migrate
	DJANGO_DEBUG=1 $(MANAGE) load_demo --if-empty
	DJANGO_DEBUG=1 $(MANAGE) make_demo_logins
	DJANGO_DEBUG=1 $(MANAGE) db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	DJANGO_DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

test: install $(AXE) $(VNU)
	$(TEST_ENV) $(MANAGE) makemigrations --check --dry-run
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

# Production settings must pass Django's deployment checklist.
check: install
	DJANGO_SECRET_KEY=check-only-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ \
	DJANGO_ALLOWED_HOSTS=news.example.org SITE_URL=https://news.example.org \
	$(MANAGE) check --deploy --fail-level WARNING

# Requests/s and latency of every public page against a bare view (needs wrk), then a
# live story under load while an editor posts every 2 s (staleness included).
bench: migrate
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/run_bench.py
	$(PY) -m bench.bench_live

# The live story's part alone (a small database of its own, made from the demo).
bench-live: migrate
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) -m bench.bench_live

# Readers at full speed for a minute while an editor saves and publishes (not in CI).
soak: migrate
	$(PY) -m bench.soak

clean:
	rm -rf $(VENV) staticfiles .cache
