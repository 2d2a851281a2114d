"""Time and peak memory from a 24-megapixel upload until all its renditions exist.

Runs the admin's own upload path (ImageForm validation, save: cleaned master and
every rendition) against a throwaway SQLite database and media folder:

    DJANGO_DEBUG=1 .venv/bin/python bench/bench_renditions.py [--runs 3]

The photo is made in a separate process so that making it does not count in the
peak memory reported here; the scratch folder is removed at the end.
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZE = (6000, 4000)


def make_photo(path):
    """A 24 MP JPEG of gradients, shapes and sensor-like noise: compresses like a photo."""
    from PIL import Image, ImageDraw, ImageFilter

    width, height = SIZE
    sky = Image.linear_gradient("L").resize(SIZE)
    picture = Image.merge("RGB", [sky, sky.point(lambda v: v // 2), sky.point(lambda v: 255 - v)])
    draw = ImageDraw.Draw(picture)
    for n in range(60):
        x, y = (n * 997) % width, (n * 613) % height
        draw.ellipse([x, y, x + 400, y + 300], fill=((n * 40) % 256, (n * 90) % 256, 120))
    picture = picture.filter(ImageFilter.GaussianBlur(2))
    noise = Image.effect_noise(SIZE, 24).convert("RGB")
    Image.blend(picture, noise, 0.25).save(path, "JPEG", quality=92)


def setup_django(work):
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(work / "media")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def upload(data, number):
    """What the admin's add form does with a POSTed file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from newsroom.forms import ImageForm

    started = time.perf_counter()
    form = ImageForm(
        data={"alt_text": "Benchmark", "credit": "Bench", "focal_x": 0.5, "focal_y": 0.5},
        files={"file": SimpleUploadedFile(f"DSC_{number:04}.JPG", data, "image/jpeg")},
    )
    if not form.is_valid():
        raise SystemExit(f"Upload refused: {form.errors.as_text()}")
    checked = time.perf_counter()
    image = form.save()
    return image, checked - started, time.perf_counter() - checked


def megabytes(size):
    return f"{size / (1024 * 1024):.1f} MB"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--make-photo", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.make_photo:
        make_photo(options.make_photo)
        return

    work = Path(tempfile.mkdtemp(prefix="bench-renditions-"))
    photo = work / "photo.jpg"
    subprocess.run([sys.executable, __file__, "--make-photo", str(photo)], check=True)
    setup_django(work)
    from newsroom.models import Rendition

    data = photo.read_bytes()
    megapixels = SIZE[0] * SIZE[1] / 1e6
    print(f"Upload: {SIZE[0]} × {SIZE[1]} JPEG ({megapixels:.0f} MP), {megabytes(len(data))}")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()
    for number in range(1, options.runs + 1):
        image, check_time, save_time = upload(data, number)
        renditions = list(Rendition.objects.filter(image=image))
        assert all(r.file for r in renditions)
        stored = sum(r.file.size for r in renditions)
        print(
            f"run {number}: {check_time + save_time:.2f} s until all {len(renditions)} "
            f"renditions exist (checking {check_time:.2f} s, cleaning master and renditions "
            f"{save_time:.2f} s); master {megabytes(image.file.size)}, renditions "
            f"{megabytes(stored)}"
        )
    _, python_peak = tracemalloc.get_traced_memory()
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(
        f"peak memory: process {megabytes(rss_peak)} (it was {megabytes(rss_before)} before "
        f"the first upload); Python objects {megabytes(python_peak)}"
    )
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
