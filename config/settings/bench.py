"""The production settings, plus the two ceiling views the HTTP benchmarks compare with.

Never deployed: `make bench-vote` and `make bench-pages` run gunicorn with it against a
throwaway PostgreSQL and Redis (bench/httpbench.py).
"""

from .production import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench.ceilings"]  # noqa: F405
ROOT_URLCONF = "bench.ceilings.urls"
