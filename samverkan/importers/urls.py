from django.urls import path

from . import views

app_name = "importers"

body = "samverkan/<slug:structure_slug>/organ/<slug:body_slug>/"

urlpatterns = [
    path(f"{body}moten/importera/", views.upload, name="upload"),
    path(
        f"{body}sammansattning/importera/",
        views.composition_upload,
        name="composition-upload",
    ),
    path(
        f"{body}sammansattning/importera/<int:pk>/",
        views.composition,
        name="composition",
    ),
    path(f"{body}moten/importera/<int:pk>/", views.batch, name="batch"),
    path(f"{body}moten/importera/<int:pk>/forlopp/", views.progress, name="progress"),
    path(f"{body}moten/importera/fil/<int:pk>/", views.confirm, name="confirm"),
]
