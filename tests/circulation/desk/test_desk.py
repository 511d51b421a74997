"""The circulation desk page: scan a card, lend, refuse, return, renew, count visits, print."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.urls import reverse

from libnet.catalog.models import ItemStatus
from libnet.circulation import services
from libnet.circulation.models import (
    Hold,
    HoldStatus,
    InLibraryUse,
    Loan,
    VisitCount,
    VisitSource,
)
from libnet.network.models import Membership, Role
from tests.factories import (
    NOW,
    BibRecordFactory,
    CirculationPolicyFactory,
    ItemFactory,
    LoanFactory,
)
from tests.html import visible_text

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def scan(client, barcode: str, *, htmx: bool = True):
    return client.post(
        reverse("circulation:desk_scan"), {"barcode": barcode}, headers=HTMX if htmx else {}
    )


def status_codes(response) -> list[str]:
    """The codes of the outcomes announced in the live region, in order."""
    region = response.content.decode().split('id="desk-status"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'data-code="([a-z_]+)"', region)


@pytest.fixture
def at_desk(client, minh):
    client.force_login(minh.user)
    return client


def test_anonymous_visitor_is_sent_to_the_staff_login(client, province):
    response = client.get(reverse("circulation:desk"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))


@pytest.mark.parametrize("persona", ["chi", "lan"])
def test_staff_without_the_circulation_role_are_told_the_desk_is_not_their_work(
    client, persona, request
):
    """Chi plans and reports, Lan catalogues: neither works a desk."""
    user = request.getfixturevalue(persona).user
    client.force_login(user)
    response = client.get(reverse("circulation:desk"))
    assert response.status_code == 403
    assert "Trang này dành cho quầy mượn trả" in response.content.decode()
    assert client.post(reverse("circulation:desk_scan"), {"barcode": "x"}).status_code == 403


def test_a_clerk_of_one_library_gets_his_desk_without_choosing(at_desk, commune):
    response = at_desk.get(reverse("circulation:desk"))
    assert response.status_code == 200
    assert "Thư viện xã Tân Lập" in response.content.decode()
    assert at_desk.session["desk_library_id"] == commune.pk
    assert 'id="scan"' in response.content.decode()
    assert "autofocus" in response.content.decode()


def test_a_librarian_of_several_libraries_chooses_the_desk_first(client, minh, province):
    Membership.objects.create(user=minh.user, library=province["school"], role=Role.CIRCULATION)
    client.force_login(minh.user)
    response = client.get(reverse("circulation:desk"))
    assert 'name="library"' in response.content.decode()
    response = client.post(reverse("circulation:desk_library"), {"library": "SL-THCS-TANLAP"})
    assert response.status_code == 302
    assert client.session["desk_library_id"] == province["school"].pk


def test_a_clerk_cannot_choose_another_librarys_desk(at_desk):
    response = at_desk.post(reverse("circulation:desk_library"), {"library": "SL-THCS-TANLAP"})
    assert response.status_code == 400
    assert "desk_library_id" not in at_desk.session


def test_scanning_a_card_shows_the_reader_and_the_loans(at_desk, tu, commune):
    LoanFactory(
        patron=tu,
        item=ItemFactory(home_library=commune, bib=BibRecordFactory(title="Tắt đèn")),
        due_on=dt.date(2026, 2, 20),
    )
    response = scan(at_desk, "TL2026000007")
    page = response.content.decode()
    assert response.status_code == 200
    assert status_codes(response) == ["reader_opened"]
    assert "Hoàng Văn Tú" in page
    assert "31/12/2026" in page  # card valid until
    assert "Tắt đèn" in page
    assert "20/02/2026" in page
    assert "is-overdue" in page
    assert at_desk.session["desk_patron_id"] == tu.pk


def test_scanning_a_copy_lends_it_to_the_reader_and_shows_the_due_date(at_desk, tu, so_do):
    scan(at_desk, tu.card_number)
    response = scan(at_desk, "TL0000001")
    assert status_codes(response) == ["lent"]
    loan = Loan.objects.get(item=so_do, closed_at__isnull=True)
    assert loan.patron == tu
    due = loan.due_on.strftime("%d/%m/%Y")
    assert due in response.content.decode()
    assert 'data-barcode="TL0000001"' in response.content.decode()


def test_a_reference_copy_is_refused_with_its_message(at_desk, tu, dictionary):
    scan(at_desk, tu.card_number)
    response = scan(at_desk, "TL0000099")
    assert status_codes(response) == ["reference_only"]
    assert "TL0000099" in response.content.decode()
    assert not Loan.objects.filter(item=dictionary).exists()


def test_a_copy_on_loan_to_someone_else_is_refused(at_desk, tu, commune, so_do):
    LoanFactory(item=so_do, library=commune)
    scan(at_desk, tu.card_number)
    assert status_codes(scan(at_desk, "TL0000001")) == ["item_on_loan"]


def test_an_expired_card_is_shown_and_lending_is_refused(at_desk, tu, so_do):
    tu.card_valid_until = dt.date(2026, 1, 31)
    tu.save(update_fields=["card_valid_until"])
    response = scan(at_desk, tu.card_number)
    assert "31/01/2026" in response.content.decode()
    assert "status-lost" in response.content.decode()  # the card problem is marked
    assert status_codes(scan(at_desk, "TL0000001")) == ["card_expired"]


def test_the_school_card_of_binh_is_not_valid_at_the_commune(at_desk, binh, so_do):
    """Bình used the commune, so Minh knows him; but no joint card makes his school card
    valid there: the card scan says so, and no reader is opened to lend to."""
    response = scan(at_desk, binh.card_number)
    assert status_codes(response) == ["card_not_valid_here"]
    assert "Trường THCS Tân Lập" in response.content.decode()
    # The school issued the card: no class here.
    assert "7A" not in visible_text(response.content)
    assert "desk_patron_id" not in at_desk.session
    assert status_codes(scan(at_desk, "TL0000001")) == ["no_reader"]
    assert not Loan.objects.filter(item=so_do).exists()


def test_the_loan_limit_is_refused(at_desk, tu, commune, so_do):
    for _ in range(5):
        LoanFactory(patron=tu, item=ItemFactory(home_library=commune))
    scan(at_desk, tu.card_number)
    assert status_codes(scan(at_desk, "TL0000001")) == ["loan_limit_reached"]


def test_a_copy_set_aside_for_another_reader_is_refused(at_desk, tu, commune, so_do):
    other = LoanFactory(item=ItemFactory(home_library=commune)).patron
    Hold.objects.create(
        bib=so_do.bib,
        patron=other,
        pickup_library=commune,
        item=so_do,
        status=HoldStatus.READY,
        placed_at=NOW,
        ready_at=NOW,
        pickup_until=dt.date(2026, 3, 9),
    )
    scan(at_desk, tu.card_number)
    assert status_codes(scan(at_desk, "TL0000001")) == ["item_on_hold_for_other"]


def test_an_unknown_barcode_is_refused(at_desk, tu):
    scan(at_desk, tu.card_number)
    response = scan(at_desk, "NOPE-123")
    assert status_codes(response) == ["unknown_barcode"]
    assert "NOPE-123" in response.content.decode()


def test_a_copy_scanned_before_any_card_asks_for_the_card(at_desk, so_do):
    assert status_codes(scan(at_desk, "TL0000001")) == ["no_reader"]
    assert not Loan.objects.exists()


def test_a_school_copy_cannot_be_lent_at_the_commune(at_desk, tu, school_copy):
    """Refused for what it is (another library's copy), as the API refuses it."""
    scan(at_desk, tu.card_number)
    response = scan(at_desk, "TH0000001")
    assert status_codes(response) == ["copy_not_here"]
    assert "TH0000001" in response.content.decode()
    assert not Loan.objects.filter(item=school_copy).exists()
    school_copy.refresh_from_db()
    assert school_copy.current_library == school_copy.home_library


def test_return_mode_returns_the_copy(at_desk, minh, tu, commune, so_do):
    services.checkout_item(item=so_do, patron=tu, desk=commune, by=minh.user, at=NOW)
    at_desk.post(reverse("circulation:desk_mode"), {"mode": "return"}, headers=HTMX)
    response = scan(at_desk, "TL0000001")
    assert status_codes(response) == ["returned"]
    so_do.refresh_from_db()
    assert so_do.status == ItemStatus.AVAILABLE
    assert not Loan.objects.filter(item=so_do, closed_at__isnull=True).exists()


def test_a_late_return_says_how_late_and_the_fee_to_collect(at_desk, tu, commune, so_do):
    """Số đỏ comes back 4 days late where the commune charges 2.000 đ a day after a day's
    grace: the desk says how late, and asks the clerk to collect 6.000 đồng."""
    CirculationPolicyFactory(library=commune, fine_per_day_vnd=2000, grace_days=1)
    so_do.status = ItemStatus.ON_LOAN
    so_do.save(update_fields=["status"])
    LoanFactory(item=so_do, patron=tu, library=commune, due_on=dt.date(2026, 2, 26))
    at_desk.post(reverse("circulation:desk_mode"), {"mode": "return"}, headers=HTMX)
    response = scan(at_desk, "TL0000001")
    assert status_codes(response) == ["returned", "fine"]
    body = response.content.decode()
    assert "4 ngày" in body
    assert "6.000" in body
    assert Loan.objects.get(item=so_do).fine_vnd == 6000


def test_a_copy_returned_away_from_home_is_sent_home(at_desk, an, binh, province, school_copy):
    services.checkout_item(
        item=school_copy, patron=binh, desk=province["school"], by=an.user, at=NOW
    )
    at_desk.post(reverse("circulation:desk_mode"), {"mode": "return"}, headers=HTMX)
    response = scan(at_desk, "TH0000001")
    assert status_codes(response) == ["returned", "send_home"]
    assert "Thư viện Trường THCS Tân Lập" in response.content.decode()


def test_a_returned_copy_wanted_by_a_reader_goes_to_the_hold_shelf(
    at_desk, minh, tu, commune, so_do
):
    services.checkout_item(item=so_do, patron=tu, desk=commune, by=minh.user, at=NOW)
    waiting = LoanFactory(item=ItemFactory(home_library=commune)).patron
    Hold.objects.create(bib=so_do.bib, patron=waiting, pickup_library=commune, placed_at=NOW)
    at_desk.post(reverse("circulation:desk_mode"), {"mode": "return"}, headers=HTMX)
    response = scan(at_desk, "TL0000001")
    assert status_codes(response) == ["returned", "hold_shelf"]
    assert waiting.full_name in response.content.decode()


def test_a_card_scanned_in_return_mode_opens_the_reader_to_lend(at_desk, tu):
    at_desk.post(reverse("circulation:desk_mode"), {"mode": "return"}, headers=HTMX)
    response = scan(at_desk, tu.card_number)
    assert status_codes(response) == ["reader_opened"]
    assert at_desk.session["desk_mode"] == "lend"


def test_the_renew_button_renews_a_loan_of_this_desk(at_desk, minh, tu, commune, so_do):
    loan = services.checkout_item(item=so_do, patron=tu, desk=commune, by=minh.user, at=NOW)
    scan(at_desk, tu.card_number)
    response = at_desk.post(reverse("circulation:desk_renew", args=[loan.pk]), headers=HTMX)
    assert status_codes(response) == ["renewed"]
    loan.refresh_from_db()
    assert loan.renewals == 1


def test_a_school_loan_cannot_be_renewed_at_the_commune(at_desk, binh, school_copy, province):
    loan = LoanFactory(item=school_copy, patron=binh, library=province["school"])
    response = at_desk.post(reverse("circulation:desk_renew", args=[loan.pk]))
    assert response.status_code == 404
    loan.refresh_from_db()
    assert loan.renewals == 0


def test_the_visit_button_counts_one_visit_for_today(at_desk, commune):
    at_desk.get(reverse("circulation:desk"))
    at_desk.post(reverse("circulation:desk_visit"), headers=HTMX)
    response = at_desk.post(reverse("circulation:desk_visit"), headers=HTMX)
    assert status_codes(response) == ["visit"]
    row = VisitCount.objects.get(library=commune, source=VisitSource.DESK)
    assert (row.day, row.count) == (dt.date(2026, 3, 2), 2)


def test_copies_read_in_place_are_counted_by_number_or_by_scan(at_desk, commune, dictionary):
    at_desk.get(reverse("circulation:desk"))
    at_desk.post(reverse("circulation:desk_use"), {"count": "4"}, headers=HTMX)
    at_desk.post(reverse("circulation:desk_mode"), {"mode": "use"}, headers=HTMX)
    response = scan(at_desk, "TL0000099")
    assert status_codes(response) == ["used_in_library"]
    assert sorted(InLibraryUse.objects.values_list("count", "item_id")) == [
        (1, dictionary.pk),
        (4, None),
    ]


def test_ending_the_reader_clears_the_panel(at_desk, tu):
    scan(at_desk, tu.card_number)
    response = at_desk.post(reverse("circulation:desk_end"), headers=HTMX)
    reader_panel = response.content.decode().split('class="desk-reader"', 1)[1].split("<aside")[0]
    assert "Hoàng Văn Tú" not in reader_panel
    assert "desk_patron_id" not in at_desk.session


def test_without_javascript_a_scan_redirects_to_the_desk_which_shows_the_outcome(
    at_desk, tu, so_do
):
    response = scan(at_desk, tu.card_number, htmx=False)
    assert response.status_code == 302
    assert response["Location"] == reverse("circulation:desk")
    response = scan(at_desk, "TL0000001", htmx=False)
    page = at_desk.get(response["Location"])
    assert status_codes(page) == ["lent"]
    assert Loan.objects.filter(item=so_do, patron=tu).exists()


def test_the_slip_lists_todays_loans_of_the_reader(at_desk, minh, tu, commune, so_do):
    services.checkout_item(item=so_do, patron=tu, desk=commune, by=minh.user, at=NOW)
    LoanFactory(
        patron=tu,
        item=ItemFactory(home_library=commune, bib=BibRecordFactory(title="Tắt đèn")),
        loaned_at=NOW - dt.timedelta(days=3),
    )
    scan(at_desk, tu.card_number)
    page = at_desk.get(reverse("circulation:desk_slip")).content.decode()
    assert "Số đỏ" in page
    assert "Tắt đèn" not in page  # lent three days ago
    assert "Hoàng Văn Tú" in page
    assert "@media print" not in page  # the print rules live in desk.css
    assert "desk.css" in page


def test_the_slip_needs_a_reader(at_desk):
    at_desk.get(reverse("circulation:desk"))
    assert at_desk.get(reverse("circulation:desk_slip")).status_code == 404


def test_a_loan_scan_is_a_fixed_number_of_queries(at_desk, tu, so_do, django_assert_num_queries):
    """Session, user, roles, desk, copy, reader; the checkout service (copy locked with the
    reader's loan count and whether any hold concerns it, loan, copy status, the title's copies with their search
    document's tags, daily figure, the reader's active month, audit entries in one statement; here also the rules and
    the library tree, read once per process, and the record's search document, which this
    test's catalogue never built, with whether the network has authorities, read once per
    process too: SQLite fills its FTS5 table in one more statement); then the panel: visits,
    loans, holds; and the session saved. No query per loan or per hold."""
    scan(at_desk, tu.card_number)
    with django_assert_num_queries(33 if connection.vendor == "sqlite" else 32):
        response = scan(at_desk, "TL0000001")
    assert status_codes(response) == ["lent"]
