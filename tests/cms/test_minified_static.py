"""Our own CSS and JavaScript are minified by collectstatic in production, and still work.

collectstatic runs with the production storage into a throwaway folder, on the site's
own static folder and a second folder holding files with licence comments.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.finders import AppDirectoriesFinder
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.test import override_settings

from cms.storage import is_own_source

PRODUCTION_STORAGE = "cms.storage.MinifiedCompressedManifestStaticFilesStorage"
SOURCE = settings.BASE_DIR / "static"

LICENSED_CSS = """\
/*! Example Grid 2.1 | MIT licence | keep this line */
/* An ordinary comment, which goes. */
.example-grid {
    display: grid;
    gap: 1rem;
}
"""
LICENSED_JS = """\
/*! Example Widget 1.0 | MIT licence | keep this line */
// An ordinary comment, which goes.
(function () {
    const greeting = "Hello,   world";
    window.exampleGreeting = greeting;
})();
"""


def strip_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)


def without_spacing(css: str) -> str:
    """CSS with runs of white space as one space, none beside punctuation, and no `;`
    closing a block: two stylesheets equal this way hold the same rules."""
    css = re.sub(r"\s*([,>{}:;!])\s*", r"\1", " ".join(css.split()))
    return css.replace(";}", "}")


@pytest.fixture(scope="module")
def licensed_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("licensed-static")
    (folder / "licensed").mkdir()
    (folder / "licensed" / "grid.css").write_text(LICENSED_CSS)
    (folder / "licensed" / "widget.js").write_text(LICENSED_JS)
    return folder


def collect(static_root: Path, licensed_folder: Path) -> dict[str, str]:
    with override_settings(
        STATIC_ROOT=static_root,
        STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STORAGE}},
        STATICFILES_DIRS=[SOURCE, licensed_folder],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        # Bootstrap's files (and their source maps) are the slow part and not ours.
        call_command("collectstatic", interactive=False, verbosity=0, ignore_patterns=["vendor"])
    return json.loads((static_root / "staticfiles.json").read_text())["paths"]


@pytest.fixture(scope="module")
def static_root(tmp_path_factory, licensed_folder):
    root = tmp_path_factory.mktemp("static-root")
    collect(root, licensed_folder)
    return root


@pytest.fixture(scope="module")
def manifest(static_root):
    return json.loads((static_root / "staticfiles.json").read_text())["paths"]


def served(static_root: Path, manifest: dict[str, str], name: str) -> str:
    """The file a page links to: the hashed name from the manifest."""
    return (static_root / manifest[name]).read_text()


def test_production_collects_static_files_with_the_minifying_storage():
    # Read in a process of its own: the production module changes the settings it shares.
    code = "from config.settings import production; print(production.STORAGES['staticfiles'])"
    environment = {
        **os.environ,
        "SECRET_KEY": "not-a-real-secret",
        "ALLOWED_HOSTS": "hub.example.org",
    }
    out = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        check=True,
    )
    assert out.stdout.decode().strip().splitlines()[-1] == str({"BACKEND": PRODUCTION_STORAGE})


def test_the_site_stylesheet_is_smaller_and_keeps_every_rule(static_root, manifest):
    source = (SOURCE / "css" / "site.css").read_text()
    css = served(static_root, manifest, "css/site.css")
    assert len(css) < len(source) * 0.8
    assert "\n" not in css.strip()
    for rule in [
        '@font-face{font-family:"Atkinson Hyperlegible"',
        ".site-header{",
        ".site-menu>summary{",
        "@media (min-width:768px){",
    ]:
        assert rule in css, rule
    # Rule for rule, declaration for declaration, the source less its comments and the
    # spaces a browser ignores (and with the fonts' unhashed names).
    unhashed = re.sub(r"\.[0-9a-f]{12}(?=\.woff2)", "", css)
    assert without_spacing(unhashed) == without_spacing(strip_comments(source))


def test_the_stylesheet_refers_to_the_hashed_fonts_it_ships_with(static_root, manifest):
    css = served(static_root, manifest, "css/site.css")
    addresses = [
        address
        for address in re.findall(r"""url\(["']?([^"')]+)["']?\)""", css)
        if not address.startswith("data:")
    ]
    assert len(addresses) == 4
    folder = (static_root / manifest["css/site.css"]).parent
    for address in addresses:
        assert re.search(r"\.[0-9a-f]{12}\.woff2$", address), address
        assert (folder / address).resolve().is_file(), address
        assert address.removeprefix("../") in manifest.values()


def test_the_ranked_ballot_script_is_shorter_and_keeps_its_functions_and_words(
    static_root, manifest
):
    source = (SOURCE / "participation" / "ranked-ballot.js").read_text()
    script = served(static_root, manifest, "participation/ranked-ballot.js")
    assert len(script) < len(source) * 0.8
    assert "// " not in script
    for name in [
        "ranked",
        "say",
        "place",
        "arrange",
        "apply",
        "position",
        "noLongerRanked",
        "move",
        "updateButtons",
        "rankChosen",
    ]:
        assert f"function {name}(" in script, name
    # What a participant hears and sees, spaces and all.
    for literal in [
        '"use strict"',
        '".ranked-ballot"',
        '"ranked-ballot-status"',
        '"move-buttons d-inline-flex gap-1"',
        '"Move up"',
        '"Move down"',
        "`${title(item)} is now number ${order.indexOf(item) + 1} of ${order.length}.`",
        "` ${title(item)} is no longer ranked.`",
        "`btn btn-outline-secondary btn-sm ${name}`",
    ]:
        assert literal in script, literal
    assert script.count("(") == script.count(")")
    assert script.count("{") == script.count("}")


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed here")
@pytest.mark.parametrize("name", ["participation/ranked-ballot.js", "evidence/share.js"])
def test_the_minified_scripts_still_parse(static_root, manifest, name):
    result = subprocess.run(  # noqa: S603 - a fixed program on our own file
        [shutil.which("node"), "--check", str(static_root / manifest[name])],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode()


def test_licence_comments_survive_and_other_comments_go(static_root, manifest):
    css = served(static_root, manifest, "licensed/grid.css")
    script = served(static_root, manifest, "licensed/widget.js")
    assert css.startswith("/*! Example Grid 2.1 | MIT licence | keep this line */")
    assert script.startswith("/*! Example Widget 1.0 | MIT licence | keep this line */")
    assert "ordinary comment" not in css + script
    assert ".example-grid{display:grid;gap:1rem}" in css
    assert '"Hello,   world"' in script


def test_the_unhashed_copy_is_minified_too(static_root):
    copy = (static_root / "css" / "site.css").read_text()
    assert copy.startswith("@font-face{")
    assert len(copy) < len((SOURCE / "css" / "site.css").read_text())


def test_collecting_again_changes_no_name(tmp_path, static_root, manifest, licensed_folder):
    # Same files, same names: a deploy that changes nothing keeps browsers' caches.
    again = collect(static_root, licensed_folder)
    assert again == manifest
    fresh = collect(tmp_path, licensed_folder)
    assert fresh == manifest


def test_library_and_vendored_files_are_left_as_they_are():
    # Wagtail's admin and Bootstrap ship their own builds; minifying them again gains
    # nothing and risks breaking them.
    admin_storage = AppDirectoriesFinder(app_names=["wagtail.admin"]).storages["wagtail.admin"]
    admin_css = next(name for name in admin_storage.listdir("wagtailadmin/css")[1])
    assert not is_own_source(admin_storage, f"wagtailadmin/css/{admin_css}")
    ours = FileSystemStorage(location=SOURCE)
    assert not is_own_source(ours, "vendor/bootstrap/bootstrap.min.css")
    assert is_own_source(ours, "css/site.css")
    assert is_own_source(ours, "participation/ranked-ballot.js")
