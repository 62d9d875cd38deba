from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("min-kalender/", views.my_calendar, name="mine"),
    path("min-kalender/ny/", views.renew_calendar, name="renew"),
    path("kalender/<str:token>.ics", views.personal_feed, name="personal-feed"),
    path(
        "samverkan/<slug:structure_slug>/organ/<slug:body_slug>/arsplan/<int:year>/",
        views.year_plan,
        name="year",
    ),
]
