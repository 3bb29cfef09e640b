from django.urls import path

from . import views
from .preferences import PreferencesView

app_name = "newsletter"

urlpatterns = [
    path("subscribe/", views.SignupView.as_view(), name="signup"),
    path("confirm/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("preferences/<str:token>/", PreferencesView.as_view(), name="preferences"),
]
