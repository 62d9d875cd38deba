from django.urls import path

from . import views

app_name = "matters"

urlpatterns = [
    path("samverkan/<slug:structure_slug>/arenden/", views.matter_list, name="list"),
    path(
        "samverkan/<slug:structure_slug>/arenden/nytt/",
        views.matter_create,
        name="create",
    ),
    path(
        "samverkan/<slug:structure_slug>/arenden/att-gora/",
        views.waiting,
        name="waiting",
    ),
    path(
        "samverkan/<slug:structure_slug>/organ/<slug:body_slug>/diarium/",
        views.registry,
        name="registry",
    ),
    path("arenden/<int:pk>/", views.matter_detail, name="detail"),
    path("arenden/<int:pk>/registrerat/", views.matter_registered, name="registered"),
    path("arenden/<int:pk>/status/", views.matter_transition, name="transition"),
    path("arenden/<int:pk>/overlamna/", views.matter_route, name="route"),
    path(
        "arenden/<int:pk>/konsekvensanalys/<str:side>/",
        views.analysis_edit,
        name="analysis",
    ),
    path("arenden/<int:pk>/referenser/", views.reference_add, name="reference"),
    path("arenden/<int:pk>/beredning/", views.preparation_save, name="preparation"),
    path(
        "arenden/<int:pk>/rekommendation/",
        views.recommendation_add,
        name="recommendation",
    ),
    path("arenden/<int:pk>/dokument/", views.document_upload, name="upload"),
    path(
        "arenden/<int:pk>/dokument/<int:version_pk>/",
        views.document_download,
        name="download",
    ),
    path("upptag/<int:pk>/", views.uptake_edit, name="uptake"),
]
