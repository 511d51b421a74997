from django.contrib import admin

from libnet.circulation.models import CirculationPolicy


@admin.register(CirculationPolicy)
class CirculationPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "library",
        "patron_category",
        "item_type",
        "home_loan_allowed",
        "loan_days",
        "max_loans",
        "max_renewals",
        "fine_per_day_vnd",
    ]
    list_filter = ["item_type", "home_loan_allowed"]
