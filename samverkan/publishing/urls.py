from django.urls import path

from . import views

app_name = "publishing"

body = "samverkan/<slug:structure_slug>/organ/<slug:body_slug>/"

urlpatterns = [
    path(f"{body}kalender.ics", views.body_calendar, name="calendar"),
    path(f"{body}anteckningar.atom", views.minutes_feed, name="minutes-feed"),
    path(f"{body}nyheter/", views.news_list, name="news-list"),
    path("nyheter/<int:pk>/", views.news_detail, name="news"),
    path("nyheter/<int:pk>/andra/", views.news_edit, name="news-edit"),
]
