from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Matter, MatterEvent, Recommendation, Uptake


class MatterEventInline(admin.TabularInline):
    model = MatterEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "note", "at"]

    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(Matter)
class MatterAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "raised_by", "category", "status", "visibility"]
    list_filter = ["body", "year", "status", "category", "visibility"]
    search_fields = ["title"]
    readonly_fields = ["body", "year", "number", "status", "routed_to", "created_by"]
    inlines = [MatterEventInline]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["matter", "issued_on", "answer_by"]


@admin.register(Uptake)
class UptakeAdmin(SimpleHistoryAdmin):
    list_display = ["recommendation", "party", "status", "decided_on"]
    list_filter = ["status"]
