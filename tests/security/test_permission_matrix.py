"""Who gets what from every address the project answers.

Every address (walked from the URL resolver and Wagtail's page routes, see
`matrix_addresses.py`) is asked for by every role, and the answer must be the one the
table below says. A new address with no line in the table fails the test ("add an
expectation for ..."): nobody can add a screen without saying who may open it.

Each line is a pattern (on the URL name, `*` matching anything; a "[variant]" names
the object that filled it) and one answer per role, in the order of `ROLES`:

    anonymous unverified participant author suspended volunteer senior policy admin

    200, 403, 404, 405  that status
    L                   a redirect to a log-in page
    E                   a redirect to verify the email address first
    C                   a redirect to complete a profile first (staff are not participants)
    H                   a redirect to the admin dashboard (Wagtail's "no permission")
    R                   any other redirect
    ok                  (POST table only) may act: covered by the feature's own tests

The first line that matches wins, so exceptions go above the family they belong to.
"""

from __future__ import annotations

import pytest

from tests.security import matrix_addresses as addresses
from tests.security import matrix_world as mw
from tests.security.matrix_world import Clients, answer, crawl, matches

pytestmark = pytest.mark.django_db

world = pytest.fixture(scope="module", name="world")(mw.module_world)

ALL_200 = " ".join(["200"] * 9)
OUT = "L L L L L"  # nobody but staff gets into the admin: to the log-in page


def staff(answers: str) -> str:
    """An admin address: everyone outside the staff to log in, then the four staff roles."""
    return f"{OUT} {answers}"


PARTICIPATE = "L E 200 200 403 C C C C"  # participants only; suspended ones refused
OWN = "L E 404 200 403 C C C C"  # the author's own thing, through a participant page
SEEN_BY_MODERATORS = "404 404 404 200 404 200 200 200 200"
SEEN_BY_SENIORS = "404 404 404 200 404 404 200 200 200"  # escalated: never volunteers
SIGNED_IN = "L " + " ".join(["200"] * 8)
VOTE = "page:participation.campaignvotepage"

GET = [
    # --- Public pages, files and open data: the same for everyone -------------------
    ("design", "404 404 404 404 404 404 404 404 200"),  # the pattern library: administrators
    ("page-feedback", " ".join(["405"] * 9)),  # POST only
    ("ballot-post", " ".join(["405"] * 9)),
    (f"{VOTE}:nomination-support*", " ".join(["405"] * 9)),
    (f"{VOTE}:nomination-statement*", " ".join(["405"] * 9)),
    ("api-v1:round_result[open]", " ".join(["404"] * 9)),  # no result before the close
    ("api-v1:round_ballots[open]", " ".join(["404"] * 9)),
    ("api-v1:round_ballots_blt*", " ".join(["404"] * 9)),  # approval ballots: CSV only
    ("api-v1:unknown", " ".join(["404"] * 9)),
    ("api-v1:*", ALL_200),
    (f"{VOTE}:results-share[round 2]", " ".join(["404"] * 9)),
    (f"{VOTE}:ballots-csv[round 2]", " ".join(["404"] * 9)),
    (f"{VOTE}:receipts-csv[round 2]", " ".join(["404"] * 9)),
    (f"{VOTE}:ballots-blt*", " ".join(["404"] * 9)),
    ("wagtaildocs_authenticate_with_password", " ".join(["404"] * 9)),
    ("wagtailcore_authenticate_with_password", " ".join(["404"] * 9)),
    *[
        (name, ALL_200)
        for name in (
            "healthz",
            "status",
            "search",
            "search[*]",
            "sitemap",
            "robots-txt",
            "evidence:*",
            "wagtaildocs_serve",
            "wagtailadmin_sprite",
            "wagtailadmin_javascript_catalog",
            "page:cms.homepage",
            "page:cms.standardpage",
            "page:cms.campaignindexpage",
            "page:cms.campaignpage:index_route",
            "page:evidence.dataexplorerpage*",
            f"{VOTE}:index*",
            f"{VOTE}:nomination-detail[public]",
            f"{VOTE}:results*",
            f"{VOTE}:ballots-csv[round 1]",
            f"{VOTE}:receipts-csv[round 1]",
            f"{VOTE}:receipt-check*",
        )
    ],
    # --- Taking part ------------------------------------------------------------------
    (f"{VOTE}:nominate[open]", PARTICIPATE),
    (f"{VOTE}:nominate[closed]", "L E R R 403 C C C C"),  # back to the vote: closed
    (f"{VOTE}:nomination-submitted*", OWN),
    (f"{VOTE}:statement-submitted*", OWN),
    (f"{VOTE}:nomination-edit*", OWN),
    (f"{VOTE}:nomination-withdraw*", OWN),
    (f"{VOTE}:ballot[round 1]", "L E R R 403 C C C C"),  # closed: to its results
    (f"{VOTE}:ballot[round 2]", PARTICIPATE),
    (f"{VOTE}:ballot-received[round 1]", "L E R R 403 C C C C"),
    (f"{VOTE}:ballot-received[round 2]", "L E R 200 403 C C C C"),  # the author voted
    (f"{VOTE}:nomination-detail[zzwithdrawnmarker]", " ".join(["404"] * 9)),
    (f"{VOTE}:nomination-detail[zzescalatedmarker]", SEEN_BY_SENIORS),
    (f"{VOTE}:nomination-detail[zzsafeguardingmarker]", SEEN_BY_SENIORS),
    (f"{VOTE}:nomination-detail[*]", SEEN_BY_MODERATORS),
    ("page:cms.campaignpage:follow", "L E R R 403 C C C C"),
    ("page:cms.campaignpage:unfollow", "R R R R R R R R R"),  # a GET changes nothing
    ("moderation:report-create", "L 403 200 200 403 403 403 403 403"),
    ("moderation:notice-list", SIGNED_IN),
    ("moderation:notice-read*", "L 405 405 405 405 405 405 405 405"),
    # --- Your account and your data ---------------------------------------------------
    ("participation:profile-complete", "L 200 R R R 200 200 200 200"),  # complete: to /me/
    ("participation:my-participation", PARTICIPATE),
    ("participation:data-download", "L R R R R R R R R"),  # asks for the password again
    ("participation:erasure-confirm", "L R R R R R R R R"),
    ("participation:erasure-pending", "L R R R R R R R R"),
    ("participation:erasure-requested", ALL_200),
    ("participation:notification-unsubscribe", ALL_200),  # the signed link is the key
    ("participation:*", SIGNED_IN),
    ("account_login", "200 R R R R R R R R"),
    ("account_signup", "200 R R R R R R R R"),
    ("account_logout", "R 200 200 200 200 200 200 200 200"),
    ("account_set_password", "L R R R R R R R R"),
    ("account_confirm_login_code", "L R R R R R R R R"),
    ("account_reauthenticate", SIGNED_IN),
    ("account_email", SIGNED_IN),
    ("account_change_password", SIGNED_IN),
    ("account_*", ALL_200),  # the steps of a reset or a confirmation, by emailed link
    ("mfa_index", SIGNED_IN),
    ("mfa_deactivate_totp", "L 404 404 404 404 R R R R"),  # staff: password again first
    ("mfa_view_recovery_codes", "L 404 404 404 404 R R R R"),
    ("mfa_download_recovery_codes", "L 404 404 404 404 R R R R"),
    ("mfa_reauthenticate", "L R R R R 200 200 200 200"),  # staff have an authenticator
    ("mfa_*", "L R R R R R R R R"),
    ("staff-two-step", "L R R R R H H H H"),
    ("staff-admin-login", " ".join(["L"] * 9)),  # every staff log-in goes through allauth
    ("wagtailadmin_login", " ".join(["L"] * 9)),
    # Wagtail's log-in for private pages goes to allauth's too, with its lockout.
    ("private-page-login", " ".join(["L"] * 9)),
    ("wagtailcore_login", " ".join(["L"] * 9)),
    # Wagtail's deliberate error page is not on this site.
    ("no-failwhale", " ".join(["404"] * 9)),
    ("wagtailadmin_error_test", " ".join(["404"] * 9)),
    ("wagtailadmin_password_reset*", " ".join(["404"] * 9)),
    ("wagtailadmin_logout", staff("405 405 405 405")),
    # --- Moderation -------------------------------------------------------------------
    ("moderation_admin:item-list", staff("200 200 200 200")),
    ("moderation_admin:metrics", staff("200 200 200 200")),
    ("moderation_admin:on-shift", staff("200 200 200 200")),
    ("moderation_admin:escalation-list", staff("403 200 200 200")),
    ("moderation_admin:item-detail[zzescalatedmarker]", staff("403 200 200 200")),
    ("moderation_admin:item-detail[zzsafeguardingmarker]", staff("403 200 200 200")),
    ("moderation_admin:item-detail[*]", staff("200 200 200 200")),
    ("moderation_admin:case-list", staff("403 200 403 200")),  # senior moderators only
    ("moderation_admin:case-detail", staff("403 200 403 200")),
    ("moderation_admin:support-request", staff("200 200 403 200")),
    ("moderation_admin:*", staff("405 405 405 405")),  # every action is a POST
    ("moderation_audit:*", staff("H 200 200 200")),
    ("moderation_teams:*", staff("H H H 200")),
    ("participation_linked_accounts:dismiss", staff("405 405 405 405")),
    ("participation_linked_accounts:*", staff("403 200 403 200")),
    ("participation_suspensions:*", staff("403 200 403 200")),
    ("wagtailsnippets_moderation_*:delete", staff("H H H 200")),
    ("wagtailsnippets_moderation_*", staff("H 200 H 200")),
    ("wagtailsnippetchoosers_moderation_*:create", staff("H 200 H 200")),
    # --- The policy team's screens ----------------------------------------------------
    ("participation_admin:round-close", staff("405 405 405 405")),
    ("participation_admin:*", staff("H H 200 200")),
    ("cms_admin:campaign-promote", staff("405 405 405 405")),
    ("cms_feedback:report", staff("H H 200 200")),
    ("evidence_admin:explorer-snippet", staff("405 405 405 405")),
    ("evidence_admin:import", staff("H H 200 200")),
    ("wagtailsnippets:index", staff("H 200 200 200")),
    ("wagtailsnippets_evidence_evidencesnippet:delete", staff("H H 200 200")),
    ("wagtailsnippets_evidence_*:delete", staff("H H H 200")),  # topics and channels
    ("wagtailsnippets_evidence_evidencesnippet:revisions_revert", staff("404 404 404 404")),
    ("wagtailsnippets_evidence_evidencesnippet:revisions_unschedule", staff("404 404 404 404")),
    ("wagtailsnippets_evidence_evidencesnippet:*lock", staff("H H 405 405")),
    ("wagtailsnippets_evidence_*", staff("H H 200 200")),
    ("wagtailsnippetchoosers_*:create", staff("H H 200 200")),
    ("wagtailsnippetchoosers_*", staff("200 200 200 200")),
    # --- Pages, images and documents (Wagtail's own screens) -------------------------
    ("wagtailadmin_home", staff("200 200 200 200")),
    ("admin/test404/", staff("200 200 200 200")),
    ("admin/^.*/$", staff("404 404 404 404")),
    ("wagtailadmin_api:*", staff("404 404 404 404")),  # no admin API asked for here
    ("wagtail_bulk_action", staff("404 404 404 404")),
    ("wagtailadmin_pages:choose_parent", staff("200 200 200 200")),
    ("wagtailadmin_pages:move_confirm", staff("200 200 200 200")),
    ("wagtailadmin_pages:confirm_workflow_cancellation", staff("200 200 200 200")),
    ("wagtailadmin_pages:workflow_preview", staff("H H H H")),
    ("wagtailadmin_pages:convert_alias", staff("404 404 404 404")),
    ("wagtailadmin_pages:workflow_action", staff("404 404 404 404")),
    ("wagtailadmin_pages:collect_workflow_action_data", staff("404 404 404 404")),
    ("wagtailadmin_pages:revisions_revert", staff("404 404 404 404")),
    ("wagtailadmin_pages:revisions_index", staff("R R R R")),  # to the page's history
    ("wagtailadmin_pages:revisions_*", staff("H H 404 404")),
    ("wagtailadmin_pages:workflow_history_detail", staff("H H 404 404")),
    ("wagtailadmin_pages:set_page_position", staff("405 405 405 405")),
    ("wagtailadmin_pages:*lock", staff("405 405 405 405")),
    ("wagtailadmin_pages:*", staff("H H 200 200")),
    ("wagtailadmin_explore*", staff("H H 200 200")),
    ("wagtailadmin_choose_page*", staff("200 200 200 200")),
    ("wagtailadmin_tag_autocomplete", staff("200 200 200 200")),
    ("wagtailadmin_tag_model_autocomplete", staff("404 404 404 404")),
    ("wagtailadmin_collections:delete", staff("404 404 404 404")),  # the root collection
    ("wagtailadmin_collections:edit", staff("H H H 404")),
    ("wagtailadmin_collections:*", staff("H H H 200")),
    ("wagtailadmin_workflows:enable*", staff("405 405 405 405")),
    ("wagtailadmin_workflows:remove*", staff("405 405 405 405")),
    ("wagtailadmin_workflows:add_task", staff("404 404 404 404")),
    ("wagtailadmin_workflows:select_task_type", staff("H H H R")),
    ("wagtailadmin_workflows:task_cho*", staff("200 200 200 200")),
    ("wagtailadmin_workflows:*", staff("H H H 200")),
    ("wagtailadmin_reports:site_history*", staff("200 200 200 200")),
    ("wagtailadmin_reports:*", staff("H H 200 200")),
    ("wagtailadmin_account", staff("200 200 200 200")),
    ("wagtailadmin_dismissibles", staff("200 200 200 200")),
    ("wagtailadmin_editing_sessions:*", staff("405 405 405 405")),
    ("wagtailadmin_block_preview", staff("404 404 404 404")),
    ("wagtailforms:list_submissions*", staff("404 404 404 404")),
    ("wagtailforms:delete_submissions", staff("H H H H")),
    ("wagtailforms:*", staff("H H 200 200")),
    ("wagtailredirects:delete", staff("404 404 404 404")),
    ("wagtailredirects:edit", staff("H H H 404")),
    ("wagtailredirects:process_import", staff("H H H 405")),
    ("wagtailredirects:*", staff("H H H 200")),
    ("wagtailsettings:edit[moderation]", staff("R R R R")),  # to the one instance
    ("wagtailsettings:edit[cms]", staff("H H H R")),
    ("wagtailsettings:edit#2[cms]", staff("H H H 200")),
    ("wagtailsettings:preview_on_edit*", staff("H H H 404")),
    ("wagtaildocs:add_multiple", staff("H H 200 200")),
    ("wagtaildocs:*_multiple*", staff("405 405 405 405")),
    ("wagtaildocs:*", staff("H H 200 200")),
    ("wagtaildocs_chooser:chosen", staff("H H 200 200")),
    ("wagtaildocs_chooser:create", staff("H H 200 200")),
    ("wagtaildocs_chooser:*", staff("200 200 200 200")),
    ("wagtailimages:add_multiple", staff("H H 200 200")),
    ("wagtailimages:*_multiple*", staff("405 405 405 405")),
    ("wagtailimages:url_generator*", staff("H H 404 404")),  # no dynamic image serving
    ("wagtailimages:*", staff("H H 200 200")),
    ("wagtailimages_chooser:chosen", staff("H H 200 200")),
    ("wagtailimages_chooser:create", staff("H H 200 200")),
    ("wagtailimages_chooser:select_format", staff("H H 200 200")),
    ("wagtailimages_chooser:*", staff("200 200 200 200")),
    # --- Administrators only: sites, users and groups ---------------------------------
    ("wagtailsites:*", staff("H H H 200")),
    ("participation_two_step_reset", staff("H H H 200")),  # administrators only
    ("wagtailusers_*", staff("H H H 200")),
]


def expected(key: str, table=GET) -> list[str] | None:
    for pattern, answers in table:
        if matches(key, pattern):
            return answers.split()
    return None


def test_every_route_has_an_address_to_ask_for(world):
    _made, unfilled = addresses.addresses(world)
    assert not unfilled, "fill these in matrix_addresses.py:\n" + "\n".join(unfilled)


def test_every_address_has_an_expectation(world):
    made, _unfilled = addresses.addresses(world)
    missing = sorted({a.key for a in made if expected(a.key) is None})
    assert not missing, "add an expectation for:\n" + "\n".join(missing)


@pytest.mark.parametrize("role", mw.ROLES)
def test_each_role_gets_what_the_table_says(world, role, request):
    made, _unfilled = addresses.addresses(world)
    column = mw.ROLES.index(role)
    responses = crawl(Clients(role, world, request), made)
    wrong = []
    for address in made:
        answers = expected(address.key)
        got = answer(responses[address.key])
        if answers is not None and got != answers[column]:
            wrong.append(f"{address.key} {address.url}: expected {answers[column]}, got {got}")
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)


# --- POST-only addresses ----------------------------------------------------------
# Asked with an empty form by each role that may not act: refused (a redirect, 403,
# 404 or 405), never done and never a 500. "ok" marks the roles that may act, whose
# POSTs the feature's own tests cover; without a CSRF token everybody gets a 403.
NOT_PARTICIPANTS = "L E ok ok 403 C C C C"
POLICY_ONLY = staff("H H ok ok")
ADMINS_ONLY = staff("H H H ok")
SENIORS_ONLY = staff("403 ok 403 ok")
POST = [
    ("page-feedback", " ".join(["ok"] * 9)),  # anyone may say whether a page helped
    ("ballot-post", NOT_PARTICIPANTS),
    (f"{VOTE}:nomination-support*", NOT_PARTICIPANTS),
    (f"{VOTE}:nomination-statement*", NOT_PARTICIPANTS),
    ("moderation:notice-read*", "L ok ok ok ok ok ok ok ok"),
    ("wagtailadmin_logout", staff("ok ok ok ok")),
    ("moderation_admin:item-bulk", SENIORS_ONLY),
    ("moderation_admin:item-open-case", SENIORS_ONLY),
    ("moderation_admin:case-*", SENIORS_ONLY),
    ("moderation_admin:shift-*", staff("ok ok 403 ok")),
    ("moderation_admin:*", staff("ok ok 403 ok")),  # the policy team decides nothing
    ("participation_linked_accounts:dismiss", SENIORS_ONLY),
    ("participation_admin:round-close", POLICY_ONLY),
    ("cms_admin:campaign-promote", POLICY_ONLY),
    ("evidence_admin:explorer-snippet", POLICY_ONLY),
    ("wagtailadmin_pages:*", POLICY_ONLY),
    ("wagtailsnippets_evidence_evidencesnippet:*lock", POLICY_ONLY),
    # An upload that isn't there: nothing to act on, whoever asks.
    ("wagtaildocs:*_upload*", staff("404 404 404 404")),
    ("wagtailimages:*_upload*", staff("404 404 404 404")),
    ("wagtaildocs:*", POLICY_ONLY),
    ("wagtailimages:*", POLICY_ONLY),
    ("wagtailadmin_editing_sessions:*", staff("ok ok ok ok")),
    ("wagtailadmin_workflows:*", ADMINS_ONLY),
    ("wagtailredirects:process_import", ADMINS_ONLY),
]
REFUSALS = {"L", "E", "C", "H", "R", "403", "404", "405"}


def post_only(made) -> list:
    """The addresses a GET answers with 405 for somebody: they act on POST."""
    return [a for a in made if "405" in (expected(a.key) or [])]


def test_every_post_only_address_has_an_expectation(world):
    made, _unfilled = addresses.addresses(world)
    missing = sorted({a.key for a in post_only(made) if expected(a.key, POST) is None})
    assert not missing, "add a POST expectation for:\n" + "\n".join(missing)


@pytest.mark.parametrize("role", mw.ROLES)
def test_post_only_addresses_refuse_whoever_may_not_act(world, role, request):
    made, _unfilled = addresses.addresses(world)
    column = mw.ROLES.index(role)
    forged = Clients(role, world, request)()
    forged.handler.enforce_csrf_checks = True
    wrong = []
    for address in post_only(made):
        got = forged.post(address.url).status_code
        if got != 403:
            wrong.append(f"{address.key} {address.url}: with no CSRF token, got {got}")
        want = (expected(address.key, POST) or ["?"] * 9)[column]
        if want == "ok":
            continue
        # A fresh client each time: a POST that wrongly went through must not change
        # what the next one is asked as (logged out, say).
        got = answer(Clients(role, world, request)().post(address.url))
        if got != want or got not in REFUSALS:
            wrong.append(f"{address.key} {address.url}: expected {want}, got {got}")
    assert not wrong, f"POST as {role}:\n" + "\n".join(wrong)
