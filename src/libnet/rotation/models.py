"""Movement of copies between libraries: rotation batches, transfers, and the claim that
keeps one copy in one movement at a time.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from libnet.catalog.models import Item


class ClaimKind(models.TextChoices):
    BATCH = "batch", _("Rotation batch")
    TRANSFER = "transfer", _("Transfer")
    MOBILE = "mobile", _("Mobile-library stock")


class ItemClaim(models.Model):
    """A copy taken by one open movement: a rotation batch, a transfer or a mobile trip.

    The primary key is the copy, so the database itself refuses a second open batch,
    transfer or trip for the same copy (TT 05/2022: a copy chosen for rotation is not in the
    mobile-library stock at the same time). The movement deletes its claim when it closes.
    `holder_id` is the batch's, transfer's or trip's id, read with `kind`.
    """

    item = models.OneToOneField(
        Item, on_delete=models.CASCADE, primary_key=True, related_name="claim"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ClaimKind.choices)
    holder_id = models.PositiveBigIntegerField(_("held by"))
    claimed_at = models.DateTimeField(_("claimed"))

    class Meta:
        verbose_name = _("claim on a copy")
        verbose_name_plural = _("claims on copies")
        indexes = [models.Index(fields=["kind", "holder_id"])]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} {self.holder_id}"
