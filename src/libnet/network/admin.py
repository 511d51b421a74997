from django.contrib import admin

from libnet.network.models import (
    AdminUnit,
    AdminUnitPopulation,
    BodyMembership,
    Library,
    LibraryParentPeriod,
    ManagingBody,
    Membership,
    ReportingAssignment,
    ReportingRule,
)


class PopulationInline(admin.TabularInline):
    model = AdminUnitPopulation
    extra = 0


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name")
    inlines = [PopulationInline]


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


@admin.register(ManagingBody)
class ManagingBodyAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "admin_unit", "valid_from", "valid_to")
    list_filter = ("kind",)
    search_fields = ("code", "name")


@admin.register(BodyMembership)
class BodyMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "body", "role")
    list_filter = ("role",)


@admin.register(ReportingRule)
class ReportingRuleAdmin(admin.ModelAdmin):
    list_display = ("level", "body_kind")


@admin.register(ReportingAssignment)
class ReportingAssignmentAdmin(admin.ModelAdmin):
    list_display = ("library", "body", "valid_from", "valid_to", "is_override")
    list_filter = ("is_override",)
    search_fields = ("library__code", "body__code")
