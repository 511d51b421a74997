from django.contrib import admin

from libnet.patrons.models import JointCardArea, PatronCategory


@admin.register(PatronCategory)
class PatronCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "card_fee_vnd", "is_fee_exempt", "card_months"]


@admin.register(JointCardArea)
class JointCardAreaAdmin(admin.ModelAdmin):
    list_display = ["library", "since"]
