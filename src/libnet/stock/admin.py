"""A library's rule for lost copies is set in Django admin, as loan rules are."""

from django.contrib import admin

from libnet.stock.models import CompensationRule


@admin.register(CompensationRule)
class CompensationRuleAdmin(admin.ModelAdmin):
    list_display = ["library", "replacement_allowed", "price_factor", "note"]
    list_filter = ["replacement_allowed"]
