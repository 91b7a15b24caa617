"""The admin sends nothing about the people using it to another site."""

import re

import pytest

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["/admin/", "/admin/account/", "/admin/pages/", "/admin/moderation/"]


@pytest.mark.parametrize("who", ["volunteer", "policy_editor", "admin"])
def test_no_admin_page_loads_anything_from_another_host(client_for, request, site, who):
    client = client_for(request.getfixturevalue(who))
    for url in ADMIN_PAGES:
        response = client.get(url, follow=True)
        if response.status_code != 200:
            continue  # a page this role may not open
        body = response.content.decode()
        assert "gravatar" not in body.lower(), url
        for tag in re.findall(r"<(?:img|script|link|iframe|source)\b[^>]*>", body):
            for address in re.findall(r'(?:src|href|srcset)="([^"]+)"', tag):
                assert not re.match(r"^(https?:)?//", address), (url, tag)
