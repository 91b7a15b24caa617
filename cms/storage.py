"""Static files as production serves them: minified, named by their content, compressed.

`collectstatic` with MinifiedCompressedManifestStaticFilesStorage (config/settings/
production.py) minifies our own CSS and JavaScript, then Django's manifest storage names
each file by a hash of its content and rewrites the url() references in CSS to those
names, and WhiteNoise writes a gzip and a Brotli copy of each file beside it.

Minifiers: rcssmin and rjsmin, small pure-Python libraries (the wheels add an optional C
speed-up) that need no Node toolchain and are the ones django-compressor uses. Licence
comments (`/*! ... */`) are kept, as the licences of what we ship ask.
"""

from __future__ import annotations

import posixpath
import sysconfig
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

import rcssmin
import rjsmin
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from whitenoise.storage import CompressedManifestStaticFilesStorage

MINIFIERS: dict[str, Callable[[str], str]] = {
    ".css": lambda text: rcssmin.cssmin(text, keep_bang_comments=True),
    ".js": lambda text: rjsmin.jsmin(text, keep_bang_comments=True),
}

# Where installed libraries live: their files are theirs to ship as they are (Wagtail's
# admin, allauth, …), and many are built and minified already.
_LIBRARY_FOLDERS = ("site-packages", "dist-packages")
_LIBRARY_ROOTS = tuple(Path(sysconfig.get_paths()[key]).resolve() for key in ("purelib", "platlib"))


def is_own_source(storage: Storage, path: str) -> bool:
    """Whether a found static file is ours to minify: from the project's folders, not a
    library's, not vendored (static/vendor/) and not minified already (`*.min.*`)."""
    relative = PurePosixPath(path.replace("\\", "/"))
    if ".min." in relative.name or "vendor" in relative.parts:
        return False
    try:
        source = Path(storage.path(path)).resolve()
    except NotImplementedError:
        return False  # not on this disk, so nothing says whose it is
    if any(folder in source.parts for folder in _LIBRARY_FOLDERS):
        return False
    return not any(source.is_relative_to(root) for root in _LIBRARY_ROOTS)


class MinifiedCompressedManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed manifest storage, with our CSS and JavaScript minified first."""

    def post_process(
        self, paths: dict[str, tuple[Storage, str]], dry_run: bool = False, **options: Any
    ) -> Iterator[tuple[str, str | None, Any]]:
        # Minified before Django's post_process reads a byte: the hash in each file's name
        # is then of what is served, url() references are rewritten in the minified text,
        # and WhiteNoise compresses the result. (Django's _post_process hook would be too
        # late for that and runs again on every pass over CSS that refers to other files.)
        if not dry_run:
            paths = self._minify(paths)
        yield from super().post_process(paths, dry_run=dry_run, **options)

    def _minify(self, paths: dict[str, tuple[Storage, str]]) -> dict[str, tuple[Storage, str]]:
        minified = dict(paths)
        for name, (storage, path) in paths.items():
            minify = MINIFIERS.get(posixpath.splitext(name)[1].lower())
            if minify is None or not is_own_source(storage, path):
                continue
            # Always from the source, so running collectstatic again minifies afresh.
            with storage.open(path) as source:
                text = source.read().decode("utf-8")
            # Deleted first: with `collectstatic --link` the copy is a link to the source,
            # which must not be overwritten.
            if self.exists(name):
                self.delete(name)
            self._save(name, ContentFile(minify(text).encode("utf-8")))
            # Django hashes and rewrites what it reads from here: the minified copy.
            minified[name] = (self, name)
        return minified
