from django.contrib import admin

from libnet.network.models import AdminUnit, Library, LibraryParentPeriod, Membership


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name")


class ParentPeriodInline(admin.TabularInline):
    model = LibraryParentPeriod
    fk_name = "library"
    extra = 0


@admin.register(Library)
class LibraryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "sector", "parent", "runs_libnet")
    list_filter = ("kind", "sector", "runs_libnet")
    search_fields = ("code", "name")
    inlines = [ParentPeriodInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "library", "role", "covers_subtree")
    list_filter = ("role",)
