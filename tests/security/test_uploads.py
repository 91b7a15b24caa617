"""Uploads are checked for size and type: images, documents and the statistics import.

A file that is too big, or isn't what its name says (a web page called .png, an SVG,
a program called .csv), is refused with words the policy team can act on, and
nothing is stored.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from cms.uploads import document_problem
from evidence import admin_views, importer
from evidence.models import ChannelStatistic, Topic

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(size=(8, 8)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def add_image(client, name, content, content_type="image/png"):
    return client.post(
        "/admin/images/add/",
        {
            "title": "Poster",
            "file": SimpleUploadedFile(name, content, content_type),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def add_document(client, name, content, content_type="application/octet-stream"):
    return client.post(
        "/admin/documents/add/",
        {
            "title": "Report",
            "file": SimpleUploadedFile(name, content, content_type),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def errors(response) -> str:
    return response.content.decode()


# Images


def test_a_real_image_is_accepted(client_for, admin):
    response = add_image(client_for(admin), "poster.png", png())
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Poster").exists()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("poster.png", HTML, "Not a valid"),
        ("poster.png", SVG, "Not a valid"),
        ("poster.svg", SVG, "Not a supported image format"),
        ("poster.html", HTML, "Not a supported image format"),
        ("poster.png", EXE, "Not a valid"),
    ],
)
def test_an_image_that_isnt_one_is_refused(client_for, admin, name, content, words):
    before = get_image_model().objects.count()
    response = add_image(client_for(admin), name, content)
    assert response.status_code == 200
    assert words in errors(response) or "Upload a valid image" in errors(response)
    assert get_image_model().objects.count() == before


def test_an_oversized_image_is_refused(client_for, admin, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    big = png((400, 400))
    assert len(big) > 1024
    before = get_image_model().objects.count()
    response = add_image(client_for(admin), "poster.png", big)
    assert response.status_code == 200 and "This file is too big" in errors(response)
    assert get_image_model().objects.count() == before


def test_an_image_with_too_many_pixels_is_refused(client_for, admin, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100
    before = get_image_model().objects.count()
    response = add_image(client_for(admin), "poster.png", png((20, 20)))
    assert response.status_code == 200 and "too many pixels" in errors(response)
    assert get_image_model().objects.count() == before


def test_svg_is_not_an_allowed_image_kind(settings):
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


# Documents


def test_a_real_document_is_accepted(client_for, admin):
    response = add_document(client_for(admin), "report.pdf", PDF, "application/pdf")
    assert response.status_code == 302
    assert get_document_model().objects.filter(title="Report").exists()


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("report.pdf", HTML, "it is a web page"),
        ("data.csv", EXE, "it is a Windows program"),
        ("notes.txt", SVG, "it is an SVG image"),
        ("report.docx", PDF, "isn&#x27;t a .docx document inside"),
        ("data.csv", b"a,b\x00,c\n", "isn&#x27;t plain text"),
        ("page.html", HTML, "Allowed extensions are"),
    ],
)
def test_a_document_that_isnt_what_it_says_is_refused(client_for, admin, name, content, words):
    before = get_document_model().objects.count()
    response = add_document(client_for(admin), name, content)
    assert response.status_code == 200
    assert words in errors(response), errors(response)[:2000]
    assert get_document_model().objects.count() == before


def test_an_oversized_document_is_refused(client_for, admin, settings):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 100
    before = get_document_model().objects.count()
    response = add_document(client_for(admin), "report.pdf", PDF + b"%" * 200, "application/pdf")
    assert response.status_code == 200 and "documents can be up to 100" in errors(response)
    assert get_document_model().objects.count() == before


def test_utf8_text_cut_mid_character_is_still_text():
    head = ("a,b\n" + "é" * 5000).encode()[:8192]
    assert document_problem(name="data.csv", size=len(head), head=head) is None


# The statistics import

IMPORT = "/admin/evidence/import/"
HEADER = b"source,period,topic,channel,age_band,region,contacts\n"


@pytest.fixture
def import_folder(settings, tmp_path):
    settings.EVIDENCE_IMPORT_DIR = tmp_path / "imports"
    Topic.objects.get_or_create(slug="anxiety", defaults={"name": "Anxiety"})
    return settings.EVIDENCE_IMPORT_DIR


def import_upload(client, name, content):
    return client.post(
        IMPORT, {"step": "check", "file": SimpleUploadedFile(name, content, "text/csv")}
    )


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("stats.csv", EXE, "it looks like a Windows program"),
        ("stats.csv", b"PK\x03\x04" + b"\x00" * 100, "it looks like a spreadsheet workbook"),
        ("stats.csv", png(), "it looks like an image"),
        ("stats.csv", HEADER + b"crm,2026-03,anxiety\x00,helpline,,,1\n", "isn&#x27;t text"),
        ("stats.html", HTML, "Choose a CSV file"),
        ("stats.xlsx", HEADER, "Choose a CSV file"),
    ],
)
def test_an_import_that_isnt_csv_is_refused_kindly(
    client_for, policy_editor, import_folder, name, content, words
):
    response = import_upload(client_for(policy_editor), name, content)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert ChannelStatistic.objects.count() == 0
    assert not list(import_folder.glob("*.csv"))


def test_an_oversized_import_is_refused(client_for, policy_editor, import_folder, monkeypatch):
    monkeypatch.setattr(admin_views, "MAX_BYTES", 64)
    monkeypatch.setattr(importer, "MAX_BYTES", 64)
    content = HEADER + b"crm,2026-03,anxiety,helpline,,,120\n" * 5
    response = import_upload(client_for(policy_editor), "stats.csv", content)
    assert response.status_code == 200 and "over 200 MB" in response.content.decode()
    assert ChannelStatistic.objects.count() == 0
    assert not list(import_folder.glob("*.csv"))


def test_a_good_import_still_reaches_the_preview(client_for, policy_editor, import_folder):
    content = b"\xef\xbb\xbf" + HEADER + b"crm,2026-03,anxiety,helpline,,,120\n"
    response = import_upload(client_for(policy_editor), "Stats.CSV", content)
    assert "Import these rows" in response.content.decode()
