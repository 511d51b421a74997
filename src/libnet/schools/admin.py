"""The province edits the criteria here: copy a published version into a draft, fill the
figures that are not confirmed, publish it. A published version is read-only."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from libnet.schools import services
from libnet.schools.models import CriteriaVersion, Criterion


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = (
        "school_level",
        "group",
        "grade",
        "code",
        "name",
        "measure",
        "unit",
        "threshold",
        "is_confirmed",
    )
    readonly_fields = ("school_level", "group", "grade", "code", "measure")

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "is_published", "published_at")
    readonly_fields = ("number", "is_published", "published_at")
    fields = ("number", "title", "source", "due_day", "due_month", "is_published", "published_at")
    inlines = [CriterionInline]
    actions = ["make_draft", "publish_version"]

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    @admin.action(description=_("Copy into a new draft"))
    def make_draft(self, request: HttpRequest, queryset: QuerySet[CriteriaVersion]) -> None:
        for version in queryset:
            services.draft_from(version=version, by=request.user)
        messages.success(request, _("Draft created."))

    @admin.action(description=_("Publish"))
    def publish_version(self, request: HttpRequest, queryset: QuerySet[CriteriaVersion]) -> None:
        for version in queryset:
            services.publish(version=version, by=request.user)
        messages.success(request, _("Published."))
