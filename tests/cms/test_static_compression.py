"""Static files arrive Brotli-compressed to browsers that accept it, gzip to the others.

collectstatic runs with the production storage into a throwaway folder, on the site's
own static folder (the libraries' files, Wagtail's admin among them, would take a
minute and prove nothing more), and WhiteNoise serves what it wrote.
"""

import gzip
import json

import brotli
import pytest
from django.conf import settings
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings

PRODUCTION_STORAGE = "cms.storage.MinifiedCompressedManifestStaticFilesStorage"
SITE_FILES = [
    "css/site.css",
    "participation/ballot.css",
    "participation/results.css",
    "participation/ranked-ballot.js",
    "evidence/charts.css",
    "evidence/share.js",
]


def production_static(static_root) -> override_settings:
    return override_settings(
        STATIC_ROOT=static_root,
        STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}},
        STATICFILES_DIRS=[settings.BASE_DIR / "static"],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        # Served from the collected folder, as in production, not found afresh each time.
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    )


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static-root")
    with production_static(root):
        # Bootstrap's files (and their source maps) are the slow part and not ours.
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["vendor"])
    return root


@pytest.fixture
def served(static_root):
    """A browser's view of the collected files, through WhiteNoise."""
    with production_static(static_root):
        yield Client()


def hashed(static_root, name: str) -> str:
    return json.loads((static_root / "staticfiles.json").read_text())["paths"][name]


@pytest.mark.parametrize("name", SITE_FILES)
def test_each_site_stylesheet_and_script_gets_a_brotli_and_a_gzip_copy(static_root, name):
    served_file = static_root / hashed(static_root, name)
    content = served_file.read_bytes()
    br = served_file.with_name(f"{served_file.name}.br").read_bytes()
    gz = served_file.with_name(f"{served_file.name}.gz").read_bytes()
    assert brotli.decompress(br) == content
    assert gzip.decompress(gz) == content


def test_the_brotli_stylesheet_is_smaller_than_the_gzip_one(static_root):
    served_file = static_root / hashed(static_root, "css/site.css")
    br = served_file.with_name(f"{served_file.name}.br").stat().st_size
    gz = served_file.with_name(f"{served_file.name}.gz").stat().st_size
    assert br < gz


def test_a_browser_that_accepts_brotli_gets_brotli(served, static_root):
    address = static("css/site.css")
    assert address == f"/static/{hashed(static_root, 'css/site.css')}"
    response = served.get(address, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "Accept-Encoding" in response["Vary"]
    assert response["Content-Type"].startswith("text/css")
    # Named by its content, so a browser keeps it until the name changes.
    assert "immutable" in response["Cache-Control"]
    css = brotli.decompress(b"".join(response.streaming_content)).decode()
    assert "@font-face" in css


def test_a_browser_that_accepts_only_gzip_gets_gzip(served):
    response = served.get(static("participation/ranked-ballot.js"), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    script = gzip.decompress(b"".join(response.streaming_content)).decode()
    assert "ranked-ballot" in script


def test_a_browser_that_does_not_ask_gets_the_plain_file(served, static_root):
    response = served.get(static("css/site.css"))
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    body = b"".join(response.streaming_content)
    assert body == (static_root / hashed(static_root, "css/site.css")).read_bytes()
