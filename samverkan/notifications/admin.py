from django.contrib import admin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created", "read_at", "email_state"]
    list_filter = ["kind", "email_state", "delivery"]
    search_fields = ["title", "user__username"]
    readonly_fields = ["created", "emailed_at", "attempts", "last_error"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "in_app", "email"]
    list_filter = ["kind", "email"]
