"""Weeding (thanh lọc, TT 02/2020/TT-BVHTTDL Art. 16–30): the rounds of a library, their
council, the copies proposed with their criterion and disposal, each step of the procedure,
and the content flags cataloguers set on records."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from libnet.catalog.models import BibRecord, Item, WithdrawalDecision
from libnet.network.models import Library


class Criterion(models.TextChoices):
    """Why a copy may be weeded (TT 02/2020 Art. 19–22). The values are catalog's
    WithdrawalReason values: the decision writes them on the copy."""

    LOST = "lost", _("Lost in service, rotation or a trip")
    DAMAGED = "damaged", _("Damaged beyond repair")
    SURPLUS = "surplus", _("Surplus copies")
    SUPERSEDED_TEXTBOOK = "superseded_textbook", _("Superseded textbook")
    OLD_SERIAL = "old_serial", _("Popular serial over 2 years old")
    UNUSED_FOREIGN = "unused_foreign", _("Uncommon foreign language, unused for 5 years")
    MINORITY_LANGUAGE = "minority_language", _("Minority language unsuited to the local population")
    CONTENT = "content", _("Content flagged by a cataloguer")
    OTHER = "other", _("Other")


class Disposal(models.TextChoices):
    """What happens to a weeded copy (TT 02/2020 Art. 29: change of use or liquidation)."""

    DESTROY = "destroy", _("Destroy")
    TRANSFER = "transfer", _("Transfer to another library")
    SCRAP = "scrap", _("Sell as scrap paper")
    OTHER_USE = "other_use", _("Other use")


class RoundState(models.TextChoices):
    """The steps of the procedure (TT 02/2020 Art. 23–30), in order."""

    REQUESTED = "requested", _("Request and plan sent")
    APPROVED = "approved", _("Plan approved")
    LISTED = "listed", _("List proposed")
    COUNCIL = "council", _("Appraisal council set up")
    MINUTES = "minutes", _("Council minutes recorded")
    DECIDED = "decided", _("Weeding decided")
    PUBLISHED = "published", _("List published")
    CLOSED = "closed", _("Closed")


class WeedingRound(models.Model):
    """A round of weeding (đợt thanh lọc) of one library, from its request to its closing.

    `stock_at_opening` is the copies the library held when the round opened: the 10 % cap of
    the round is worked out on it (TT 02/2020: at most 10 % of the holdings in one weeding).
    """

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="weeding_rounds")
    state = models.CharField(
        _("state"), max_length=12, choices=RoundState.choices, default=RoundState.REQUESTED
    )
    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    stock_at_opening = models.PositiveIntegerField(_("copies held at opening"))
    plan = models.TextField(_("plan"), blank=True)
    # Why the round is held before the cycle is due (ordered by the managing body, a disaster…).
    early_reason = models.CharField(_("reason for an early round"), max_length=500, blank=True)
    approval_number = models.CharField(_("approval no."), max_length=100, blank=True)
    # The decision (Mẫu 07a) in the library's register of decisions; its number is on each copy.
    decision = models.ForeignKey(
        WithdrawalDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("weeding decision"),
    )
    decision_number = models.CharField(_("decision no."), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)

    class Meta:
        verbose_name = _("weeding round")
        verbose_name_plural = _("weeding rounds")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["library"],
                condition=~Q(state__in=["decided", "published", "closed"]),
                name="one_undecided_weeding_round_per_library",
            )
        ]

    def __str__(self) -> str:
        return f"{self.library.code} #{self.pk}"


class RoundStep(models.Model):
    """A step of a round done: which, on what day, by whom, with its document number."""

    round = models.ForeignKey(WeedingRound, on_delete=models.PROTECT, related_name="steps")
    state = models.CharField(_("step"), max_length=12, choices=RoundState.choices)
    done_on = models.DateField(_("date"))
    done_at = models.DateTimeField(_("recorded"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reference = models.CharField(_("document no."), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("weeding step")
        verbose_name_plural = _("weeding steps")
        ordering = ["round", "done_at", "pk"]

    def __str__(self) -> str:
        return f"{self.round_id} {self.state} {self.done_on}"


class CouncilMember(models.Model):
    """A member of the appraisal council (TT 02/2020 Art. 26): leaders of the managing body
    and of the library, the asset-management unit, subject experts."""

    round = models.ForeignKey(WeedingRound, on_delete=models.CASCADE, related_name="council")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role in the council"), max_length=200, blank=True)
    organisation = models.CharField(_("position and organisation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["round", "position"]

    def __str__(self) -> str:
        return self.name


class RoundCopy(models.Model):
    """A copy on the round's list, with the criterion it meets and the disposal proposed."""

    round = models.ForeignKey(WeedingRound, on_delete=models.PROTECT, related_name="copies")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+")
    criterion = models.CharField(_("criterion"), max_length=20, choices=Criterion.choices)
    disposal = models.CharField(
        _("proposed disposal"), max_length=12, choices=Disposal.choices, default=Disposal.DESTROY
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_at = models.DateTimeField(_("added"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("copy in a weeding round")
        verbose_name_plural = _("copies in a weeding round")
        ordering = ["round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "item"], name="copy_once_per_weeding_round")
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.item_id}"


class ContentFlag(models.Model):
    """A cataloguer's flag on a record for the content criterion (TT 02/2020 Art. 19.1:
    outdated, repealed legal documents, unsuited to the library), for one library's copies."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    bib = models.ForeignKey(BibRecord, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    flagged_at = models.DateTimeField(_("flagged"))
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    cleared_at = models.DateTimeField(_("cleared"), null=True, blank=True)

    class Meta:
        verbose_name = _("content flag")
        verbose_name_plural = _("content flags")
        ordering = ["library", "-flagged_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["library", "bib"],
                condition=Q(cleared_at__isnull=True),
                name="one_open_content_flag_per_record_and_library",
            )
        ]

    def __str__(self) -> str:
        return f"{self.bib_id} {self.reason}"
