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
    path("import/sammansattning/<int:pk>/", views.composition, name="composition"),
    path("import/<int:pk>/", views.batch, name="batch"),
    path("import/<int:pk>/forlopp/", views.progress, name="progress"),
    path("import/fil/<int:pk>/importera/", views.confirm, name="confirm"),
]
