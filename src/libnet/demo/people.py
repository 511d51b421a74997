"""People of the demo: the staff personas of STYLE.md and a pool of Vietnamese names.

Names are written in natural Vietnamese order, family name first ("Trần Thị Lan").
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from libnet.network.models import Role

# Shown once at the end of `load_demo`; for a demo database only, never a real server.
DEMO_PASSWORD = "libnet-demo"


@dataclass(frozen=True)
class DemoPersona:
    """A staff login of the demo and the memberships it holds."""

    username: str
    full_name: str
    library_code: str
    roles: tuple[str, ...]
    covers_subtree: bool = False
    is_superuser: bool = False


PERSONAS = (
    # Lan catalogues for the whole province: MARC import, registers, rotation batches.
    DemoPersona("lan", "Trần Thị Lan", "SL-TVT", (Role.CATALOGUER,), covers_subtree=True),
    # Minh runs the Tân Lập commune library alone: cards, loans, cataloguing; one library.
    DemoPersona("minh", "Nguyễn Văn Minh", "SL-TANLAP", (Role.CIRCULATION, Role.CATALOGUER)),
    # An is the school librarian next door: the "other library" Minh must not see.
    DemoPersona("an", "Lê Thị An", "SL-THCS-TANLAP", (Role.ADMIN,)),
    # Chi is the Department of Culture officer: plans and reports, never readers' data.
    DemoPersona("chi", "Đỗ Thị Chi", "SL-TVT", (Role.REPORTING,), covers_subtree=True),
    DemoPersona("admin", "", "SL-TVT", (Role.ADMIN,), covers_subtree=True, is_superuser=True),
)

# Weighted roughly like the population: about four Vietnamese in ten are Nguyễn.
FAMILY_NAMES = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 1),
    ("Dương", 1),
    ("Đinh", 1),
    ("Lương", 1),
    ("Cao", 1),
    ("Trương", 1),
    ("Đoàn", 1),
    ("Hà", 1),
    ("Chu", 1),
    ("Thái", 1),
    ("Lò", 1),
    ("Vi", 1),
)
MIDDLE_NAMES_MALE = (
    "Văn",
    "Văn",
    "Hữu",
    "Đức",
    "Minh",
    "Quang",
    "Xuân",
    "Công",
    "Mạnh",
    "Đình",
    "Trọng",
    "Tiến",
    "Duy",
    "Ngọc",
    "Thanh",
)
MIDDLE_NAMES_FEMALE = (
    "Thị",
    "Thị",
    "Thị",
    "Ngọc",
    "Thu",
    "Thanh",
    "Hồng",
    "Minh",
    "Kim",
    "Phương",
    "Thúy",
    "Bích",
    "Hoài",
    "Diệu",
)
GIVEN_NAMES_MALE = (
    "Hùng", "Dũng", "Tuấn", "Nam", "Hải", "Sơn", "Long", "Quân", "Thắng", "Cường", "Hiếu",
    "Phong", "Trung", "Bình", "Khoa", "Tâm", "Đạt", "Huy", "Thành", "Lâm", "Nghĩa", "Hòa",
    "Tùng", "Việt", "Kiên", "Lộc", "Quý", "Thông", "Vinh", "Hưng",
)  # fmt: skip
GIVEN_NAMES_FEMALE = (
    "Lan", "Hương", "Hoa", "Mai", "Hà", "Linh", "Thảo", "Trang", "Ngọc", "Nga", "Hằng",
    "Yến", "Phương", "Thủy", "Huyền", "Loan", "Dung", "Vân", "Nhung", "Oanh", "Tuyết",
    "Hạnh", "Quyên", "Giang", "Liên", "Thơ", "Xuân", "Hiền",
)  # fmt: skip


def person_name(rng: random.Random) -> str:
    """Return a plausible Vietnamese full name in natural order, e.g. "Phan Thị Hạnh"."""
    family = rng.choices([name for name, _ in FAMILY_NAMES], [w for _, w in FAMILY_NAMES])[0]
    if rng.random() < 0.5:
        middle, given = rng.choice(MIDDLE_NAMES_FEMALE), rng.choice(GIVEN_NAMES_FEMALE)
        if middle == "Thị" and rng.random() < 0.25:  # "Nguyễn Thị Thu Hà"
            middle = f"Thị {rng.choice(MIDDLE_NAMES_FEMALE[3:])}"
    else:
        middle, given = rng.choice(MIDDLE_NAMES_MALE), rng.choice(GIVEN_NAMES_MALE)
    return f"{family} {middle} {given}"
