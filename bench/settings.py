"""Production settings plus one bare view: the floor every page is compared with."""

from newsroom.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
