"""What makes a start unsafe: the settings a server others reach must not run with.

A plain function of the settings' values (no Django import), called by settings.py while it is
read: libnet then stops with one sentence per problem, in English and Vietnamese, instead of
serving with a published key or to any host name. The tests call it directly.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

# The key the first versions shipped with: anyone could forge sessions on a server using it.
PUBLISHED_SECRET_KEYS = frozenset(
    {"django-insecure-libnet-local-demo-key-change-me-on-any-real-server"}
)


def unsafe_start_problems(
    *, production: bool, debug: bool, secret_key: str, allowed_hosts: list[str]
) -> list[str]:
    """Return a sentence for each setting that makes this start unsafe (none: safe)."""
    problems: list[str] = []
    if not debug or production:
        if not secret_key:
            problems.append(
                "SECRET_KEY is not set: set it to a long random value "
                "(python3 -c 'import secrets; print(secrets.token_urlsafe(50))'). "
                "/ Chưa đặt SECRET_KEY: hãy đặt một chuỗi ngẫu nhiên dài."
            )
        elif secret_key in PUBLISHED_SECRET_KEYS or secret_key.startswith("django-insecure"):
            problems.append(
                "SECRET_KEY is the published demo key: set a long random value of your own. "
                "/ SECRET_KEY đang là khóa mẫu công khai: hãy đặt khóa ngẫu nhiên của riêng bạn."
            )
        if not allowed_hosts:
            problems.append(
                "ALLOWED_HOSTS is empty: list the server's names, e.g. "
                "ALLOWED_HOSTS=thuvien.songlam.gov.vn. "
                "/ ALLOWED_HOSTS trống: hãy liệt kê tên máy chủ."
            )
    if production and debug:
        problems.append(
            "DEBUG is on in production: it shows code and settings to anyone. Unset DEBUG. "
            "/ DEBUG đang bật trên máy chủ: hãy tắt DEBUG."
        )
    return problems


def local_secret_key(var_dir: Path) -> str:
    """A key made for this installation on its first start and kept in `var_dir` (mode 600).

    A local installation never runs on a key published with the source: sessions and password
    reset links of one commune's machine mean nothing on another's.
    """
    path = Path(var_dir) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another process made it first
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()
