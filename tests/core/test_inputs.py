"""The rules every door applies to typed text and numbers (core/inputs.py)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from libnet.circulation.models import VisitCount
from libnet.core.inputs import InputRefused, between, check_column, check_int, check_text
from libnet.patrons.models import Patron
from libnet.rotation import services as rotation_services
from libnet.rotation.models import RotationBatch


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.mark.parametrize(
    ("value", "multiline", "code"),
    [
        ("a\x00b", False, "control_character"),
        ("a\x00b", True, "control_character"),
        ("a\x7fb", True, "control_character"),
        ("a\x85b", True, "control_character"),
        ("a\ufffeb", True, "control_character"),
        ("a\ud800b", True, "lone_surrogate"),
        ("H\ufffd Th\ufffd", True, "replacement_character"),
        ("one\ntwo", False, "not_one_line"),
        ("one\rtwo", False, "not_one_line"),
        ("one\u2028two", False, "not_one_line"),
        ("x" * 201, False, "too_long"),
    ],
)
def test_text_no_one_types_is_refused_with_a_code(value, multiline, code):
    with pytest.raises(InputRefused) as refused:
        check_text(value, field="Ghi chú", max_length=200, multiline=multiline)
    assert refused.value.code == code
    assert refused.value.message.startswith("Ghi chú ")


@pytest.mark.parametrize(
    ("value", "multiline", "stored"),
    [
        ("tab\tinside", False, "tab\tinside"),
        ("lines\nand\r\nmore", True, "lines\nand\r\nmore"),
        ("Nguye\u0302\u0303n", False, "Nguyễn"),  # NFC
        ("x" * 200, False, "x" * 200),
        ("", False, ""),
    ],
)
def test_text_anyone_types_is_kept_in_nfc(value, multiline, stored):
    assert check_text(value, field="Ghi chú", max_length=200, multiline=multiline) == stored


def test_length_is_counted_after_composing():
    decomposed = "e\u0302\u0303" * 100  # 300 code points, 100 letters
    assert check_text(decomposed, field="Tên", max_length=100) == "ễ" * 100


def test_a_refusal_says_the_field_and_the_limit_in_vietnamese():
    with pytest.raises(InputRefused) as refused:
        check_text("x" * 1_000_000, field="Họ và tên", max_length=200)
    assert refused.value.message == "Họ và tên quá dài: tối đa 200 ký tự (hiện có 1.000.000)."


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (True, "not_an_integer"),
        (1.5, "not_an_integer"),
        (2.0, "not_an_integer"),
        (float("nan"), "not_finite"),
        (float("inf"), "not_finite"),
        ("1.5", "not_an_integer"),
        ("١٢", "not_an_integer"),  # int() reads Arabic-Indic digits; a typed count has none
        ("1_000", "not_an_integer"),
        ("", "not_an_integer"),
        (None, "not_an_integer"),
        (2**63, "out_of_range"),
        (-1, "out_of_range"),
        ("9" * 25, "out_of_range"),
    ],
)
def test_a_number_that_is_not_a_whole_number_in_range_is_refused(value, code):
    with pytest.raises(InputRefused) as refused:
        check_int(value, field="Số lượt", minimum=0, maximum=10_000)
    assert refused.value.code == code


@pytest.mark.parametrize(("value", "number"), [(0, 0), ("10000", 10_000), (" 42 ", 42), ("+7", 7)])
def test_a_whole_number_in_range_is_read(value, number):
    assert check_int(value, field="Số lượt", minimum=0, maximum=10_000) == number


def test_an_out_of_range_refusal_groups_the_digits():
    with pytest.raises(InputRefused) as refused:
        check_int(10**7, field="Số lượt", minimum=0, maximum=1_000_000)
    assert refused.value.message == "Số lượt phải nằm trong khoảng từ 0 đến 1.000.000."


def test_a_column_check_takes_the_models_length_and_label():
    with pytest.raises(InputRefused) as refused:
        check_column(Patron, "address", "x" * 301)
    assert refused.value.message == "Địa chỉ quá dài: tối đa 300 ký tự (hiện có 301)."
    assert check_column(Patron, "address", "x" * 300) == "x" * 300


def test_a_model_range_refuses_what_the_column_cannot_hold():
    low, high = between(0, 100)
    low(0)
    high(100)
    with pytest.raises(ValidationError):
        high(101)
    with pytest.raises(ValidationError):
        low(-1)


@pytest.mark.django_db
def test_a_batch_purpose_too_long_is_refused_by_the_service_not_cut(lan, province):
    """What a form or the API did not stop (a script, a future page) still cannot be cut."""
    with pytest.raises(InputRefused) as refused:
        rotation_services.create_batch(
            from_library=province["provincial"],
            to_library=province["commune"],
            planned_start=dt.date(2026, 12, 1),
            planned_end=dt.date(2027, 3, 1),
            purpose="x" * 301,
            by=lan.user,
        )
    assert refused.value.code == "too_long"
    assert not RotationBatch.objects.exists()


@pytest.mark.django_db
def test_a_class_list_row_with_an_address_too_long_is_reported_not_cut(tmp_path, province):
    path = tmp_path / "7a.csv"
    path.write_text(
        "Họ và tên,Ngày sinh,Lớp,Địa chỉ\n"
        f"Phạm Văn Bình,10/02/2014,7A,{'Thôn Đồng Xuân ' * 25}\n"
        "Lê Thị Hoa,11/03/2014,7A,Thôn Trung Lập\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_pupils", str(path), "--library", "SL-THCS-TANLAP", stdout=out, stderr=err
        )
    assert "Địa chỉ quá dài: tối đa 300 ký tự (hiện có 374)." in err.getvalue()
    assert list(Patron.objects.values_list("full_name", flat=True)) == ["Lê Thị Hoa"]


@pytest.mark.django_db
def test_a_gate_counter_file_with_odd_digits_or_huge_counts_is_reported_row_by_row(
    province, tmp_path
):
    """ "²" passes str.isdigit() and fails int(); 10³⁰ fits no column: both are row errors."""
    csv_file = tmp_path / "cong.csv"
    csv_file.write_text(
        f"ngày,lượt\n2026-02-27,51\n2026-02-28,²\n2026-03-01,{'9' * 30}\n", encoding="utf-8"
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_visits", str(csv_file), "--library", "SL-TANLAP", stderr=err)
    assert "dòng 3" in err.getvalue()
    assert "dòng 4" in err.getvalue()
    assert list(VisitCount.objects.values_list("count", flat=True)) == [51]
