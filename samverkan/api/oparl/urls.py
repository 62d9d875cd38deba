from django.urls import path

from . import views

app_name = "oparl"

urlpatterns = [
    path("", views.system, name="system"),
    path("body/", views.bodies, name="bodies"),
    path("body/<int:pk>/", views.body, name="body"),
    path("body/<int:pk>/<str:kind>/", views.object_list, name="list"),
    path(
        "legislativeterm/<int:pk>/<int:year>/",
        views.legislative_term,
        name="legislativeterm",
    ),
    path("file/<int:pk>/access/", views.file_access, name="file-access"),
    path("file/<int:pk>/download/", views.file_download, name="file-download"),
    path("file/agenda/<int:pk>/", views.agenda_file, name="agenda-file"),
    path("file/minutes/<int:pk>/", views.minutes_file, name="minutes-file"),
    path("<str:kind>/<int:pk>/", views.object_detail, name="object"),
]
