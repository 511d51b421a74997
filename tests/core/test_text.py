"""Vietnamese text: NFC, folding (đ and the Ð look-alike included), and collation."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from libnet.core import text


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Nguyễn Du", "nguyen du"),
        ("ĐƯỜNG KÁCH MỆNH", "duong kach menh"),
        ("đường", "duong"),
        ("Ðinh Bộ Lĩnh", "dinh bo linh"),  # U+00D0, the Icelandic eth pasted for Đ
        ("ðặng", "dang"),  # its lower case
        (unicodedata.normalize("NFD", "Số đỏ"), "so do"),  # decomposed input, as macOS types it
        ("Tiếng Việt 3 – tập 1", "tieng viet 3 – tap 1"),
        ("", ""),
    ],
)
def test_fold_removes_marks_and_the_stroke_of_d(raw, folded):
    assert text.fold(raw) == folded


def test_clean_stores_nfc_and_collapses_spaces():
    decomposed = unicodedata.normalize("NFD", "  Truyện   Kiều ")
    assert text.clean(decomposed) == "Truyện Kiều"
    assert unicodedata.is_normalized("NFC", text.clean(decomposed))


def test_clean_collapses_every_kind_of_whitespace_as_the_pattern_did():
    """clean splits at str.isspace instead of substituting \\s+: the same text for every
    character the pattern calls whitespace, and for those it does not."""
    pattern = re.compile(r"\s+")
    for code in range(0x3100):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        raw = f"{char} Số{char}{char}đỏ {char}"
        assert text.clean(raw) == pattern.sub(" ", unicodedata.normalize("NFC", raw)).strip()


def test_fold_of_plain_ascii_is_its_lower_case():
    """The ASCII shortcut gives what the whole folding gives."""
    for code in range(128):
        raw = f"Ab{chr(code)}Z"
        decomposed = unicodedata.normalize("NFD", raw.lower())
        assert text.fold(raw) == "".join(c for c in decomposed if not unicodedata.combining(c))


@pytest.mark.parametrize("stem", ["boy", "girl", "boy_one_word", "girl_one_word"])
def test_fold_matches_every_given_name_with_its_unaccented_twin(shared_data, stem):
    """The data has 181 names written with Ð (U+00D0); they must fold like Đ. No exceptions are needed."""
    folder = shared_data / "vietnamese" / "given-names"
    names = (folder / f"{stem}.txt").read_text(encoding="utf-8").splitlines()
    twins = (folder / f"{stem}_no_accents.txt").read_text(encoding="utf-8").splitlines()
    assert len(names) == len(twins) > 200
    mismatches = [
        (name, twin)
        for name, twin in zip(names, twins, strict=True)
        if text.fold(name) != text.fold(twin)
    ]
    assert mismatches == []


def _slug(name: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", " ", text.fold(name)).split())


def test_fold_reproduces_the_slug_of_every_administrative_unit(shared_data):
    """11,367 provinces, districts and communes of 2019; apostrophes and double spaces become hyphens."""
    folder = shared_data / "vietnamese" / "admin-units-2019"
    checked = 0
    mismatches = []
    for name in ("tinh_tp.json", "quan_huyen.json", "xa_phuong.json"):
        for unit in json.loads((folder / name).read_text(encoding="utf-8")).values():
            checked += 1
            if _slug(unit["name"]) != unit["slug"]:
                mismatches.append((unit["name"], unit["slug"]))
    assert checked > 11_000
    assert mismatches == []


@pytest.mark.parametrize(
    "ordered",
    [
        ["a", "ă", "â", "b"],  # letters with marks are letters of their own
        ["da", "dz", "đa"],  # đ after every d
        ["ba", "bà", "bả", "bã", "bá", "bạ"],  # tones: none, huyền, hỏi, ngã, sắc, nặng
        ["ang", "anh"],  # letters first, tones after: ang < anh whatever the tones
        ["àng", "anh"],
        ["cha", "chan"],  # a shorter block before a longer one
        ["o", "ô", "ơ", "p"],
        ["u", "ư", "v"],
        ["e", "ê", "g"],
        ["Tập 2", "Tập 10"],  # numbers by value in titles
        ["Nguyễn Du", "Nguyễn Huệ", "Nguyễn Trãi"],
    ],
)
def test_sort_key_follows_vietnamese_collation(ordered):
    shuffled = list(reversed(ordered))
    assert text.vietnamese_sorted(shuffled) == ordered


def test_sort_key_ignores_normalisation_form():
    word = "Nguyễn"
    assert text.sort_key(word) == text.sort_key(unicodedata.normalize("NFD", word))


def test_sort_key_orders_the_word_list_by_letters_then_tones(shared_data):
    """Over 73,901 words: every word starting with đ sorts after every word starting with d."""
    words = (
        (shared_data / "vietnamese" / "words" / "Viet74K.txt")
        .read_text(encoding="utf-8")
        .split("\n")
    )
    words = [word for word in words if word]
    ordered = text.vietnamese_sorted(words)
    initials = [word[0].lower() for word in ordered if word[0].lower() in "dđ"]
    first_stroke = initials.index("đ")
    assert set(initials[:first_stroke]) == {"d"}
    assert set(initials[first_stroke:]) == {"đ"}
    # Code-point order would put đ after z; the collation must not.
    assert ordered.index(next(w for w in ordered if w.lower().startswith("đ"))) < ordered.index(
        next(w for w in ordered if w.lower().startswith("e"))
    )


def test_sort_key_hex_sorts_as_text_like_the_key():
    words = ["đá", "da", "dạ", "Dương", "ă"]
    assert sorted(words, key=text.sort_key_hex) == text.vietnamese_sorted(words)
