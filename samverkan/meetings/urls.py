from django.urls import path

from . import views

app_name = "meetings"

body = "samverkan/<slug:structure_slug>/organ/<slug:body_slug>/"

urlpatterns = [
    path(f"{body}moten/", views.meeting_list, name="list"),
    path(f"{body}moten/nytt/", views.meeting_create, name="create"),
    path(f"{body}aterkopplingar/", views.follow_up_list, name="follow-ups"),
    path("moten/<int:pk>/", views.meeting_detail, name="detail"),
    path("moten/<int:pk>/status/", views.meeting_transition, name="transition"),
    path("moten/<int:pk>/skicka/", views.send_agenda, name="send"),
    path("moten/<int:pk>/dagordning/", views.agenda_edit, name="agenda"),
    path(
        "moten/<int:pk>/dagordning/arende/", views.agenda_add_matter, name="add-matter"
    ),
    path("moten/<int:pk>/narvaro/", views.attendance_edit, name="attendance"),
    path("moten/<int:pk>/anteckningar/", views.minutes_edit, name="minutes"),
    path("moten/<int:pk>/justerare/", views.approvers_set, name="approvers"),
    path("moten/<int:pk>/justering/", views.review, name="review"),
    path(
        "moten/<int:pk>/dokument/<int:version_pk>/",
        views.document_download,
        name="download",
    ),
    path("moten/<int:pk>/<str:kind>.<str:fmt>", views.record, name="record"),
    path("punkter/<int:pk>/", views.item_edit, name="item"),
    path("punkter/<int:pk>/flytta/", views.item_move, name="item-move"),
    path("punkter/<int:pk>/ta-bort/", views.item_remove, name="item-remove"),
    path("punkter/<int:pk>/dokument/", views.item_upload, name="item-upload"),
    path("punkter/<int:pk>/anteckningar/", views.notes_save, name="notes"),
    path("punkter/<int:pk>/utfall/", views.outcome_save, name="outcome"),
    path("punkter/<int:pk>/aterkoppling/", views.follow_up_add, name="follow-up"),
    path("punkter/<int:pk>/uppdrag/", views.assignment_add, name="assignment"),
    path("punkter/<int:pk>/anteckning/", views.statement_add, name="statement"),
    path("punkter/<int:pk>/jav/", views.recusal_add, name="recusal"),
    path(
        "punkter/<int:pk>/omedelbar-justering/",
        views.approve_at_once,
        name="approve-at-once",
    ),
    path("punkter/<int:pk>/rattelse/", views.correction_add, name="correction"),
    path("forslag/<int:pk>/", views.proposal_decide, name="proposal"),
    path(
        "aterkopplingar/<int:pk>/klar/",
        views.follow_up_resolve,
        name="follow-up-resolve",
    ),
    path("uppdrag/<int:pk>/status/", views.assignment_status, name="assignment-status"),
]
