"""How often a client may call the API: a tablet's sync burst passes, an anonymous client past
its rate waits (429, Retry-After), and the settings set the rates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.test import Client

from libnet.core import clock, tokens

pytestmark = pytest.mark.django_db

DIRECTORY = "/api/v1/libraries"
SRC = Path(__file__).resolve().parents[2] / "src"
SERVER = {
    "LIBNET_DEPLOYMENT": "production",
    "SECRET_KEY": "k7Qm2x-9vLr8ZpT4wYc1NhB6sJd3FgU0aEo5iKq_MtXyRbVnCzWlPe",
    "ALLOWED_HOSTS": "thuvien.songlam.gov.vn",
}
# One gunicorn worker of a server: counts two requests of one client and says what it allowed.
WORKER = """
import json, django
django.setup()
from django.test import RequestFactory
from libnet.api.throttling import AnonymousRate
rate = AnonymousRate()
request = RequestFactory().get("/api/v1/libraries", HTTP_X_FORWARDED_FOR="192.0.2.7")
print(json.dumps([rate.allow_request(request) for _ in range(2)]))
"""


def _bearer(persona) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.create_api_token(user=persona.user)}"}


def test_a_tablets_sync_burst_passes(client, minh):
    """A tablet back in coverage sends its queue as fast as it can: 60 requests at once."""
    headers = _bearer(minh)
    statuses = set()
    for _ in range(60):
        body = {
            "operations": [
                {
                    "client_uuid": str(uuid.uuid4()),
                    "trip_id": 999_999,
                    "action": "checkout",
                    "barcode": "NOTHING",
                    "client_at": clock.now().isoformat(),
                }
            ]
        }
        response = client.post(
            "/api/v1/mobile/sync", body, content_type="application/json", headers=headers
        )
        statuses.add(response.status_code)
    assert statuses == {200}


def test_an_anonymous_client_past_its_rate_waits(client, province, settings):
    settings.LIBNET_API_RATE_ANONYMOUS = "5/m"
    assert [client.get(DIRECTORY).status_code for _ in range(5)] == [200] * 5
    response = client.get(DIRECTORY)
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert "giây" in response.json()["message"]  # in Vietnamese, saying how long to wait
    assert 1 <= int(response["Retry-After"]) <= 60
    assert str(int(response["Retry-After"])) in response.json()["message"]
    # The catalogue search counts the same way: it is the same client.
    assert client.get("/api/v1/search", {"q": "x"}).status_code == 429


def test_anonymous_clients_are_counted_per_address(province, settings):
    settings.LIBNET_API_RATE_ANONYMOUS = "2/m"
    school_room = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(2):
        school_room.get(DIRECTORY)
    assert school_room.get(DIRECTORY).status_code == 429
    assert Client(REMOTE_ADDR="10.0.0.8").get(DIRECTORY).status_code == 200


def test_an_address_written_by_the_client_does_not_escape_the_count(province, settings):
    """X-Forwarded-For counts only behind the server's own proxy, and there only the address
    the proxy added (the last one)."""
    settings.LIBNET_API_RATE_ANONYMOUS = "2/m"
    settings.NINJA_NUM_PROXIES = 0
    client = Client(REMOTE_ADDR="10.0.0.9")
    for number in range(2):
        client.get(DIRECTORY, headers={"X-Forwarded-For": f"192.0.2.{number}"})
    assert client.get(DIRECTORY, headers={"X-Forwarded-For": "192.0.2.99"}).status_code == 429

    settings.NINJA_NUM_PROXIES = 1
    behind_proxy = Client(REMOTE_ADDR="")  # gunicorn on a Unix socket: no address
    for number in range(2):
        behind_proxy.get(DIRECTORY, headers={"X-Forwarded-For": f"192.0.2.{number}, 10.1.1.1"})
    spoofed = behind_proxy.get(DIRECTORY, headers={"X-Forwarded-For": "192.0.2.50, 10.1.1.1"})
    assert spoofed.status_code == 429
    other = behind_proxy.get(DIRECTORY, headers={"X-Forwarded-For": "10.1.1.2"})
    assert other.status_code == 200


def test_staff_are_counted_per_user_whether_by_token_or_session(client, minh, lan, settings):
    settings.LIBNET_API_RATE_STAFF = "3/m"
    headers = _bearer(minh)
    assert client.get("/api/v1/mobile/trips", headers=headers).status_code == 200
    client.force_login(minh.user)
    assert client.get("/api/v1/mobile/trips").status_code == 200
    assert client.get("/api/v1/mobile/trips").status_code == 200
    response = client.get("/api/v1/mobile/trips", headers=headers)
    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    # Lan is another user; and the staff rate is not the anonymous one.
    assert client.get("/api/v1/mobile/trips", headers=_bearer(lan)).status_code == 200


def test_the_settings_set_the_rates(client, province, settings):
    settings.LIBNET_API_RATE_ANONYMOUS = "1/m"
    assert client.get(DIRECTORY).status_code == 200
    assert client.get(DIRECTORY).status_code == 429
    settings.LIBNET_API_RATE_ANONYMOUS = "3/m"
    assert client.get(DIRECTORY).status_code == 200
    assert client.get(DIRECTORY).status_code == 200
    assert client.get(DIRECTORY).status_code == 429


def test_the_default_rates_let_a_harvester_and_the_desk_through(settings):
    """A harvester waiting for each answer sends one or two requests a second; a busy desk
    scans a few a second."""
    from libnet.api.throttling import AnonymousRate, StaffRate

    assert AnonymousRate().rate_now() == (120, 60)
    assert StaffRate().rate_now() == (1200, 60)


def _server_process(
    tmp_path: Path, code: str, **environment: str
) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DEBUG"}}
    env.update(
        SERVER,
        PYTHONPATH=str(SRC),
        DJANGO_SETTINGS_MODULE="libnet.settings",
        LIBNET_VAR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **environment,
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_servers_worker_processes_share_the_counts(tmp_path):
    """Two workers of one server, one client: the third request of a 3/m rate is the last.
    Under systemd (RuntimeDirectory=libnet) the counts are files in its folder in memory."""
    environment = {
        "LIBNET_API_RATE_ANONYMOUS": "3/m",
        "RUNTIME_DIRECTORY": str(tmp_path / "run"),
    }
    answers = [_server_process(tmp_path, WORKER, **environment) for _ in range(2)]
    assert [json.loads(answer.stdout) for answer in answers] == [[True, True], [True, False]], [
        answer.stderr for answer in answers
    ]
    assert list((tmp_path / "run" / "api-rates").iterdir())


def test_a_rate_that_is_not_a_rate_stops_the_server_with_a_sentence(tmp_path):
    answer = _server_process(
        tmp_path,
        "from libnet.cli import main; main(['libnet', 'check'])",
        LIBNET_API_RATE_STAFF="lots",
    )
    assert answer.returncode == 2
    assert "LIBNET_API_RATE_STAFF" in answer.stderr
    assert "Traceback" not in answer.stderr
