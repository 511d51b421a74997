from django.contrib import admin

from libnet.core.models import ApiToken, AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "action", "subject_type", "subject_id", "actor")
    # Searched, not filtered: a filter lists every action in the log at each page (a scan of
    # the whole log, which has no index on the action: core.models.AuditEntry).
    search_fields = ("action", "subject_type", "subject_id")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_hash", "prefix", "created_at", "last_used_at")
