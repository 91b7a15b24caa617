from django.urls import path

from evidence import views

app_name = "evidence"

urlpatterns = [
    path("", views.snippet_list, name="snippet-list"),
    path("<id:pk>/", views.snippet_detail, name="snippet-detail"),
    path("<id:pk>/share/", views.snippet_share, name="snippet-share"),
    path("share-cards/<str:digest>.png", views.share_card_image, name="share-card-image"),
]
