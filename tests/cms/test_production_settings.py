"""Production settings, read as a production server would (its own process and environment)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def production_settings(**env) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        "db = settings.DATABASES['default'];"
        "print(json.dumps({'debug': settings.DEBUG, 'max_age': db['CONN_MAX_AGE'],"
        " 'health': db['CONN_HEALTH_CHECKS']}))"
    )
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_CONN_MAX_AGE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "not-a-real-secret",
        "ALLOWED_HOSTS": "hub.example.org",
        **env,
    }
    out = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, check=True
    )
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


def test_production_keeps_database_connections_and_checks_them_before_reuse():
    assert production_settings() == {"debug": False, "max_age": 60, "health": True}


def test_persistent_connections_can_be_turned_off():
    assert production_settings(DATABASE_CONN_MAX_AGE="0")["max_age"] == 0
