from django.urls import path

from . import views

app_name = "publishing"

body = "samverkan/<slug:structure_slug>/organ/<slug:body_slug>/"

urlpatterns = [
    path(f"{body}kalender.ics", views.body_calendar, name="calendar"),
    path(f"{body}anteckningar.atom", views.minutes_feed, name="minutes-feed"),
]
