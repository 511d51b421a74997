from django.contrib import admin

from libnet.catalog.models import AccessionRegister, BibRecord, Item, ShelfLocation


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
