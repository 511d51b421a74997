"""Indicators are data: edited here. Plans, figures and reports are read-only here: they
change through the planning pages, which audit every change."""

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from libnet.core import clock
from libnet.planning.models import (
    AnnualPlan,
    Indicator,
    ManualFigure,
    OfficialFormLayout,
    Report,
)
from libnet.planning.official import layouts


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


class OfficialFormLayoutForm(forms.ModelForm):
    """The layout is checked before it is saved: a row that does not say what it counts, an
    unknown measure or a breakdown that does not suit it is refused with the reason."""

    class Meta:
        model = OfficialFormLayout
        fields = ("code", "layout")

    def clean(self):
        cleaned: dict[str, Any] = super().clean() or {}
        code = cleaned.get("code")
        if code and code not in layouts.shipped_layouts():
            raise forms.ValidationError(
                _("No statistics form called %(form)s. The forms are: %(forms)s.")
                % {"form": code, "forms": ", ".join(layouts.form_codes())}
            )
        if code and "layout" in cleaned:
            merged = {**layouts.shipped_layouts()[code], **(cleaned["layout"] or {})}
            codes = set(Indicator.objects.values_list("code", flat=True))
            problems = layouts.layout_problems(merged, indicator_codes=codes)
            if problems:
                raise forms.ValidationError("; ".join(problems))
        return cleaned


@admin.register(OfficialFormLayout)
class OfficialFormLayoutAdmin(admin.ModelAdmin):
    """The province's own layout of an official statistics form (libnet's is in
    planning/data/official_forms.json; what is given here replaces its keys, e.g. "rows")."""

    form = OfficialFormLayoutForm
    list_display = ("code", "updated_at", "updated_by")

    def save_model(self, request, obj, form, change):
        obj.updated_at = clock.now()
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
