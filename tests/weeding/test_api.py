"""The weeding endpoints under /api/v1/weeding: a round through its steps, refusals as
{"code","message"} with nothing written, and other libraries' 404."""

from __future__ import annotations

from libnet.catalog.models import Item, ItemStatus
from libnet.weeding.models import RoundState, WeedingRound
from tests.circulation.test_api import bearer, post
from tests.weeding.conftest import copies


def test_candidates_of_a_library(client, lan, provincial):
    copies(provincial, 6, prefix="SU")
    response = client.get(
        "/api/v1/weeding/candidates", {"library": provincial.code}, headers=bearer(lan)
    )
    assert response.status_code == 200
    assert [(c["barcode"], c["criterion"], c["article"]) for c in response.json()] == [
        ("SU05", "surplus", "21"),
        ("SU06", "surplus", "21"),
    ]


def test_a_round_through_the_api(client, lan, provincial, shelf):
    response = post(
        client, lan, "/api/v1/weeding/rounds", {"library": provincial.code, "plan": "x"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["state"], body["stock_at_opening"], body["cap"]) == ("requested", 40, 4)
    url = f"/api/v1/weeding/rounds/{body['id']}"
    assert (
        post(client, lan, f"{url}/steps", {"to": "approved", "reference": "12/QĐ"}).status_code
        == 200
    )
    response = post(
        client,
        lan,
        f"{url}/copies",
        {"copies": [{"barcode": "sh001", "criterion": "damaged", "disposal": "scrap"}]},
    )
    assert response.json() == {"added": 1, "copies": 1}
    assert post(client, lan, f"{url}/steps", {"to": "listed"}).status_code == 200
    response = post(client, lan, f"{url}/council", {"members": [{"name": "Nguyễn Văn Hải"}]})
    assert response.status_code == 200
    assert post(client, lan, f"{url}/steps", {"to": "council"}).status_code == 200
    assert post(client, lan, f"{url}/steps", {"to": "minutes"}).status_code == 200
    response = post(
        client, lan, f"{url}/decision", {"number": "21/QĐ-TV", "decided_on": "2026-03-02"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "decided"
    assert Item.objects.get(barcode="SH001").status == ItemStatus.WITHDRAWN


def test_refusals_are_code_and_message_and_write_nothing(client, lan, provincial, shelf):
    created = post(client, lan, "/api/v1/weeding/rounds", {"library": provincial.code})
    url = f"/api/v1/weeding/rounds/{created.json()['id']}"
    response = post(client, lan, f"{url}/steps", {"to": "minutes"})
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_step"
    assert response.json()["message"]
    many = [{"barcode": f"SH{n:03d}", "criterion": "surplus"} for n in range(1, 6)]
    response = post(client, lan, f"{url}/copies", {"copies": many})
    assert response.status_code == 409
    assert response.json()["code"] == "over_cap"
    response = post(client, lan, "/api/v1/weeding/rounds", {"library": provincial.code})
    assert response.json()["code"] == "round_open"
    weeding_round = WeedingRound.objects.get()
    assert weeding_round.state == RoundState.REQUESTED
    assert weeding_round.copies.count() == 0


def test_other_library_staff_get_404_on_every_endpoint(client, lan, minh, an, provincial, shelf):
    created = post(client, lan, "/api/v1/weeding/rounds", {"library": provincial.code})
    url = f"/api/v1/weeding/rounds/{created.json()['id']}"
    for persona in (minh, an):
        assert (
            client.get(
                "/api/v1/weeding/candidates", {"library": provincial.code}, headers=bearer(persona)
            ).status_code
            == 404
        )
        assert client.get(url, headers=bearer(persona)).status_code == 404
        writes = [
            ("/api/v1/weeding/rounds", {"library": provincial.code}),
            (f"{url}/steps", {"to": "approved", "reference": "1"}),
            (f"{url}/copies", {"copies": [{"barcode": "SH001", "criterion": "damaged"}]}),
            (f"{url}/council", {"members": [{"name": "X"}]}),
            (f"{url}/decision", {"number": "1", "decided_on": "2026-03-02"}),
        ]
        for path, data in writes:
            response = post(client, persona, path, data)
            assert response.status_code == 404, (path, response.content)
    assert WeedingRound.objects.get().steps.count() == 1
