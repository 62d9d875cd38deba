from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path(
        "samverkan/<slug:structure_slug>/organ/<slug:body_slug>/arsplan/<int:year>/",
        views.year_plan,
        name="year",
    ),
]
