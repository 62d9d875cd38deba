from django.urls import path

from . import views

app_name = "agreement"

base = "samverkan/<slug:structure_slug>/avtal/"

urlpatterns = [
    path(base, views.agreement_list, name="list"),
    path(f"{base}<slug:slug>/", views.dashboard, name="dashboard"),
    path(f"{base}<slug:slug>/varden/nytt/", views.measurement_add, name="measurement"),
    path(f"{base}<slug:slug>/import/", views.import_measurements, name="import"),
    path(f"{base}<slug:slug>/import/mall/", views.import_template, name="template"),
    path(f"{base}<slug:slug>/ekonomi/", views.economy, name="economy"),
    path(
        f"{base}<slug:slug>/indikatorer/<slug:code>/",
        views.indicator_history,
        name="indicator",
    ),
    path(f"{base}<slug:slug>/rapport.<str:kind>", views.report_document, name="report"),
    path(
        f"{base}<slug:slug>/mal/<int:goal_pk>/uppdrag/",
        views.goal_link,
        name="goal-link",
    ),
    path(f"{base}<slug:slug>/dokument/", views.document_upload, name="upload"),
    path(
        f"{base}<slug:slug>/dokument/<int:version_pk>/",
        views.document_download,
        name="download",
    ),
]
