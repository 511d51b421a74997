"""One factory per model. Defaults are valid and dull; a test sets only what matters to it."""

from __future__ import annotations

import datetime as dt

import factory
import pymarc
from django.contrib.auth import get_user_model

from libnet.catalog import marc
from libnet.catalog.models import AccessionRegister, BibRecord, Item, ItemStatus
from libnet.core import text
from libnet.network.models import KIND_LEVELS, Library, LibraryKind, Membership, Sector
from libnet.patrons import policies as patron_policies
from libnet.patrons.models import Consent, Patron, PatronCategory, PatronLibrary, PatronStatus

NOW = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = False  # as add_staff makes them: only superusers open Django admin
    password = factory.django.Password("demo-password")


class LibraryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Library
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"LIB-{n:03d}")
    name = factory.Sequence(lambda n: f"Thư viện xã số {n}")
    kind = LibraryKind.COMMUNE
    sector = Sector.CULTURE
    sort_key = factory.LazyAttribute(lambda o: text.sort_key_hex(o.name))
    school_levels = factory.LazyAttribute(lambda o: list(KIND_LEVELS.get(o.kind, ())))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    library = factory.SubFactory(LibraryFactory)
    role = "admin"
    covers_subtree = False


def make_marc(
    title: str = "Số đỏ",
    author: str = "Vũ Trọng Phụng",
    year: int = 2020,
    isbn: str | None = None,
    control_number: str | None = None,
    publisher: str = "Nxb. Văn học",
    ddc: str = "895.9223",
    subjects: tuple[str, ...] = ("Văn học Việt Nam", "Tiểu thuyết"),
) -> pymarc.Record:
    """Return a small, valid MARC 21 book record in UTF-8."""
    record = pymarc.Record(force_utf8=True)
    record.leader = pymarc.Leader("00000nam a2200000 a 4500")
    if control_number:
        record.add_field(pymarc.Field(tag="001", data=control_number))
        record.add_field(pymarc.Field(tag="003", data="VN-SLTVT"))
    record.add_field(pymarc.Field(tag="008", data=f"260101s{year}    vm " + " " * 17 + "vie d"))
    if isbn:
        record.add_field(
            pymarc.Field(tag="020", indicators=[" ", " "], subfields=[pymarc.Subfield("a", isbn)])
        )
    record.add_field(
        pymarc.Field(
            tag="082",
            indicators=["0", "4"],
            subfields=[pymarc.Subfield("a", ddc), pymarc.Subfield("2", "23")],
        )
    )
    record.add_field(
        pymarc.Field(tag="100", indicators=["0", " "], subfields=[pymarc.Subfield("a", author)])
    )
    record.add_field(
        pymarc.Field(
            tag="245",
            indicators=["1", "0"],
            subfields=[pymarc.Subfield("a", f"{title} /"), pymarc.Subfield("c", author)],
        )
    )
    record.add_field(
        pymarc.Field(
            tag="264",
            indicators=[" ", "1"],
            subfields=[
                pymarc.Subfield("a", "Hà Nội :"),
                pymarc.Subfield("b", f"{publisher},"),
                pymarc.Subfield("c", str(year)),
            ],
        )
    )
    for subject in subjects:
        record.add_field(
            pymarc.Field(
                tag="650", indicators=[" ", "7"], subfields=[pymarc.Subfield("a", subject)]
            )
        )
    return record


class BibRecordFactory(factory.django.DjangoModelFactory):
    """A record built from make_marc(), so its columns agree with its MARC."""

    class Meta:
        model = BibRecord

    class Params:
        marc_title = factory.Sequence(lambda n: f"Truyện Kiều tập {n}")

    created_at = NOW
    updated_at = NOW

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        title = kwargs.pop("marc_title", None) or kwargs.pop("title", "Số đỏ")
        record = make_marc(title=title)
        columns = marc.extract(record).as_columns()
        columns.update({k: v for k, v in kwargs.items() if k in columns})
        bib = model_class(
            marc_json=marc.record_to_json(record),
            created_at=kwargs.get("created_at", NOW),
            updated_at=kwargs.get("updated_at", NOW),
            **columns,
        )
        bib.save()
        return bib


class RegisterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessionRegister
        django_get_or_create = ("library", "prefix")

    library = factory.SubFactory(LibraryFactory)
    prefix = "VV"
    name = "Sách tiếng Việt"
    is_default = True


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    bib = factory.SubFactory(BibRecordFactory)
    barcode = factory.Sequence(lambda n: f"BC{n:08d}")
    accession_number = factory.Sequence(lambda n: f"VV.{n:06d}")
    home_library = factory.SubFactory(LibraryFactory)
    current_library = factory.SelfAttribute("home_library")
    call_number = "895.9223 V500T"
    status = ItemStatus.AVAILABLE
    created_at = NOW
    updated_at = NOW


def make_province() -> dict[str, Library]:
    """Sông Lam's provincial library with a commune library and its community bookcase, and a
    lower-secondary school library, a separate root: schools answer to the Department of
    Education."""
    provincial = LibraryFactory(
        code="SL-TVT", name="Thư viện tỉnh Sông Lam", kind=LibraryKind.PROVINCIAL
    )
    commune = LibraryFactory(
        code="SL-TANLAP", name="Thư viện xã Tân Lập", kind=LibraryKind.COMMUNE, parent=provincial
    )
    bookcase = LibraryFactory(
        code="SL-TANLAP-TS1",
        name="Tủ sách cộng đồng thôn Đồng Xuân",
        kind=LibraryKind.COMMUNITY_BOOKCASE,
        parent=commune,
        runs_libnet=False,
    )
    # School libraries answer to the Department of Education: a separate root of the tree.
    school = LibraryFactory(
        code="SL-THCS-TANLAP",
        name="Thư viện Trường THCS Tân Lập",
        kind=LibraryKind.SCHOOL_LOWER_SECONDARY,
        sector=Sector.EDUCATION,
    )
    return {"provincial": provincial, "commune": commune, "bookcase": bookcase, "school": school}


def category(code: str = "adult") -> PatronCategory:
    """Return a reader category seeded by the patrons migration."""
    return PatronCategory.objects.get(code=code)


class PatronFactory(factory.django.DjangoModelFactory):
    """An adult reader of a commune library with a card valid for the year of NOW."""

    class Meta:
        model = Patron
        skip_postgeneration_save = True  # the hook writes another table, not the reader

    home_library = factory.SubFactory(LibraryFactory)
    card_number = factory.Sequence(lambda n: f"TV2026{n:06d}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Thị Hoa {n}")
    name_folded = factory.LazyAttribute(lambda o: text.fold(o.full_name))
    name_sort_key = factory.LazyAttribute(lambda o: text.sort_key_hex(o.full_name))
    birth_date = dt.date(1990, 5, 1)
    category = factory.LazyFunction(lambda: category("adult"))
    card_issued_on = dt.date(2026, 1, 5)
    card_valid_until = dt.date(2026, 12, 31)
    status = PatronStatus.ACTIVE
    created_at = NOW
    updated_at = NOW

    @factory.post_generation
    def used_home_library(obj, create, extracted, **kwargs):
        if create:
            PatronLibrary.objects.get_or_create(
                patron=obj, library=obj.home_library, defaults={"first_used_at": NOW}
            )

    @factory.post_generation
    def consented(obj, create, extracted, **kwargs):
        """The consents the reader's age needs, given when the card was issued; a child's card
        waits without them. `PatronFactory(consented=False)` for a reader who gave none."""
        if not create or extracted is False:
            return
        age = patron_policies.age_on(obj.birth_date, NOW.date()) if obj.birth_date else None
        for role in sorted(patron_policies.consents_needed(age)):
            Consent.objects.get_or_create(
                patron=obj,
                given_by=role,
                purpose=patron_policies.LIBRARY_SERVICE,
                withdrawn_at=None,
                defaults={
                    "giver_name": obj.full_name if role == "reader" else "Phụ huynh của bạn đọc",
                    "given_at": NOW,
                },
            )


# --- circulation (issue 5) ---------------------------------------------------------------------


class ShelfLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "catalog.ShelfLocation"
        django_get_or_create = ("library", "code")

    library = factory.SubFactory(LibraryFactory)
    code = "MO"
    name = "Kho mở"


class CirculationPolicyFactory(factory.django.DjangoModelFactory):
    """A loan rule; library, category and item type blank (= any) unless a test sets them."""

    class Meta:
        model = "circulation.CirculationPolicy"

    library = None
    patron_category = None
    item_type = ""


class LoanFactory(factory.django.DjangoModelFactory):
    """An open loan made at the copy's library on NOW, due two weeks later.

    Written directly, for tests that need a loan to exist; tests of lending use the service.
    """

    class Meta:
        model = "circulation.Loan"

    item = factory.SubFactory(ItemFactory, status=ItemStatus.ON_LOAN)
    patron = factory.SubFactory(
        PatronFactory, home_library=factory.SelfAttribute("..item.home_library")
    )
    library = factory.SelfAttribute("item.current_library")
    loaned_at = NOW
    due_on = dt.date(2026, 3, 16)


class HoldFactory(factory.django.DjangoModelFactory):
    """A hold waiting for a copy, placed on NOW."""

    class Meta:
        model = "circulation.Hold"

    bib = factory.SubFactory(BibRecordFactory)
    patron = factory.SubFactory(PatronFactory)
    pickup_library = factory.SelfAttribute("patron.home_library")
    placed_at = NOW
