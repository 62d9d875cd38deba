from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Body, Membership, Party, Person, Structure, SubRegion


@admin.register(Structure)
class StructureAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SubRegion)
class SubRegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "structure", "position"]
    list_filter = ["structure"]


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "code", "subregion", "structure"]
    list_filter = ["structure", "kind", "subregion"]
    search_fields = ["name", "code"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "level", "kind", "structure"]
    list_filter = ["structure", "level", "kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["page_owner"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "email"]
    search_fields = ["first_name", "last_name", "email"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role", "body", "side", "party", "start", "end"]
    list_filter = ["body__structure", "body", "role", "side"]
    search_fields = ["person__first_name", "person__last_name", "body__short_name"]
    autocomplete_fields = ["person", "party"]
    date_hierarchy = "start"

    def save_model(self, request, obj, form, change) -> None:  # noqa: ANN001
        services.save_membership(membership=obj, actor=request.user)
