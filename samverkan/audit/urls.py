from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path(
        "historik/<str:app_label>/<str:model_name>/<int:pk>/",
        views.record_history,
        name="history",
    ),
    path("logg/", views.event_log, name="log"),
]
