"""The demo province has a weeding round under way at the provincial library."""

from __future__ import annotations

import pytest

from libnet.weeding.models import ContentFlag, RoundState, WeedingRound

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_round_at_its_council_not_yet_decided(small_demo):
    weeding_round = WeedingRound.objects.get(library__code="SL-TVT")
    assert weeding_round.state == RoundState.COUNCIL
    assert weeding_round.council.count() == 4
    assert weeding_round.copies.exists()
    assert weeding_round.decision_number == ""
    assert weeding_round.approval_number == "112/QĐ-SVHTTDL"
    assert ContentFlag.objects.filter(library__code="SL-TVT", cleared_at__isnull=True).exists()
