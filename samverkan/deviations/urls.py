from django.urls import path

from . import views

app_name = "deviations"

urlpatterns = [
    path(
        "samverkan/<slug:structure_slug>/avvikelser/", views.deviation_list, name="list"
    ),
    path(
        "samverkan/<slug:structure_slug>/avvikelser/ny/",
        views.deviation_create,
        name="create",
    ),
    path(
        "samverkan/<slug:structure_slug>/avvikelser/statistik/",
        views.statistics,
        name="statistics",
    ),
    path(
        "samverkan/<slug:structure_slug>/tvister/ny/",
        views.dispute_create,
        name="dispute-create",
    ),
    path("avvikelser/<int:pk>/", views.deviation_detail, name="detail"),
    path("avvikelser/<int:pk>/svar/", views.deviation_answer, name="answer"),
    path("avvikelser/<int:pk>/avsluta/", views.deviation_close, name="close"),
    path("avvikelser/<int:pk>/lyft/", views.deviation_escalate, name="escalate"),
    path(
        "avvikelser/<int:pk>/dokument/<int:version_pk>/",
        views.deviation_download,
        name="download",
    ),
    path("tvister/<int:pk>/", views.dispute_detail, name="dispute"),
    path(
        "tvister/<int:pk>/standpunkt/<str:side>/",
        views.dispute_position,
        name="position",
    ),
    path("tvister/<int:pk>/rekommendation/", views.dispute_recommend, name="recommend"),
    path("tvister/<int:pk>/svar/<str:side>/", views.dispute_respond, name="respond"),
]
