"""Public-site URLs: include with `path("moderation/", include("moderation.urls"))`.

The volunteer queue lives in the Wagtail admin (see `viewsets.py`).
"""

from django.urls import path

from moderation.views import public

app_name = "moderation"

urlpatterns = [
    path(
        "report/<id:content_type_id>/<id:object_id>/",
        public.report_create,
        name="report-create",
    ),
    path("notices/", public.notice_list, name="notice-list"),
    path("notices/<id:pk>/read/", public.notice_mark_read, name="notice-read"),
    path("notices/read-all/", public.notices_mark_all_read, name="notice-read-all"),
]
