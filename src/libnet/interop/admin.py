from django.contrib import admin

from libnet.interop.models import CopyTarget


@admin.register(CopyTarget)
class CopyTargetAdmin(admin.ModelAdmin):
    list_display = ("name", "host", "port", "database", "sru_url", "is_enabled")
    list_filter = ("is_enabled",)
    search_fields = ("name", "host", "sru_url")
