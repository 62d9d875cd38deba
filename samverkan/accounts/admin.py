from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import ExternalIdentity, Invitation, RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["body", "party"]


@admin.register(User)
class SamverkanUserAdmin(UserAdmin):
    inlines = [RoleGrantInline]


@admin.register(RoleGrant)
class RoleGrantAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "structure", "body", "party", "start", "end"]
    list_filter = ["role", "structure"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "body", "party"]

    def save_model(self, request, obj, form, change) -> None:  # noqa: ANN001
        obj._history_user = request.user
        obj.full_clean()
        obj.save()


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["person", "email", "created", "expires", "accepted"]
    readonly_fields = ["person", "email", "invited_by", "expires", "accepted"]

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        # Invitations are sent from the person's page, which mails the link.
        return False


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "issuer", "subject", "last_used"]
    search_fields = ["user__username", "subject"]
    autocomplete_fields = ["user"]
