from django.contrib import admin

from libnet.catalog.models import (
    AccessionRegister,
    BibRecord,
    CataloguingSettings,
    CataloguingTemplate,
    Item,
    LabelSheet,
    ShelfLocation,
)


@admin.register(BibRecord)
class BibRecordAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "year", "publisher", "class_number")
    search_fields = ("title", "authors", "isbns", "control_number")
    readonly_fields = ("marc_json", "match_key", "created_at", "updated_at")


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ("barcode", "accession_number", "home_library", "current_library", "status")
    list_filter = ("status", "home_library")
    search_fields = ("barcode", "accession_number")
    # Status changes go through catalog.services so they are audited.
    readonly_fields = ("status", "created_at", "updated_at")
    raw_id_fields = ("bib",)


@admin.register(AccessionRegister)
class AccessionRegisterAdmin(admin.ModelAdmin):
    list_display = ("library", "prefix", "name", "next_number", "is_default")


@admin.register(ShelfLocation)
class ShelfLocationAdmin(admin.ModelAdmin):
    list_display = ("library", "code", "name", "is_closed_stack", "is_reference")


@admin.register(CataloguingTemplate)
class CataloguingTemplateAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "record_type", "bibliographic_level", "is_active", "position")


@admin.register(LabelSheet)
class LabelSheetAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "library", "columns", "rows")


@admin.register(CataloguingSettings)
class CataloguingSettingsAdmin(admin.ModelAdmin):
    list_display = ("library", "class_scheme", "author_mark_rule", "label_sheet", "label_content")
