"""The evidence pages of the admin: "make this a snippet" from the explorer, and
the statistics import page: upload, see every problem or a preview of
what will change, then import. The upload waits between the two steps in a private
folder outside the media root, named by a random token tied to the session."""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from evidence import services
from evidence.explorer.query import ExplorerForm
from evidence.importer import MAX_BYTES, problems_as_text, read_statistics

SESSION_KEY = "evidence_import"
TOKEN_LENGTH = 32
UPLOAD_EXTENSIONS = (".csv", ".txt")


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Statistics file (CSV)",
        help_text="Columns: source, period, topic, channel, age_band, region, contacts. "
        "Up to 200 MB. Nothing is imported until you have seen what will change.",
        error_messages={"required": "Choose a CSV file to check."},
    )


def _folder() -> Path:
    folder = Path(
        getattr(settings, "EVIDENCE_IMPORT_DIR", settings.BASE_DIR / "private" / "imports")
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _forget_abandoned(hours: int = 24) -> None:
    """Uploads checked but never imported are deleted after a day."""
    cutoff = time.time() - hours * 3600
    for path in _folder().glob("*.csv"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _may_import(user) -> bool:
    return user.is_active and user.has_perm(services.IMPORT_PERMISSION)


def _render(request, **context):
    return TemplateResponse(
        request,
        "evidence/admin/import.html",
        {"page_title": "Import statistics", "header_title": "Import statistics", **context},
    )


def statistics_import(request):
    if not _may_import(request.user):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("step") == "import":
        return _import(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _render(request, form=form)
    upload = form.cleaned_data["file"]
    if not upload.name.lower().endswith(UPLOAD_EXTENSIONS):
        form.add_error(
            "file",
            "Choose a CSV file (its name ends in .csv). In your spreadsheet choose Save as, "
            "then “CSV UTF-8”.",
        )
        return _render(request, form=form)
    if upload.size > MAX_BYTES:
        form.add_error("file", "The file is over 200 MB. Split it by period and import each part.")
        return _render(request, form=form)
    result = read_statistics(upload.open("rb"), size=upload.size)
    if not result.ok:
        return _render(
            request,
            form=UploadForm(),
            problems=list(problems_as_text(result)),
            problem_count=result.problem_count,
            file_name=upload.name,
        )
    _forget_abandoned()
    token = secrets.token_hex(TOKEN_LENGTH // 2)
    with open(_folder() / f"{token}.csv", "wb") as kept:
        for chunk in upload.chunks():
            kept.write(chunk)
    request.session[SESSION_KEY] = {"token": token, "file_name": upload.name[:255]}
    changes = services.statistics_preview(result=result)
    return _render(
        request,
        changes=changes,
        rows=len(result.rows),
        replacing=sum(change.rows_existing for change in changes),
        file_name=upload.name,
        token=token,
    )


def _import(request):
    held = request.session.get(SESSION_KEY) or {}
    token = request.POST.get("token", "")
    path = _folder() / f"{token}.csv"
    if (
        len(token) != TOKEN_LENGTH
        or not all(c in "0123456789abcdef" for c in token)
        or held.get("token") != token
        or not path.exists()
    ):
        messages.error(request, "That upload has expired. Please choose the file again.")
        return redirect("evidence_admin:import")
    try:
        with open(path, "rb") as handle:
            result = read_statistics(handle, size=path.stat().st_size)
        outcome = services.statistics_import(
            result=result, file_name=held.get("file_name", "upload.csv"), user=request.user
        )
    except OSError:  # a second click, after the first had imported and removed it
        messages.error(request, "That upload has expired. Please choose the file again.")
        return redirect("evidence_admin:import")
    except ValidationError:
        messages.error(request, "The file no longer passes its checks; nothing was imported.")
        return redirect("evidence_admin:import")
    finally:
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        f"Imported {outcome.added:,} rows; replaced {outcome.replaced:,} rows already there "
        "for the same months and sources.",
    )
    return redirect(reverse("evidence_admin:import"))


@require_POST
def explorer_snippet(request):
    """ "Make this a snippet" on the explorer: a draft snippet, then its edit page."""
    # A path, never a view name: redirect("0") would look "0" up as one and fail.
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("wagtailadmin_home")
    form = ExplorerForm(QueryDict(request.POST.get("query", "")[:4000]))
    if not form.is_valid() or form.to_query() is None:
        messages.error(request, "That explorer view can't be used; nothing was made.")
        return HttpResponseRedirect(back)
    try:
        draft = services.snippet_draft_from_explorer(query=form.to_query(), user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(back)
    if draft.left_out:
        messages.warning(
            request,
            "A snippet can't hold everything the explorer showed, so this draft leaves out "
            + "; ".join(draft.left_out)
            + ". Write the sentence, check the figure, then publish.",
        )
    else:
        messages.success(request, "Draft snippet made. Write the sentence, then publish it.")
    return redirect("wagtailsnippets_evidence_evidencesnippet:edit", draft.snippet.pk)
