"""`libnet import_mobile_ops FILE --user NAME`: the fallback when a tablet never got online."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from libnet.circulation.models import Loan
from libnet.core import clock
from tests.mobile.test_lending_at_stops import op

# The command applies scans at the real clock: a scan more than 60 days old is refused.
JUST_NOW = clock.now


@pytest.fixture
def english(monkeypatch):
    monkeypatch.setenv("LIBNET_CLI_LANGUAGE", "en")


def test_an_exported_queue_is_applied_once(tmp_path, english, hung, on_road, villager, capsys):
    stop = on_road.stops.first()
    export = tmp_path / "queue.json"
    export.write_text(
        json.dumps(
            {
                "operations": [
                    op(on_road, stop, "checkout", "TVT0001", villager.card_number, at=JUST_NOW()),
                    op(on_road, stop, "checkout", "TVT0002", villager.card_number, at=JUST_NOW()),
                ]
            }
        ),
        encoding="utf-8",
    )
    call_command("import_mobile_ops", str(export), "--user", "hung")
    assert "2 operations applied, 0 refused." in capsys.readouterr().out
    call_command("import_mobile_ops", str(export), "--user", "hung")  # imported again
    assert Loan.objects.count() == 2


def test_refused_operations_are_listed_and_the_exit_status_says_so(
    tmp_path, english, hung, on_road, villager, capsys
):
    stop = on_road.stops.first()
    export = tmp_path / "queue.json"
    export.write_text(
        json.dumps(
            {
                "operations": [
                    op(on_road, stop, "checkout", "NOPE", villager.card_number, at=JUST_NOW())
                ]
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as failed:
        call_command("import_mobile_ops", str(export), "--user", "hung")
    assert failed.value.returncode == 1
    assert "item_not_found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "user"),
    [
        ("not json", "hung"),
        ('{"operations": "x"}', "hung"),
        ('{"operations": []}', "nobody"),
    ],
)
def test_a_bad_file_or_user_is_a_usage_error(tmp_path, english, hung, content, user):
    export = tmp_path / "queue.json"
    export.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as failed:
        call_command("import_mobile_ops", str(export), "--user", user)
    assert failed.value.returncode == 2


def test_an_export_brought_in_weeks_later_is_still_applied(
    tmp_path, english, hung, on_road, villager, capsys
):
    """The fallback is for tablets that stayed offline: a scan of three weeks ago is taken
    (the sync API takes 2 days), one of three months ago is refused."""
    import datetime as dt

    stop = on_road.stops.first()
    export = tmp_path / "queue.json"
    weeks_ago = JUST_NOW() - dt.timedelta(days=21)
    months_ago = JUST_NOW() - dt.timedelta(days=90)
    assert months_ago.date() > on_road.date  # only the age limit can refuse it
    export.write_text(
        json.dumps(
            {
                "operations": [
                    op(on_road, stop, "checkout", "TVT0001", villager.card_number, at=weeks_ago),
                    op(on_road, stop, "checkout", "TVT0002", villager.card_number, at=months_ago),
                ]
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("import_mobile_ops", str(export), "--user", "hung")
    captured = capsys.readouterr()
    assert "1 operations applied, 1 refused." in captured.out
    assert "more than 60 days" in captured.err
    assert Loan.objects.count() == 1
