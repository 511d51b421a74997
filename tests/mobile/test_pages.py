"""The staff pages of the mobile library: each one works, and denies other libraries."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from libnet.core import clock
from libnet.mobile import services
from libnet.mobile.models import MobileTrip, Route, TripState, Vehicle
from tests.browser import SCREENSHOTS


@pytest.fixture
def reported(on_road, at):
    """A trip come back with figures at two stops."""
    stops = list(on_road.stops.all())
    figures = {"new_cards": 0, "loans_on_paper": 0, "activities": ""}
    services.record_stop_figures(
        stop=stops[0],
        by=None,
        **{
            **figures,
            "readers_served": 30,
            "in_place_uses": 45,
            "new_cards": 3,
            "activities": "Kể chuyện “Dế Mèn phiêu lưu ký”; đố vui",
        },
    )
    services.record_stop_figures(
        stop=stops[2],
        by=None,
        **{**figures, "readers_served": 120, "in_place_uses": 200, "loans_on_paper": 5},
    )
    return services.change_trip_state(trip=on_road, action="return", by=None, at=at)


REPORT_QUERY = {"library": "SL-TVT-LD", "period": "month", "year": 2026, "number": 3}


def _page_urls(trip):
    stop = trip.stops.first()
    route = trip.route
    return [
        reverse("mobile:trip_list"),
        reverse("mobile:trip", args=[trip.pk]),
        reverse("mobile:stop", args=[trip.pk, stop.pk]),
        reverse("mobile:routes"),
        reverse("mobile:route", args=[route.pk]),
    ]


def test_every_page_opens_for_the_crew(client, hung, reported):
    client.force_login(hung.user)
    for url in _page_urls(reported):
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("who", ["other_mobile_clerk", "minh"])
def test_staff_of_another_library_get_404_on_every_page(client, request, reported, who):
    """Another library's trip, stop or route does not exist (404). The other mobile library's
    crew have lists of their own (tested below); Minh, who crews no mobile library, is told
    the lists are the crew's (403)."""
    persona = request.getfixturevalue(who)
    client.force_login(persona.user)
    own_lists = {reverse("mobile:trip_list"), reverse("mobile:routes")}
    lists_answer = 200 if who == "other_mobile_clerk" else 403
    for url in _page_urls(reported):
        expected = lists_answer if url in own_lists else 404
        assert client.get(url).status_code == expected, url
    trip, stop = reported, reported.stops.first()
    posts = [
        (reverse("mobile:trip_crew", args=[trip.pk]), {"person_name": "X", "role": "driver"}),
        (reverse("mobile:trip_stock", args=[trip.pk]), {"barcodes": "TVT0001"}),
        (reverse("mobile:trip_action", args=[trip.pk, "close"]), {}),
        (reverse("mobile:trip_check_back", args=[trip.pk]), {"barcode": "TVT0001"}),
        (reverse("mobile:trip_stop_figures", args=[trip.pk, stop.pk]), {}),
        (reverse("mobile:route", args=[trip.route.pk]), {"name": "X", "kind": "village"}),
        (
            reverse("mobile:route_stop_remove", args=[trip.route.pk, trip.route.stops.first().pk]),
            {},
        ),
    ]
    for url, body in posts:
        assert client.post(url, body).status_code == 404, url
    assert MobileTrip.objects.get().state == TripState.BACK
    assert trip.route.stops.count() == 3


def test_the_other_mobile_clerk_sees_only_their_own_routes_and_trips(
    client, other_mobile_clerk, reported
):
    client.force_login(other_mobile_clerk.user)
    assert "Tân Lập" not in client.get(reverse("mobile:trip_list")).content.decode()
    assert "Tân Lập" not in client.get(reverse("mobile:routes")).content.decode()


def test_report_pages_deny_other_libraries(client, other_mobile_clerk, minh, reported):
    for persona in (other_mobile_clerk, minh):
        client.force_login(persona.user)
        for name in ("mobile:report", "mobile:report_pdf", "mobile:report_xlsx"):
            response = client.get(reverse(name), REPORT_QUERY)
            assert response.status_code in (400, 403, 404), (persona, name)
            assert b"%PDF" not in response.content[:10]


def test_a_commune_clerk_is_told_the_trip_list_is_the_crews(client, minh):
    client.force_login(minh.user)
    response = client.get(reverse("mobile:trip_list"))
    assert response.status_code == 403
    assert "tổ công tác thư viện lưu động" in response.content.decode()


def test_the_crew_plans_loads_and_runs_a_trip_through_the_pages(
    client, hung, route, vehicle, stock
):
    client.force_login(hung.user)
    response = client.post(
        reverse("mobile:trip_list"),
        {"route": route.pk, "vehicle": vehicle.pk, "date": clock.today().isoformat()},
    )
    trip = MobileTrip.objects.get()
    assert response.status_code == 302
    for name, role in [("Nguyễn Văn Tài", "driver"), ("Hùng", "librarian"), ("Hoa", "librarian")]:
        client.post(
            reverse("mobile:trip_crew", args=[trip.pk]), {"person_name": name, "role": role}
        )
    client.post(
        reverse("mobile:trip_stock", args=[trip.pk]), {"barcodes": "TVT0001\nTVT0002\nNOPE"}
    )
    page = client.get(reverse("mobile:trip", args=[trip.pk]), follow=True).content.decode()
    assert "TVT0001" in page
    assert "TVT0002" in page
    client.post(reverse("mobile:trip_action", args=[trip.pk, "depart"]))
    stop = trip.stops.first()
    response = client.post(
        reverse("mobile:trip_stop_figures", args=[trip.pk, stop.pk]),
        {
            f"stop{stop.pk}-{key}": value
            for key, value in {
                "readers_served": 18,
                "in_place_uses": 22,
                "loans_on_paper": 0,
                "new_cards": 2,
                "activities": "Đọc sách cùng em",
            }.items()
        },
    )
    assert response.status_code == 302
    stop.refresh_from_db()
    assert (stop.readers_served, stop.new_cards) == (18, 2)
    client.post(reverse("mobile:trip_action", args=[trip.pk, "return"]))
    client.post(reverse("mobile:trip_check_back", args=[trip.pk]), {"barcode": "TVT0001"})
    # TVT0002 is neither back nor lent: the page asks first, then records it lost.
    confirm = client.post(reverse("mobile:trip_action", args=[trip.pk, "close"]))
    assert confirm.status_code == 200
    assert 'data-barcode="TVT0002"' in confirm.content.decode()
    trip.refresh_from_db()
    assert trip.state == TripState.BACK
    response = client.post(
        reverse("mobile:trip_action", args=[trip.pk, "close"]), {"confirm": "yes"}, follow=True
    )
    page = response.content.decode()
    assert "TVT0002" in page  # listed as lost on this trip
    trip.refresh_from_db()
    assert trip.state == TripState.CLOSED


def test_a_refusal_is_shown_as_a_message_not_a_traceback(client, hung, trip):
    client.force_login(hung.user)
    response = client.post(reverse("mobile:trip_action", args=[trip.pk, "depart"]), follow=True)
    assert response.status_code == 200
    assert "alert" in response.content.decode() or "message-error" in response.content.decode()


def test_routes_and_vehicles_are_added_on_the_routes_page(client, hung, mobile):
    client.force_login(hung.user)
    client.post(
        reverse("mobile:routes"), {"form": "vehicle", "library": mobile.code, "plate": "37b-999.99"}
    )
    response = client.post(
        reverse("mobile:routes"), {"form": "route", "library": mobile.code, "name": "Tuyến Bản Khe"}
    )
    route = Route.objects.get()
    assert response.status_code == 302
    assert Vehicle.objects.get().plate == "37B-999.99"
    client.post(
        reverse("mobile:route", args=[route.pk]),
        {"name": "Bản Khe", "kind": "village", "planned_time": "08:30"},
    )
    assert route.stops.get().name == "Bản Khe"


def test_report_page_shows_the_figures(client, hung, reported):
    client.force_login(hung.user)
    response = client.get(reverse("mobile:report"), REPORT_QUERY)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Trường THCS Tân Lập" in page
    assert re.search(r"<td>150</td>", page)  # readers served: 30 + 120


def test_a_reporting_officer_above_the_mobile_library_reads_the_report(
    client, chi, mobile, reported
):
    client.force_login(chi.user)
    assert client.get(reverse("mobile:report"), REPORT_QUERY).status_code == 200
    assert client.get(reverse("mobile:trip", args=[reported.pk])).status_code == 404


def test_report_xlsx_opens_with_openpyxl(client, hung, reported):
    client.force_login(hung.user)
    response = client.get(reverse("mobile:report_xlsx"), REPORT_QUERY)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    # The letterhead: the mobile library under the provincial library it belongs to.
    assert "THƯ VIỆN LƯU ĐỘNG TỈNH SÔNG LAM" in [value for row in rows for value in row]
    lines = [row for row in rows if isinstance(row[0], int)]
    assert [(row[3], row[4], row[5], row[6], row[7]) for row in lines] == [
        (30, 0, 45, 45, 3),
        (0, 0, 0, 0, 0),
        (120, 5, 200, 205, 0),
    ]
    total = next(row for row in rows if row[3] == 150)
    assert total[6] == 250
    assert "Kể chuyện “Dế Mèn phiêu lưu ký”; đố vui" in lines[0][8]


def test_report_pdf_embeds_a_vietnamese_font(client, hung, reported):
    client.force_login(hung.user)
    response = client.get(reverse("mobile:report_pdf"), REPORT_QUERY)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"DejaVu" in response.content
    # Kept for a person to look at (rendered with pdftoppm): screenshots/ is not committed.
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "mobile-mau01.pdf").write_bytes(response.content)


@pytest.mark.parametrize("value", [10**19, 5_001, -3])
def test_the_figures_form_refuses_out_of_range_values_in_vietnamese(client, hung, on_road, value):
    client.force_login(hung.user)
    stop = on_road.stops.first()
    response = client.post(
        reverse("mobile:trip_stop_figures", args=[on_road.pk, stop.pk]),
        {
            f"stop{stop.pk}-readers_served": value,
            f"stop{stop.pk}-in_place_uses": 0,
            f"stop{stop.pk}-loans_on_paper": 0,
            f"stop{stop.pk}-new_cards": 0,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "từ 0 đến 5000" in response.content.decode()
    stop.refresh_from_db()
    assert stop.readers_served == 0
