"""Change histories speak Vietnamese: what happened, never an action code or an English note.

Every history a page shows takes its words from `core.audit.ACTION_LABELS` (through the
`audit_action` filter); notes written by services (what moved a copy) are written in the
site's language by `core.audit.note`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

import libnet
from libnet.catalog.models import Item, ItemStatus
from libnet.circulation.models import HoldStatus
from libnet.core import audit
from libnet.core.models import AuditEntry
from libnet.mobile.models import OperationAction
from libnet.mobile.policies import TRIP_TRANSITIONS
from libnet.patrons.models import Patron
from libnet.rotation.models import IllState
from libnet.rotation.policies import BATCH_TRANSITIONS

pytestmark = pytest.mark.django_db

SOURCE = Path(libnet.__file__).parent
# Codes written literally: audit.record("item.move", …) or AuditEntry(action="item.import", …).
LITERAL = re.compile(r"""(?:audit\.record\(\s*|action=)"([a-z_]+(?:\.[a-z_]+)+)\"""")
# Codes built from a value: each family and the values it takes.
FAMILIES = {
    'f"batch.{action}"': [f"batch.{action}" for _state, action in BATCH_TRANSITIONS],
    'f"hold.{status}"': [f"hold.{status}" for status in HoldStatus.values],
    'f"ill.{state}"': [f"ill.{state}" for state in IllState.values],
    'f"mobile.trip.{action}"': [f"mobile.trip.{action}" for _state, action in TRIP_TRANSITIONS],
    'f"mobile.stop.{operation.action}"': [
        f"mobile.stop.{action}" for action in OperationAction.values
    ],
    'f"report.{action}"': ["report.accept", "report.return"],
}
RAW_CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\b")


def _history(html: str) -> str:
    match = re.search(r'<ul class="history">(.*?)</ul>', html, re.S)
    assert match is not None, "the page shows no history"
    return match.group(1)


def test_every_action_a_service_records_has_a_vietnamese_label():
    literal: set[str] = set()
    families: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        code = path.read_text(encoding="utf-8")
        literal |= set(LITERAL.findall(code))
        families |= {
            family
            for family in re.findall(r'(f"[a-z_]+(?:\.[a-z_]+)*\.\{[a-z_.]+\}")', code)
            if family.split(".")[0][2:] in {code.split(".")[0] for code in audit.ACTION_LABELS}
        }
    assert set(FAMILIES) == families, "a new family of action codes: list its values here"
    codes = literal | {code for values in FAMILIES.values() for code in values}
    assert {"loan.checkout", "item.status", "patron.export"} <= codes
    assert sorted(codes - set(audit.ACTION_LABELS)) == []


def test_a_copy_moved_by_rotation_tells_its_story_in_vietnamese(client, small_demo):
    from libnet.rotation.models import BatchItem

    # A copy sent in a rotation batch (a school's classroom bookcase puts copies on rotation
    # too, with its own note).
    moved = (
        AuditEntry.objects.filter(
            subject_type="catalog.item",
            action="item.status",
            after__status="on_rotation",
            subject_id__in=[
                str(item_id) for item_id in BatchItem.objects.values_list("item_id", flat=True)
            ],
        )
        .values_list("subject_id", flat=True)
        .first()
    )
    assert moved is not None
    client.force_login(get_user_model().objects.get(username="lan"))
    history = _history(client.get(reverse("staff:item", args=[moved])).content.decode())
    assert re.search(r"đổi trạng thái: [^<]+ → Đang luân chuyển — đợt luân chuyển số \d+", history)
    assert "rotation batch" not in history
    assert RAW_CODE.findall(history) == []


def test_a_status_change_says_from_what_to_what(client, small_demo):
    lan = get_user_model().objects.get(username="lan")
    item = Item.objects.filter(home_library__code="SL-TVT", status=ItemStatus.AVAILABLE).first()
    client.force_login(lan)
    client.post(
        reverse("staff:item_status", args=[item.pk]),
        {"to": ItemStatus.DAMAGED, "reason": "Rách bìa", "withdrawal_reference": ""},
    )
    history = _history(client.get(reverse("staff:item", args=[item.pk])).content.decode())
    assert "đổi trạng thái: Sẵn sàng → Hư hỏng — Rách bìa" in history


def test_a_readers_history_names_the_export_not_its_code(client, small_demo):
    minh = get_user_model().objects.get(username="minh")
    reader = Patron.objects.filter(home_library__code="SL-TANLAP").first()
    client.force_login(minh)
    assert client.get(reverse("patrons:export", args=[reader.pk])).status_code == 200
    history = _history(client.get(reverse("patrons:detail", args=[reader.pk])).content.decode())
    assert "xuất dữ liệu cho bạn đọc" in history
    assert "patron.export" not in history
    assert RAW_CODE.findall(history) == []


def test_a_code_without_a_label_reads_other_change_not_the_code():
    assert audit.action_label("something.new") == "thay đổi khác"
