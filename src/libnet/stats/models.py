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


class ActivePatronMonth(models.Model):
    """Reader `patron_id` borrowed or renewed at `library` in the month starting `month`.

    Active readers are not additive over days: a reader active in two months is one active
    reader of the quarter. Upserted at checkout and renewal (one row per reader, library and
    month), a period's count is COUNT(DISTINCT patron_id) over at most 12 rows per reader.
    `patron_id` is a plain number: statistics outlive an erased reader.
    """

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    patron_id = models.BigIntegerField(_("reader"))
    month = models.DateField(_("month"))

    class Meta:
        verbose_name = _("active reader in a month")
        verbose_name_plural = _("active readers by month")
        constraints = [
            models.UniqueConstraint(
                fields=["library", "month", "patron_id"], name="one_active_patron_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.library_id} {self.month} {self.patron_id}"
