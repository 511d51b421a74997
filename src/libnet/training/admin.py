"""The province writes its own checklists for surveys and inspections here."""

from django.contrib import admin

from libnet.training.models import Checklist, ChecklistItem


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 3


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ("name", "is_default", "is_active")
    inlines = [ChecklistItemInline]
