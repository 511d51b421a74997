"""Readers and their cards, consent records, and where each reader has used a library."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from libnet.core.inputs import INT32_MAX, SMALLINT_MAX, between
from libnet.network.models import AdminUnit, Library


class PatronCategory(models.Model):
    """A kind of reader, with its card fee and exemption (Luật Thư viện Art. 43, DOMAIN §2.9).

    Data, not code: a province may add categories or change fees in the admin.
    """

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    card_fee_vnd = models.PositiveIntegerField(
        _("card fee (VND)"), default=0, validators=between(0, INT32_MAX)
    )
    # Luật Thư viện 2019 Art. 43 (DOMAIN §2.9): children, the elderly, war invalids, people
    # with disabilities, poor and near-poor households pay no card fee.
    is_fee_exempt = models.BooleanField(_("exempt from the card fee"), default=False)
    needs_school = models.BooleanField(_("needs a school and class"), default=False)
    card_months = models.PositiveSmallIntegerField(
        _("card valid for (months)"), default=12, validators=between(1, SMALLINT_MAX)
    )
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, validators=between(0, SMALLINT_MAX)
    )

    class Meta:
        verbose_name = _("reader category")
        verbose_name_plural = _("reader categories")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class PatronStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    BLOCKED = "blocked", _("Blocked")
    # Personal data erased on the reader's request; the row stays so loans still count.
    ERASED = "erased", _("Erased")


class Patron(models.Model):
    """A reader with a card. Personal data is seen only by staff of libraries the reader used.

    Expiry is not a status: a card is expired when `card_valid_until` has passed.
    """

    home_library = models.ForeignKey(
        Library, on_delete=models.PROTECT, related_name="patrons", verbose_name=_("home library")
    )
    card_number = models.CharField(_("card number"), max_length=32, unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    name_folded = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    name_sort_key = models.CharField(max_length=600, blank=True, editable=False)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    admin_unit = models.ForeignKey(
        AdminUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune / ward"),
    )
    category = models.ForeignKey(
        PatronCategory, on_delete=models.PROTECT, related_name="patrons", verbose_name=_("category")
    )
    school = models.ForeignKey(
        Library,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pupils",
        verbose_name=_("school"),
    )
    school_class = models.CharField(_("class"), max_length=20, blank=True)
    # Set by the school-year rollover for pupils of the final grade; `school_class` keeps the
    # last class they were in. Class lists leave them out.
    left_school_on = models.DateField(_("left school on"), null=True, blank=True)
    card_issued_on = models.DateField(_("card issued on"))
    card_valid_until = models.DateField(_("card valid until"))
    status = models.CharField(
        _("status"), max_length=10, choices=PatronStatus.choices, default=PatronStatus.ACTIVE
    )
    blocked_reason = models.CharField(_("reason for blocking"), max_length=300, blank=True)
    # Django's password hasher; empty until the reader sets a PIN for the OPAC.
    pin_hash = models.CharField(max_length=200, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    # Not a column: how the staff member who looked the reader up stands to them (issuer,
    # used), set by patrons.access so a page shows the full or the minimal view.
    staff_relation = ""

    class Meta:
        verbose_name = _("reader")
        verbose_name_plural = _("readers")
        ordering = ["name_sort_key", "card_number"]
        indexes = [
            models.Index(fields=["home_library", "name_sort_key"]),
            models.Index(fields=["school", "school_class"]),
            models.Index(fields=["name_folded", "birth_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.card_number})"

    def is_expired_on(self, day: dt.date) -> bool:
        return self.card_valid_until < day


class PatronLibrary(models.Model):
    """`patron` has used `library` (card issued there, or borrowed there under a joint card).

    Staff see a reader's personal data only at these libraries (Luật Thư viện Art. 8).
    """

    patron = models.ForeignKey(Patron, on_delete=models.CASCADE, related_name="library_links")
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="patron_links")
    first_used_at = models.DateTimeField(_("first used"))

    class Meta:
        verbose_name = _("library used by a reader")
        verbose_name_plural = _("libraries used by readers")
        constraints = [
            models.UniqueConstraint(fields=["patron", "library"], name="patron_library_once")
        ]

    def __str__(self) -> str:
        return f"{self.patron_id} @ {self.library_id}"


class ConsentRole(models.TextChoices):
    READER = "reader", _("The reader")
    GUARDIAN = "guardian", _("Parent or legal guardian")


class Consent(models.Model):
    """Consent to process a reader's personal data for `purpose` (Luật BVDLCN 2025).

    Silence is not consent; for a child aged 7 or more both the child and a parent or legal
    guardian must consent (Art. 24, DOMAIN §2.9). Withdrawal closes the record, never deletes it.
    """

    patron = models.ForeignKey(Patron, on_delete=models.CASCADE, related_name="consents")
    given_by = models.CharField(_("given by"), max_length=10, choices=ConsentRole.choices)
    giver_name = models.CharField(_("name of the person consenting"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=40)
    given_at = models.DateTimeField(_("given"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Consents not given at the desk: who collected the signed forms (a school's class list
    # says "forms collected by the form teacher of 6A"). Empty for a consent given in person.
    collected_by = models.CharField(_("collected by"), max_length=200, blank=True)
    withdrawn_at = models.DateTimeField(
        pgettext_lazy("consent", "withdrawn"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["patron", "given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["patron", "given_by", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_open_consent_per_giver_and_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.patron_id} {self.given_by} {self.purpose}"


class JointCardArea(models.Model):
    """The province says cards issued under `library` are honoured everywhere in its subtree.

    Luật Thư viện Art. 29 / NĐ 93 Art. 24–30 (liên thông): a joint card is a decision of the
    province, not a default. The subtree of `library` is one joint-card area.
    """

    library = models.OneToOneField(
        Library, on_delete=models.CASCADE, related_name="joint_card_area"
    )
    since = models.DateField(_("since"))

    class Meta:
        verbose_name = _("joint-card area")
        verbose_name_plural = _("joint-card areas")

    def __str__(self) -> str:
        return str(_("%(library)s and the libraries below, since %(day)s")) % {
            "library": self.library.name,
            "day": f"{self.since:%d/%m/%Y}",
        }


class RetiredCardNumber(models.Model):
    """A card number that was issued once and must never be issued again.

    An erased reader's old card still exists in a drawer: if its number went to the next
    reader, the old card would open a stranger's account. Only a digest is kept
    (policies.card_number_digest), with no date and no link to the erased row, so the table
    says "this number was used" and nothing about whom it belonged to.
    """

    digest = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("retired card number")
        verbose_name_plural = _("retired card numbers")

    def __str__(self) -> str:
        return self.digest[:12]
