"""The policy team's import page: check, preview, then import; never a half import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evidence.models import ChannelStatistic, Topic

pytestmark = pytest.mark.django_db
URL = "/admin/evidence/import/"
HEADER = "source,period,topic,channel,age_band,region,contacts\n"


@pytest.fixture(autouse=True)
def private_folder(settings, tmp_path):
    settings.EVIDENCE_IMPORT_DIR = tmp_path / "imports"
    Topic.objects.get_or_create(slug="anxiety", defaults={"name": "Anxiety"})
    return settings.EVIDENCE_IMPORT_DIR


def upload(client, text: str, name="stats.csv"):
    return client.post(
        URL, {"step": "check", "file": SimpleUploadedFile(name, text.encode(), "text/csv")}
    )


def test_the_policy_team_checks_sees_a_preview_then_imports(
    client_for, policy_editor, private_folder
):
    client = client_for(policy_editor)
    assert client.get(URL).status_code == 200
    preview = upload(client, HEADER + "crm,2026-03,anxiety,helpline,,,120\n")
    page = preview.content.decode()
    assert preview.status_code == 200 and "Import these rows" in page and "March 2026" in page
    assert ChannelStatistic.objects.count() == 0  # nothing until they say so
    token = preview.context["token"]
    done = client.post(URL, {"step": "import", "token": token})
    assert done.status_code == 302
    assert ChannelStatistic.objects.get().contacts == 120
    assert not list(private_folder.glob("*.csv"))  # the held file is gone
    again = client.post(URL, {"step": "import", "token": token}, follow=True)
    assert "expired" in again.content.decode() and ChannelStatistic.objects.count() == 1


def test_problems_are_listed_and_nothing_is_kept(client_for, policy_editor, private_folder):
    page = upload(client_for(policy_editor), HEADER + "crm,2026-03,nope,helpline,,,-1\n")
    text = page.content.decode()
    assert "2 problems" in text and "Line 2" in text and "nothing was imported" in text
    assert not list(private_folder.glob("*.csv")) and ChannelStatistic.objects.count() == 0


@pytest.mark.parametrize("token", ["", "x" * 32, "../../etc/passwd", "0" * 32])
def test_a_forged_token_imports_nothing(client_for, policy_editor, token):
    response = client_for(policy_editor).post(URL, {"step": "import", "token": token}, follow=True)
    assert response.status_code == 200 and "expired" in response.content.decode()
    assert ChannelStatistic.objects.count() == 0


def test_someone_elses_token_imports_nothing(client_for, policy_editor, admin):
    preview = upload(client_for(admin), HEADER + "crm,2026-03,anxiety,helpline,,,120\n")
    token = preview.context["token"]
    client_for(policy_editor).post(URL, {"step": "import", "token": token})
    assert ChannelStatistic.objects.count() == 0


def test_no_file_is_a_kind_message(client_for, policy_editor):
    page = client_for(policy_editor).post(URL, {"step": "check"})
    assert page.status_code == 200 and "Choose a CSV file" in page.content.decode()


@pytest.mark.parametrize("role", ["volunteer", "senior_moderator"])
def test_only_the_policy_team_may_import(request, client_for, role):
    client = client_for(request.getfixturevalue(role))
    assert client.get(URL).status_code in (302, 403)
    response = upload(client, HEADER + "crm,2026-03,anxiety,helpline,,,120\n")
    assert response.status_code in (302, 403) and ChannelStatistic.objects.count() == 0
