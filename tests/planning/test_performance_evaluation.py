"""TT 05/2020 performance evaluation: a library's self-assessment (Mẫu 01) of the evaluation
year, sent to the library or body above it by 30/12 (a school's school year within 60 days),
and that body's result (Mẫu 02); refusals in Vietnamese with nothing written; other
libraries and bodies get a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from libnet.core import clock
from libnet.planning.models import EvaluationState, PerformanceEvaluation
from libnet.planning.official import evaluation
from libnet.planning.periods import parse
from libnet.stats import services as stats

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_december(monkeypatch):
    """5 December 2026 in Vietnam: the evaluation year 2026-EY (to 30/11) is over."""
    moment = dt.datetime(2026, 12, 5, 3, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(clock, "now", lambda: moment)
    return moment


@pytest.fixture
def year_figures(province):
    """The commune's evaluation year: 120 loans, 30 uses in place, 400 visits."""
    commune = province["commune"]
    stats.bump(library_id=commune.pk, indicator="loans", day=dt.date(2026, 3, 9), by=120)
    stats.bump(library_id=commune.pk, indicator="in_library_uses", day=dt.date(2025, 12, 9), by=30)
    stats.bump(library_id=commune.pk, indicator="visits", day=dt.date(2026, 11, 30), by=400)
    # After the evaluation year: not counted.
    stats.bump(library_id=commune.pk, indicator="visits", day=dt.date(2026, 12, 1), by=99)


def page(code: str, period: str = "2026-EY") -> str:
    return reverse("planning:evaluation", args=[code, period])


def test_a_commune_library_sends_its_self_assessment_and_the_province_evaluates_it(
    province, year_figures, minh, chi, client, in_december
):
    client.force_login(minh.user)
    response = client.post(
        page("SL-TANLAP"),
        {
            "action": "submit",
            "self_visits": "met",
            "self_uses": "not_met",
            "strengths": "Phục vụ tốt thiếu nhi trong hè.",
            "weaknesses": "Ít tài liệu mới.",
            "proposals": "Bổ sung sách thiếu nhi.",
        },
    )
    assert response.status_code == 302
    found = PerformanceEvaluation.objects.get(library=province["commune"], period="2026-EY")
    assert found.state == EvaluationState.SUBMITTED
    assert found.parent == province["provincial"]
    assert found.due_on == dt.date(2026, 12, 30)
    assert found.criteria["visits"] == 400
    assert found.criteria["uses"] == 150
    assert found.self_ratings == {"visits": "met", "uses": "not_met"}
    # Mẫu 01 as PDF.
    pdf = client.get(page("SL-TANLAP"), {"format": "pdf", "form": "01"})
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    # The clerk does not evaluate her own library.
    refused = client.post(page("SL-TANLAP"), {"action": "evaluate", "rating": "good"})
    assert refused.status_code == 403

    client.force_login(chi.user)
    assert "Ít tài liệu mới." in client.get(page("SL-TANLAP")).content.decode()
    response = client.post(
        page("SL-TANLAP"),
        {"action": "evaluate", "rating": "good", "method": "report", "conclusion": "Đạt yêu cầu."},
    )
    assert response.status_code == 302
    found.refresh_from_db()
    assert (found.state, found.rating, found.evaluated_by) == (
        EvaluationState.EVALUATED,
        "good",
        chi.user,
    )
    result = client.get(page("SL-TANLAP"), {"format": "pdf", "form": "02"})
    assert result.status_code == 200
    assert result.content.startswith(b"%PDF")


def test_a_school_library_is_due_60_days_after_the_school_year_and_goes_to_its_body(
    province, bodies, an, nga, client, monkeypatch
):
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 9, 10, 3, 0, tzinfo=dt.UTC))
    client.force_login(an.user)
    assert client.post(page("SL-THCS-TANLAP", "2026-SY"), {"action": "submit"}).status_code == 302
    found = PerformanceEvaluation.objects.get(library=province["school"])
    assert found.due_on == dt.date(2026, 10, 30)
    assert found.body == bodies["office"]
    client.force_login(nga.user)
    response = client.post(
        page("SL-THCS-TANLAP", "2026-SY"), {"action": "return", "reason": "Thiếu phần hạn chế."}
    )
    assert response.status_code == 302
    found.refresh_from_db()
    assert found.state == EvaluationState.RETURNED


def test_the_deadline_follows_tt_05_2020():
    assert evaluation.due_on(parse("2026-EY")) == dt.date(2026, 12, 30)
    assert evaluation.due_on(parse("2026-SY")) == dt.date(2026, 10, 30)


@pytest.mark.parametrize(
    ("period", "data", "code_text"),
    [
        ("2026-Q3", {"action": "save"}, "năm đánh giá"),  # not an evaluation period
        ("2026-EY", {"action": "save", "self_visits": "maybe"}, "Chưa đạt"),
        ("2026-EY", {"action": "save", "strengths": "x" * 4001}, "tối đa 4000"),
    ],
)
def test_mistakes_are_refused_in_vietnamese_and_nothing_is_written(
    province, minh, client, in_december, period, data, code_text
):
    client.force_login(minh.user)
    response = client.post(page("SL-TANLAP", period), data)
    assert response.status_code in (400, 409)
    assert code_text in response.content.decode()
    assert PerformanceEvaluation.objects.count() == 0


def test_a_self_assessment_is_not_sent_before_the_year_is_over(province, minh, client, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC))
    client.force_login(minh.user)
    response = client.post(page("SL-TANLAP"), {"action": "submit"})
    assert response.status_code == 409
    assert "30/11/2026" in response.content.decode()
    assert not PerformanceEvaluation.objects.filter(state=EvaluationState.SUBMITTED).exists()


def test_a_result_needs_a_conclusion(province, year_figures, minh, chi, client, in_december):
    client.force_login(minh.user)
    client.post(page("SL-TANLAP"), {"action": "submit"})
    client.force_login(chi.user)
    response = client.post(
        page("SL-TANLAP"), {"action": "evaluate", "rating": "good", "method": "report"}
    )
    assert response.status_code == 409
    assert PerformanceEvaluation.objects.get().state == EvaluationState.SUBMITTED


@pytest.mark.parametrize(
    ("persona", "library", "period"),
    [
        ("minh", "SL-TVT", "2026-EY"),
        ("an", "SL-TANLAP", "2026-EY"),
        ("thu", "SL-THCS-TANLAP", "2026-SY"),
        ("nga", "SL-TANLAP", "2026-EY"),
    ],
)
def test_other_libraries_and_bodies_get_404(
    province, request, client, in_december, persona, library, period
):
    officer = request.getfixturevalue(persona)
    client.force_login(officer.user)
    assert client.get(page(library, period)).status_code == 404
    assert client.get(page(library, period), {"format": "pdf"}).status_code == 404
    assert client.post(page(library, period), {"action": "submit"}).status_code == 404
    assert PerformanceEvaluation.objects.count() == 0


def test_a_reason_for_return_longer_than_its_field_is_refused_not_cut(
    province, year_figures, minh, chi, client, in_december
):
    """Text longer than its field is refused, never cut: the library would read half a
    sentence as the department's reason."""
    client.force_login(minh.user)
    client.post(page("SL-TANLAP"), {"action": "submit"})
    client.force_login(chi.user)
    response = client.post(
        page("SL-TANLAP"), {"action": "return", "reason": "Thiếu số liệu. " * 40}
    )
    assert response.status_code == 409
    assert "tối đa 500" in response.content.decode()
    found = PerformanceEvaluation.objects.get()
    assert (found.state, found.return_reason) == (EvaluationState.SUBMITTED, "")


def test_a_librarian_reading_english_is_told_which_field_is_too_long_in_english(
    province, minh, client, in_december
):
    """The field's name is translated like the sentence around it."""
    client.force_login(minh.user)
    client.cookies["django_language"] = "en"
    response = client.post(page("SL-TANLAP"), {"action": "save", "weaknesses": "x" * 4001})
    assert response.status_code == 409
    assert "Shortcomings is too long" in response.content.decode()
    assert PerformanceEvaluation.objects.count() == 0
