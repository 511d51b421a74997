"""Vietnamese personal names (DOMAIN.md §5.3): the family name comes first, and a record
imported from a library that inverts names ("Nguyễn, Du", as LC does) is still Vietnamese.
The one list of common family names, used by authorities (the heading in direct order) and
by the cataloguing form (the author mark from the given name). Accents count: "Le" (Le Guin)
is not "Lê"."""

from __future__ import annotations

from libnet.core import text

VIETNAMESE_FAMILY_NAMES: tuple[str, ...] = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đào",
    "Đoàn",
    "Vương",
    "Trịnh",
    "Trương",
    "Đinh",
    "Lâm",
    "Phùng",
    "Mai",
    "Tô",
    "Hà",
    "Tạ",
    "Lưu",
    "Cao",
    "Chu",
    "Lương",
    "Thái",
    "Quách",
    "Kiều",
    "Nông",
    "Hứa",
    "Triệu",
    "Khúc",
    "Tôn",
    "Mạc",
    "La",
    "Châu",
    "Giang",
    "Thân",
    "Kim",
    "Lạc",
    "Âu",
    "Trà",
    "Tăng",
)
_KEYS = frozenset(text.nfc(name).lower() for name in VIETNAMESE_FAMILY_NAMES)


def is_vietnamese_family_name(word: str) -> bool:
    """Whether `word` is a common Vietnamese family name, accents and all (case aside)."""
    return text.nfc(word).strip().lower() in _KEYS
