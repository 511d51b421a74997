"""A reader's own account in the public catalogue: sign in, loans, renew, holds, sign out."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from libnet.catalog.models import ItemStatus
from libnet.circulation.models import Hold, HoldStatus
from libnet.opac import readers
from tests.factories import NOW, BibRecordFactory, ItemFactory, LoanFactory, PatronFactory
from tests.opac.account.conftest import PIN

pytestmark = pytest.mark.django_db


def sign_in(client, card_number: str, pin: str = PIN, **extra):
    return client.post(
        reverse("opac:account_login"), {"card_number": card_number, "pin": pin, **extra}
    )


@pytest.fixture
def signed_in(client, binh_with_pin):
    response = sign_in(client, binh_with_pin.card_number)
    assert response.status_code == 302
    return client


def test_the_account_sends_a_visitor_to_the_sign_in_page(client):
    response = client.get(reverse("opac:account"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('opac:account_login')}?next=/account/"


def test_the_header_links_to_the_reader_sign_in(client, province):
    page = client.get(reverse("opac:home")).content.decode()
    assert reverse("opac:account_login") in page


def test_binh_signs_in_with_card_and_pin_and_sees_his_loan(client, binh_loan):
    response = sign_in(client, "hs2026000123 ")  # typed in small letters, a space after
    assert response.status_code == 302
    assert response["Location"] == reverse("opac:account")
    page = client.get(reverse("opac:account")).content.decode()
    assert "Phạm Văn Bình" in page
    assert "Dế Mèn phiêu lưu ký" in page
    assert binh_loan.due_on.strftime("%d/%m/%Y") in page
    assert reverse("opac:account") in client.get(reverse("opac:home")).content.decode()


def test_the_reader_is_kept_apart_from_staff_authentication(signed_in, binh_with_pin):
    assert signed_in.session[readers.READER_SESSION_KEY] == binh_with_pin.pk
    assert "_auth_user_id" not in signed_in.session
    assert signed_in.get(reverse("staff:home")).status_code == 302  # to the staff login


def test_a_wrong_pin_is_refused_without_saying_which_part_was_wrong(client, binh_with_pin):
    response = sign_in(client, binh_with_pin.card_number, pin="0000")
    assert response.status_code == 400
    assert readers.READER_SESSION_KEY not in client.session
    unknown = sign_in(client, "KHONGCO123", pin="0000")
    assert unknown.content.decode().count('class="alert') == 1
    assert response.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_repeated_failures_pause_the_card_even_with_the_right_pin(client, binh_with_pin):
    for _ in range(readers.card_limit().failures):
        sign_in(client, binh_with_pin.card_number, pin="0000")
    response = sign_in(client, binh_with_pin.card_number)
    assert response.status_code == 429
    assert readers.READER_SESSION_KEY not in client.session


def test_sign_in_needs_the_csrf_token(binh_with_pin):
    client = Client(enforce_csrf_checks=True)
    assert sign_in(client, binh_with_pin.card_number).status_code == 403


def test_the_next_address_must_stay_on_the_site(client, binh_with_pin):
    response = sign_in(client, binh_with_pin.card_number, next="https://evil.example/")
    assert response["Location"] == reverse("opac:account")


def test_binh_renews_his_loan(signed_in, binh_loan):
    first_due = binh_loan.due_on
    response = signed_in.post(reverse("opac:account_renew", args=[binh_loan.pk]))
    assert response.status_code == 302
    binh_loan.refresh_from_db()
    assert binh_loan.renewals == 1
    assert binh_loan.due_on > first_due
    page = signed_in.get(reverse("opac:account")).content.decode()
    assert binh_loan.due_on.strftime("%d/%m/%Y") in page
    assert "message-success" in page


def test_a_refused_renewal_shows_its_message(signed_in, binh_loan, binh_with_pin):
    other = PatronFactory(home_library=binh_loan.library)
    Hold.objects.create(
        bib=binh_loan.item.bib, patron=other, pickup_library=binh_loan.library, placed_at=NOW
    )
    signed_in.post(reverse("opac:account_renew", args=[binh_loan.pk]))
    page = signed_in.get(reverse("opac:account")).content.decode()
    assert "message-error" in page
    binh_loan.refresh_from_db()
    assert binh_loan.renewals == 0


def test_a_reader_gets_404_renewing_someone_elses_loan(signed_in, binh_with_pin, province):
    stranger_loan = LoanFactory(item=ItemFactory(home_library=province["commune"]))
    response = signed_in.post(reverse("opac:account_renew", args=[stranger_loan.pk]))
    assert response.status_code == 404
    stranger_loan.refresh_from_db()
    assert stranger_loan.renewals == 0
    page = signed_in.get(reverse("opac:account")).content.decode()
    assert stranger_loan.patron.full_name not in page


def test_renewing_without_signing_in_goes_to_the_sign_in(client, binh_loan):
    response = client.post(reverse("opac:account_renew", args=[binh_loan.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("opac:account_login"))


def test_binh_places_a_hold_from_the_record_page_and_cancels_it(signed_in, province, an, binh_loan):
    """The school's only copy of Đất rừng phương Nam is out with a classmate: Bình asks for it."""
    school = province["school"]
    wanted = ItemFactory(
        home_library=school,
        bib=BibRecordFactory(title="Đất rừng phương Nam"),
        status=ItemStatus.ON_LOAN,
    )
    LoanFactory(item=wanted, library=school)
    page = signed_in.get(reverse("opac:record", args=[wanted.bib_id])).content.decode()
    assert reverse("opac:place_hold", args=[wanted.bib_id]) in page
    response = signed_in.post(
        reverse("opac:place_hold", args=[wanted.bib_id]), {"pickup_library": school.code}
    )
    assert response["Location"] == reverse("opac:account")
    hold = Hold.objects.get(bib=wanted.bib, patron=binh_loan.patron)
    assert hold.status == HoldStatus.WAITING
    page = signed_in.get(reverse("opac:account")).content.decode()
    assert "Đất rừng phương Nam" in page
    signed_in.post(reverse("opac:account_hold_cancel", args=[hold.pk]))
    hold.refresh_from_db()
    assert hold.status == HoldStatus.CANCELLED


def test_a_refused_hold_shows_its_message_on_the_record_page(signed_in, province):
    """A copy is on the shelf at the school: take it, no hold needed."""
    on_shelf = ItemFactory(home_library=province["school"])
    response = signed_in.post(
        reverse("opac:place_hold", args=[on_shelf.bib_id]),
        {"pickup_library": province["school"].code},
    )
    assert response["Location"] == reverse("opac:record", args=[on_shelf.bib_id])
    assert "message-error" in signed_in.get(response["Location"]).content.decode()
    assert not Hold.objects.exists()


def test_a_visitor_sees_no_hold_button(client, province):
    copy = ItemFactory(home_library=province["school"])
    page = client.get(reverse("opac:record", args=[copy.bib_id])).content.decode()
    assert reverse("opac:place_hold", args=[copy.bib_id]) not in page


def test_a_reader_cannot_cancel_someone_elses_hold(signed_in, province):
    hold = Hold.objects.create(
        bib=BibRecordFactory(),
        patron=PatronFactory(home_library=province["commune"]),
        pickup_library=province["commune"],
        placed_at=NOW,
    )
    response = signed_in.post(reverse("opac:account_hold_cancel", args=[hold.pk]))
    assert response.status_code == 404
    hold.refresh_from_db()
    assert hold.closed_at is None


def test_signing_out_forgets_the_reader(signed_in):
    response = signed_in.post(reverse("opac:account_logout"))
    assert response.status_code == 302
    assert readers.READER_SESSION_KEY not in signed_in.session
    assert signed_in.get(reverse("opac:account")).status_code == 302


def test_an_overdue_loan_is_marked(signed_in, binh_loan):
    binh_loan.due_on = dt.date(2026, 2, 20)
    binh_loan.save(update_fields=["due_on"])
    page = signed_in.get(reverse("opac:account")).content.decode()
    assert "is-overdue" in page


def test_the_account_page_is_a_handful_of_queries(signed_in, binh_loan, django_assert_num_queries):
    """Session, reader, the consents a child's card needs (read once), loans, holds."""
    with django_assert_num_queries(5):
        signed_in.get(reverse("opac:account"))


def test_the_account_page_is_not_cached(signed_in):
    response = signed_in.get(reverse("opac:account"))
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
