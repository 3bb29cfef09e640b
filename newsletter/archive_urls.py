from django.urls import path

from . import archive

app_name = "newsletter_archive"

urlpatterns = [
    path("<slug:slug>/<str:date>/", archive.edition_view, name="edition"),
]
