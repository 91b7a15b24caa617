"""What the admin accepts as a document: a size limit, and contents that match the name.

Wagtail checks a document's extension (WAGTAILDOCS_EXTENSIONS) but not its size or
what is inside, so a page of HTML named "report.pdf", or a program named "data.csv",
would be published as one. This form (WAGTAILDOCS_DOCUMENT_FORM_BASE) looks at the
first bytes as well. Images need no form of ours: Wagtail reads every image and
refuses one whose contents don't match its extension (settings: WAGTAILIMAGES_*).
"""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from wagtail.documents.forms import BaseDocumentForm

HEAD_BYTES = 8192
ZIP = b"PK\x03\x04"
# The first bytes each kind of document starts with.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "xlsx": (ZIP,),
    "docx": (ZIP,),
    "odt": (ZIP,),
}
TEXT_KINDS = {"csv", "txt"}
# Things that are never a document, whatever they are called.
NEVER = (
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"<!doctype", "a web page"),
    (b"<html", "a web page"),
    (b"<svg", "an SVG image"),
    (b"<?xml", "an XML file"),
    (b"<script", "a web page"),
)


def document_max_bytes() -> int:
    return getattr(settings, "DOCUMENT_MAX_UPLOAD_SIZE", 20 * 1024 * 1024)


def _head(upload) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(position)
    return head


def document_problem(*, name: str, size: int, head: bytes) -> str | None:
    """Why this file can't be a document, in words for the policy team, or None."""
    limit = document_max_bytes()
    if size > limit:
        return (
            f"This file is {filesizeformat(size)}; documents can be up to "
            f"{filesizeformat(limit)}. Try saving a smaller version, or split it in two."
        )
    extension = os.path.splitext(name)[1].lower().lstrip(".")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for signature, what in NEVER:
        if start.startswith(signature.lower()):
            return (
                f"This file is called .{extension} but it is {what}, so it can't be "
                "uploaded as a document. Choose the document itself."
            )
    if extension in SIGNATURES and not head.startswith(SIGNATURES[extension]):
        return (
            f"This file is called .{extension} but isn't a .{extension} document inside. "
            f"Open it in the program that made it and save it as .{extension} again."
        )
    if extension in TEXT_KINDS:
        try:
            if b"\x00" in head:
                raise UnicodeDecodeError("utf-8", head, 0, 1, "NUL byte")
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the end of the first bytes is still text.
            if error.start < len(head) - 4 or b"\x00" in head:
                return (
                    f"This .{extension} file isn't plain text. Save it as "
                    f"“{extension.upper()} UTF-8” and upload it again."
                )
    return None


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, with the size and contents checked."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            problem = document_problem(name=upload.name, size=upload.size, head=_head(upload))
            if problem:
                raise ValidationError(problem, code="invalid_document")
        return upload
