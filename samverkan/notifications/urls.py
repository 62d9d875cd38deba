from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notiser/", views.inbox, name="inbox"),
    path("notiser/lasta/", views.mark_all_read, name="mark-all-read"),
    path("notiser/installningar/", views.preferences, name="preferences"),
    path("notiser/<int:pk>/", views.open_notification, name="open"),
]
