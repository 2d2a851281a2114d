"""How long the desk waits for an upload to answer, now that renditions are made by the worker.

Posts a 24-megapixel JPEG to the admin's add form, then ten of them at once to
*Upload several* (one request), through the whole stack (middleware, multipart
parsing, the form, the save) with the database queue, against a throwaway SQLite
database and media folder; then runs the worker until the queue is empty:

    .venv/bin/python bench/bench_uploads.py [--runs 3]
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_renditions import SIZE, megabytes  # noqa: E402

SET_SIZE = 10


def setup_django(work):
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(work / "media")
    os.environ["NEWSROOM_VAR_DIR"] = str(work / "var")
    os.environ["NEWSROOM_TASKS"] = "database"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def signed_in_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "x" * 16)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    return client


def timed(post):
    """Seconds until the answer, and of them the seconds of CPU this process spent.

    On a machine busy with other work the first grows and the second does not: it is
    what the answer takes on an idle core.
    """
    started, cpu = time.perf_counter(), time.process_time()
    response = post()
    if response.status_code not in (200, 302):
        raise SystemExit(f"Upload refused: {response.status_code}")
    return Answer(time.perf_counter() - started, time.process_time() - cpu)


class Answer:
    def __init__(self, wall, cpu):
        self.wall, self.cpu = wall, cpu

    def __str__(self):
        return f"{self.wall:.2f} s ({self.cpu:.2f} s of CPU)"


def run_worker():
    from django.core.management import call_command

    started, cpu = time.perf_counter(), time.process_time()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    return Answer(time.perf_counter() - started, time.process_time() - cpu)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-uploads-"))
    photo = work / "photo.jpg"
    script = ROOT / "bench" / "bench_renditions.py"
    subprocess.run([sys.executable, script, "--make-photo", str(photo)], check=True)
    setup_django(work)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from newsroom.models import Image, Rendition

    data = photo.read_bytes()
    client = signed_in_client()

    def one(number):
        upload = SimpleUploadedFile(f"DSC_{number:04}.JPG", data, "image/jpeg")
        fields = {"alt_text": "Bench", "credit": "Bench", "focal_x": "0.5", "focal_y": "0.5"}
        return lambda: client.post("/admin/newsroom/image/add/", {**fields, "file": upload})

    def several(number):
        uploads = [
            SimpleUploadedFile(f"SET{number}_{n:02}.JPG", data, "image/jpeg")
            for n in range(SET_SIZE)
        ]
        return lambda: client.post(
            "/admin/newsroom/image/upload/", {"files": uploads, "credit": "Bench"}
        )

    print(
        f"Upload: {SIZE[0]} × {SIZE[1]} JPEG ({SIZE[0] * SIZE[1] / 1e6:.0f} MP), "
        f"{megabytes(len(data))}; SQLite, database queue; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    for number in range(1, options.runs + 1):
        answer = timed(one(number))
        made_before = Rendition.objects.filter(image=Image.objects.first()).count()
        worker = run_worker()
        print(
            f"run {number}: one picture answered in {answer} with {made_before} "
            f"renditions made; the worker then made them in {worker}"
        )
    for number in range(1, options.runs + 1):
        answer = timed(several(number))
        waiting = Image.objects.filter(renditions_index=[]).count()
        worker = run_worker()
        print(
            f"run {number}: {SET_SIZE} pictures in one request answered in {answer} "
            f"({waiting} waiting for renditions); the worker then made them in {worker}"
        )
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
