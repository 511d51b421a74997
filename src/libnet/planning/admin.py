"""Indicators are data: edited here. Plans, figures and reports are read-only here: they
change through the planning pages, which audit every change."""

from django.contrib import admin

from libnet.planning.models import AnnualPlan, Indicator, ManualFigure, Report


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = (
        "order",
        "code",
        "name_vi",
        "name_en",
        "unit_vi",
        "derivation",
        "aggregation",
        "is_active",
    )
    list_display_links = ("code",)
    list_filter = ("derivation", "aggregation", "is_active")
    search_fields = ("code", "name_vi", "name_en")
    ordering = ("order", "code")

    def get_readonly_fields(self, request, obj=None):
        # The code is what reports, the API and the daily figures refer to: it never changes.
        return ("code",) if obj is not None else ()


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AnnualPlan)
class AnnualPlanAdmin(_ReadOnly):
    list_display = ("library", "year", "state", "approved_at")
    list_filter = ("year", "state")


@admin.register(ManualFigure)
class ManualFigureAdmin(_ReadOnly):
    list_display = ("library", "indicator", "month", "value", "note", "entered_at")
    list_filter = ("indicator",)


@admin.register(Report)
class ReportAdmin(_ReadOnly):
    list_display = ("library", "period", "state", "parent", "submitted_at", "decided_at")
    list_filter = ("state", "period")
