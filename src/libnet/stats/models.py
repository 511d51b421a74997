"""Daily figures per library and indicator, kept current by the services that write them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from libnet.network.models import Library


class DailyStat(models.Model):
    """How much of `indicator` happened at `library` on `day` (Vietnam's calendar day).

    Services bump these rows in the transaction that writes the loan, visit or record, so a
    year's report is a sum over at most 366 rows per library and indicator, not a scan of
    the transactions. `libnet rebuild_stats` recomputes them from the transactions.
    """

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="daily_stats")
    day = models.DateField(_("day"))
    indicator = models.CharField(_("indicator"), max_length=40)
    value = models.BigIntegerField(_("value"), default=0)

    class Meta:
        verbose_name = _("daily figure")
        verbose_name_plural = _("daily figures")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "indicator", "day"], name="one_daily_stat_per_indicator"
            )
        ]
        indexes = [models.Index(fields=["indicator", "day"])]

    def __str__(self) -> str:
        return f"{self.library_id} {self.indicator} {self.day}: {self.value}"
