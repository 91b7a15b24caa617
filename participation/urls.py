from django.urls import path

from participation.views import accounts as views
from participation.views import notifications, privacy

app_name = "participation"

urlpatterns = [
    path("", views.profile_detail, name="profile-detail"),
    path("complete/", views.profile_complete, name="profile-complete"),
    path("edit/", views.profile_update, name="profile-update"),
    path("participation/", views.my_participation, name="my-participation"),
    path(
        "notifications/",
        notifications.notification_preferences,
        name="notification-preferences",
    ),
    path("privacy/", privacy.privacy_overview, name="privacy"),
    path("privacy/download/", privacy.data_download, name="data-download"),
    path("privacy/erase/", privacy.erasure_confirm, name="erasure-confirm"),
    path("privacy/erase/requested/", privacy.erasure_requested, name="erasure-requested"),
    path("privacy/erase/pending/", privacy.erasure_pending, name="erasure-pending"),
    path(
        "unsubscribe/<str:token>/",
        notifications.notification_unsubscribe,
        name="notification-unsubscribe",
    ),
]
