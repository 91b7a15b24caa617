from django.urls import path

from participation.views import accounts as views
from participation.views import notifications

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
    path(
        "unsubscribe/<str:token>/",
        notifications.notification_unsubscribe,
        name="notification-unsubscribe",
    ),
]
