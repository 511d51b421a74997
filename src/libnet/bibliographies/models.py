"""Compiled bibliographies (TT 18/2014 Art. 11–12): new acquisitions of a month, subject and
local-studies bibliographies, article indexes and press digests. The entries are catalog's
saved list (catalog.RecordList of kind "bibliography"); a bibliography adds its kind, how
its entries are grouped and whether it is published."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BibliographyKind(models.TextChoices):
    NEW_ACQUISITIONS = "new_acquisitions", _("New acquisitions of a month")
    SUBJECT = "subject", _("Subject bibliography")
    LOCAL_STUDIES = "local_studies", _("Local-studies bibliography")
    ARTICLE_INDEX = "article_index", _("Article index")
    PRESS_DIGEST = "press_digest", _("Press digest")


# Kinds whose entries are articles of newspapers and journals (analytic records, MARC 773).
ARTICLE_KINDS = frozenset({BibliographyKind.ARTICLE_INDEX, BibliographyKind.PRESS_DIGEST})


class Grouping(models.TextChoices):
    SUBJECT = "subject", _("By subject")
    CLASS = "class", _("By class")
    NONE = "none", _("One alphabetical list")


class Bibliography(models.Model):
    record_list = models.OneToOneField(
        "catalog.RecordList", on_delete=models.PROTECT, related_name="bibliography"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BibliographyKind.choices)
    grouping = models.CharField(
        _("grouped"), max_length=10, choices=Grouping.choices, default=Grouping.SUBJECT
    )
    # The month of a list of new acquisitions (its first day).
    month = models.DateField(_("month"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("bibliography")
        verbose_name_plural = _("bibliographies")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return str(self.record_list_id)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
