"""No form input makes the site fail: public forms, the admin's forms and the import.

A form answers with a redirect, or a page (200/400) with the form again and what to
fix; when it didn't redirect, nothing was stored.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from hypothesis import given
from hypothesis import strategies as st

from cms.models import PageFeedback
from moderation.models import ModerationItem, Report
from moderation.selectors import item_for
from participation.models import Ballot, Nomination, SupportingStatement, User
from tests.participation.factories import topic
from tests.security.fuzzing import (  # noqa: F401  (fixtures, used by name)
    client_as,
    form_data,
    fuzz,
    no_rate_limits_fixture,
    not_a_failure,
    query,
    world_fixture,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limits")]


# Forms: a redirect, or a page with the form again; nothing stored unless it redirected.


def _post(client, url, data):
    return client.post(url, data)


def counts(*models):
    return tuple(model.objects.count() for model in models)


def public_form(world, name):
    vote, open_vote, mine = world["vote"], world["open_vote"], world["mine"]
    content_type = ContentType.objects.get_for_model(Nomination)
    return {
        "signup": (
            "visitor",
            "/accounts/signup/",
            [
                "email",
                "password1",
                "password2",
                "display_name",
                "date_of_birth",
                "region",
                "accept_house_rules",
            ],
            (User,),
        ),
        "login": ("visitor", "/accounts/login/", ["login", "password", "remember"], ()),
        "profile edit": ("participant", "/me/edit/", ["display_name", "region"], ()),
        "profile complete": (
            "unverified",
            "/me/complete/",
            ["display_name", "date_of_birth", "region", "accept_house_rules"],
            (),
        ),
        "nominate": (
            "participant",
            open_vote.url + open_vote.reverse_subpage("nominate"),
            ["title", "description", "topic", "snippet_1", "note_1", "send_anyway"],
            (Nomination,),
        ),
        "nomination edit": (
            "participant",
            open_vote.url
            + open_vote.reverse_subpage("nomination-edit", args=[world["pending"].pk]),
            ["title", "description", "topic", "send_anyway"],
            (),
        ),
        "statement": (
            "other_participant",
            open_vote.url + open_vote.reverse_subpage("nomination-statement", args=[mine.pk]),
            ["text", "send_anyway"],
            (SupportingStatement,),
        ),
        "report": (
            "other_participant",
            f"/moderation/report/{content_type.pk}/{mine.pk}/",
            ["reason", "kind"],
            (Report,),
        ),
        "feedback": (
            "visitor",
            f"/feedback/{vote.get_parent().pk}/",
            ["useful", "comment"],
            (PageFeedback, ModerationItem),
        ),
        "ballot": (
            "participant",
            f"/rounds/{world['round'].pk}/ballot/",
            ["choices", *(f"rank_{n.pk}" for n in world["on_ballot"]), "round"],
            (Ballot,),
        ),
    }[name]


PUBLIC_FORMS = [
    "signup",
    "login",
    "profile edit",
    "profile complete",
    "nominate",
    "nomination edit",
    "statement",
    "report",
    "feedback",
    "ballot",
]
# Data a well-meaning form would accept: fuzzed input rarely is, and when it happens
# to be (a ballot with one real choice), the redirect says so and it may be stored.
REDIRECTS = {301, 302, 303}


@pytest.mark.parametrize("name", PUBLIC_FORMS)
def test_no_form_input_makes_a_public_form_fail(request, world, client_for, name):
    role, url, keys, stored = public_form(world, name)
    client = client_as(request, role, client_for)
    if name == "nominate":
        keys = [*keys, str(topic().pk)]

    @fuzz
    @given(data=form_data(keys))
    def check(data):
        before = counts(*stored)
        response = client.post(url, data)
        not_a_failure(response, f"{name}: POST {url} {data!r}")
        if response.status_code not in REDIRECTS:
            assert response.status_code in {200, 400, 403, 404, 405, 429}, (name, data)
            assert counts(*stored) == before, (name, data)

    check()


def admin_forms(world):
    item = item_for(world["pending"])
    base = f"/admin/moderation/items/{item.pk}/"
    return {
        "claim": ("volunteer", base + "claim/", ["version"]),
        "approve": ("volunteer", base + "approve/", ["approve-version", "approve-confirmed"]),
        "reject": (
            "volunteer",
            base + "reject/",
            ["reject-version", "reject-reason", "reject-note_to_author", "reject-confirmed"],
        ),
        "escalate": (
            "volunteer",
            base + "escalate/",
            ["escalate-version", "escalate-kind", "escalate-reason"],
        ),
        "bulk": (
            "senior_moderator",
            "/admin/moderation/bulk/",
            ["bulk-action", "bulk-reason", "bulk-kind", "bulk-note", "bulk-items", "items"],
        ),
        "shortlist": (
            "policy_editor",
            f"/admin/campaign-votes/rounds/{world['vote'].ordered_rounds()[1].pk}/shortlist/",
            ["nominations", "confirmed"],
        ),
        "merge": (
            "policy_editor",
            f"/admin/campaign-votes/nominations/{world['mine'].pk}/merge/",
            ["target", "confirmed"],
        ),
        "ineligible": (
            "policy_editor",
            f"/admin/campaign-votes/nominations/{world['mine'].pk}/ineligible/",
            ["reason"],
        ),
        "explorer snippet": (
            "policy_editor",
            "/admin/evidence/explorer-snippet/",
            ["query", "next"],
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "claim",
        "approve",
        "reject",
        "escalate",
        "bulk",
        "shortlist",
        "merge",
        "ineligible",
        "explorer snippet",
    ],
)
def test_no_form_input_makes_an_admin_form_fail(request, world, client_for, name):
    role, url, keys = admin_forms(world)[name]
    client = client_as(request, role, client_for)

    @fuzz
    @given(data=form_data(keys))
    def check(data):
        not_a_failure(client.post(url, data), f"{name}: POST {url} {data!r}")

    check()


@fuzz
@given(content=st.binary(max_size=400), name=st.sampled_from(["s.csv", "s.txt", "s.CSV", "s"]))
def _import_check(client, content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/admin/evidence/import/",
        {"step": "check", "file": SimpleUploadedFile(name, content, "text/csv")},
    )
    not_a_failure(response, f"import {name} {content[:40]!r}")


def test_no_file_makes_the_statistics_import_fail(client_for, policy_editor, settings, tmp_path):
    settings.EVIDENCE_IMPORT_DIR = tmp_path
    _import_check(client_for(policy_editor))


def test_a_next_address_like_a_view_name_is_not_looked_up(client_for, policy_editor):
    """Found by the fuzzer: "0" as `next` was looked up as a view name (a 500)."""
    response = client_for(policy_editor).post(
        "/admin/evidence/explorer-snippet/", {"next": "0", "query": ""}
    )
    assert response.status_code == 302 and response["Location"] == "0"
