from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("sok/", views.search_page, name="page"),
    path("sok/json", views.search_json, name="json"),
    path("sok/forslag/", views.suggestions, name="suggest"),
    path("sok/forslag/json", views.suggestions_json, name="suggest-json"),
]
