from django.urls import path

from . import views

app_name = "organisation"

urlpatterns = [
    path("", views.structure_list, name="structures"),
    path("samverkan/<slug:structure_slug>/", views.structure_detail, name="structure"),
    path(
        "samverkan/<slug:structure_slug>/organ/<slug:body_slug>/",
        views.body_detail,
        name="body",
    ),
    path(
        "samverkan/<slug:structure_slug>/organ/<slug:body_slug>/sammansattning/",
        views.composition_report,
        name="composition-report",
    ),
    path("personer/<int:pk>/", views.person_detail, name="person"),
]
