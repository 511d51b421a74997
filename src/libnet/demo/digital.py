"""The provincial library's small local-studies digital collection in the demo: page images
drawn here with Pillow (no scan of anyone's work), Vietnamese text in DejaVu: a booklet of
ca dao, a map of Tân Lập village, a page of a clan genealogy (gia phả) in placeholder
Hán-Nôm columns with its typed transcription, the provincial gazetteer's first pages and an
old newspaper still being scanned. One digitisation project carries them through its steps
(published, described, scanned, unfit, selected), the gazetteer's original is a restricted
copy read through its digital version, the reading room has its network, and readers have
downloaded a few pages.

Written through digital's services (objects, files, collections, networks: `add_files`
keeps the originals and their SHA-256) and the projects' services, with past moments; the
derivatives are made here at once (OCR is left to `libnet worker`). Downloads are written
as rows with their daily figure, as the download page will. A second run adds nothing: the
loader calls `load_digital` only while the provincial library has no project.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from libnet.catalog import services as catalog_services
from libnet.catalog.local_studies import local_studies_q
from libnet.catalog.models import BibRecord, Item, Restriction
from libnet.core import clock
from libnet.core.audit import Actor
from libnet.digital import derivatives, projects, services, stats_sources
from libnet.digital import text as digital_text
from libnet.digital.models import (
    Access,
    DigitalObject,
    DigitisationProject,
    Download,
    ItemState,
    ProjectItem,
)
from libnet.network.models import Library

PROVINCIAL = "SL-TVT"
FONTS = "/usr/share/fonts/truetype/dejavu/"
PAGE_SIZE = (900, 1260)
PAPER = (244, 236, 216)
INK = (52, 40, 30)

CA_DAO = (
    (
        "Công cha như núi Thái Sơn,",
        "Nghĩa mẹ như nước trong nguồn chảy ra.",
        "Một lòng thờ mẹ kính cha,",
        "Cho tròn chữ hiếu mới là đạo con.",
        "",
        "Bầu ơi thương lấy bí cùng,",
        "Tuy rằng khác giống nhưng chung một giàn.",
    ),
    (
        "Nhiễu điều phủ lấy giá gương,",
        "Người trong một nước phải thương nhau cùng.",
        "",
        "Ai ơi bưng bát cơm đầy,",
        "Dẻo thơm một hạt, đắng cay muôn phần.",
        "",
        "Ăn quả nhớ kẻ trồng cây,",
        "Uống nước nhớ nguồn.",
    ),
    (
        "Trong đầm gì đẹp bằng sen,",
        "Lá xanh bông trắng lại chen nhị vàng.",
        "Nhị vàng bông trắng lá xanh,",
        "Gần bùn mà chẳng hôi tanh mùi bùn.",
        "",
        "Gió đưa cành trúc la đà,",
        "Tiếng chuông Trấn Vũ, canh gà Thọ Xương.",
    ),
)
GIA_PHA = (
    "Phiên âm (đánh máy): Thủy tổ họ Nguyễn làng Tân Lập, húy Văn Phúc,",
    "từ đất Bắc vào khai canh lập ấp bên bờ sông Lam, đời thứ nhất.",
    "Đời thứ hai: ông Nguyễn Văn Lộc, bà Trần Thị Hiền, sinh ba trai hai gái.",
    "Ngày giỗ tổ: mồng mười tháng Ba âm lịch.",
)


def _font(size: int, *, serif: bool = True, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = ("DejaVuSerif" if serif else "DejaVuSans") + ("-Bold" if bold else "") + ".ttf"
    return ImageFont.truetype(FONTS + name, size)


def _sheet(heading: str, page_number: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A blank aged page with a frame, its heading and its number."""
    image = Image.new("RGB", PAGE_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    width, height = PAGE_SIZE
    draw.rectangle((40, 40, width - 40, height - 40), outline=INK, width=3)
    draw.rectangle((52, 52, width - 52, height - 52), outline=INK, width=1)
    draw.text((width / 2, 110), heading, font=_font(34, bold=True), fill=INK, anchor="mm")
    draw.text((width / 2, height - 80), f"— {page_number} —", font=_font(22), fill=INK, anchor="mm")
    return image, draw


def _ca_dao_page(page: int) -> Image.Image:
    image, draw = _sheet("Ca dao xứ Sông Lam", page + 1)
    y = 230
    for line in CA_DAO[page]:
        draw.text((PAGE_SIZE[0] / 2, y), line, font=_font(30, serif=True), fill=INK, anchor="mm")
        y += 70
    return image


def _map_page(page: int) -> Image.Image:
    """A map of the village: the river, the roads, the houses and their names."""
    image, draw = _sheet("Bản đồ làng Tân Lập" if page == 0 else "Xóm Đông — chi tiết", page + 1)
    rng = random.Random(page)
    width, _height = PAGE_SIZE
    river = [(80 + x, 900 + 60 * math.sin(x / 90)) for x in range(0, width - 160, 10)]
    draw.line(river, fill=(70, 110, 160), width=28)
    draw.text((600, 1010), "Sông Lam", font=_font(30, bold=True), fill=(40, 70, 120))
    draw.line((100, 500, width - 100, 560), fill=INK, width=8)
    draw.line((450, 200, 430, 860), fill=INK, width=6)
    for _house in range(28):
        x, y = rng.randint(110, width - 150), rng.randint(220, 820)
        draw.rectangle((x, y, x + 26, y + 20), outline=INK, width=2)
    places = (
        ("Đình làng", 240, 330),
        ("Chùa Tân Lập", 600, 300),
        ("Giếng làng", 300, 640),
        ("Xóm Đông", 650, 700),
        ("Xóm Tây", 140, 760),
    )
    for name, x, y in places:
        draw.ellipse((x - 9, y - 9, x + 9, y + 9), fill=(150, 40, 30))
        draw.text((x + 16, y - 16), name, font=_font(24), fill=INK)
    draw.polygon(((width - 120, 200), (width - 135, 250), (width - 105, 250)), fill=INK)
    draw.text((width - 120, 270), "B", font=_font(26, bold=True), fill=INK, anchor="mm")
    return image


def _gia_pha_page(page: int) -> Image.Image:
    """Columns of placeholder glyphs read right to left, and the typed transcription."""
    image, draw = _sheet("Gia phả họ Nguyễn", page + 1)
    rng = random.Random(100 + page)
    for column in range(9):
        x = PAGE_SIZE[0] - 130 - column * 80
        for row in range(11):
            y = 180 + row * 58
            draw.rectangle((x, y, x + 40, y + 40), outline=INK, width=2)
            for _stroke in range(3):
                x1, y1 = x + rng.randint(4, 36), y + rng.randint(4, 36)
                draw.line(
                    (x1, y1, x + rng.randint(4, 36), y + rng.randint(4, 36)), fill=INK, width=3
                )
    y = 860
    for line in GIA_PHA:
        draw.text((90, y), line, font=_font(21, serif=False), fill=INK)
        y += 44
    return image


def _gazetteer_page(page: int) -> Image.Image:
    image, draw = _sheet("Địa chí tỉnh Sông Lam", page + 1)
    lines = (
        "Phần thứ nhất: Địa lý tự nhiên",
        "Tỉnh Sông Lam nằm ở vùng đồng bằng ven biển, sông Lam chảy qua",
        "từ tây sang đông, bồi đắp nên những cánh đồng màu mỡ.",
        "Phần thứ hai: Lịch sử và văn hóa",
        "Các làng cổ ven sông còn giữ đình, chùa, giếng làng và lệ làng.",
    )
    y = 240 + page * 20
    for line in lines:
        draw.text((100, y), line, font=_font(24), fill=INK)
        y += 64
    return image


def _newspaper_page(page: int) -> Image.Image:
    image, draw = _sheet("Báo Sông Lam — số 1", page + 1)
    draw.line((80, 170, PAGE_SIZE[0] - 80, 170), fill=INK, width=4)
    for column in range(3):
        x = 90 + column * 250
        for row in range(26):
            draw.line((x, 210 + row * 34, x + 220, 210 + row * 34), fill=(120, 110, 95), width=6)
    return image


def _png(image: Image.Image, name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _scanned(
    library: Library,
    *,
    draw_page: Callable[[int], Image.Image],
    pages: int,
    slug: str,
    by: Actor,
    at: dt.datetime,
    record: BibRecord | None = None,
    dublin_core: dict[str, list[str]] | None = None,
    han_nom: bool = False,
) -> DigitalObject:
    made = services.create_object(
        library=library, record=record, dublin_core=dublin_core, han_nom=han_nom, by=by, at=at
    )
    uploads = [_png(draw_page(page), f"{slug}-{page + 1:02d}.png") for page in range(pages)]
    services.add_files(obj=made, uploads=uploads, by=by, at=at)
    return made


def load_digital(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """The provincial library's collection, project, restricted original and downloads."""
    provincial = libraries.get(PROVINCIAL)
    if provincial is None or DigitisationProject.objects.filter(library=provincial).exists():
        return {"digital_objects": 0}
    lan = get_user_model().objects.filter(username="lan").first()
    start = at - dt.timedelta(days=40)
    project = projects.create_project(
        library=provincial,
        name="Số hóa tài liệu địa chí năm " + str(clock.local_date(at).year),
        plan=(
            "Số hóa ca dao, bản đồ làng, gia phả và địa chí của tỉnh để phục vụ bạn đọc bằng "
            "bản số thay cho bản gốc (QĐ 206: 100 % tài liệu địa chí quý hiếm)."
        ),
        starts_on=clock.local_date(start),
        ends_on=clock.local_date(start) + dt.timedelta(days=300),
        target_pages=200,
        by=lan,
        at=start,
    )
    collection = services.create_collection(
        library=provincial,
        code="dia-chi",
        name="Tài liệu địa chí Sông Lam",
        description="Ca dao, bản đồ, gia phả và địa chí của tỉnh Sông Lam.",
        by=lan,
        at=start,
    )
    services.add_network(
        library=provincial, network="10.20.0.0/24", note="Phòng đọc địa chí", by=lan, at=start
    )
    gazetteer = BibRecord.objects.filter(local_studies_q()).order_by("pk").first()
    scan_at = start + dt.timedelta(days=5)
    ca_dao = _scanned(
        provincial, draw_page=_ca_dao_page, pages=3, slug="ca-dao", by=lan, at=scan_at,
        dublin_core={
            "title": ["Ca dao xứ Sông Lam"], "creator": ["Khuyết danh"],
            "subject": ["Ca dao", "Văn học dân gian", "Sông Lam (Tỉnh)"],
            "language": ["vie"], "type": ["Text"],
        },
    )  # fmt: skip
    village_map = _scanned(
        provincial, draw_page=_map_page, pages=2, slug="ban-do", by=lan, at=scan_at,
        dublin_core={
            "title": ["Bản đồ làng Tân Lập"], "coverage": ["Tân Lập, Sông Lam"],
            "type": ["Image"], "date": ["1938"],
        },
    )  # fmt: skip
    gia_pha = _scanned(
        provincial, draw_page=_gia_pha_page, pages=2, slug="gia-pha", by=lan, at=scan_at,
        dublin_core={"title": ["Gia phả họ Nguyễn làng Tân Lập"], "language": ["vie", "chi"]},
        han_nom=True,
    )  # fmt: skip
    # The transcription staff typed for each page (what the drawn page carries under its
    # columns): readers find the clan's names through it, OCR never reads Hán-Nôm.
    if lan is not None:
        for page in gia_pha.pages.order_by("sequence"):
            digital_text.type_page_text(page=page, text="\n".join(GIA_PHA), by=lan, at=scan_at)
    made = [ca_dao, village_map, gia_pha]
    if gazetteer is not None:
        made.append(
            _scanned(
                provincial,
                draw_page=_gazetteer_page,
                pages=2,
                slug="dia-chi",
                by=lan,
                at=scan_at,
                record=gazetteer,
            )
        )
    newspaper = _scanned(
        provincial, draw_page=_newspaper_page, pages=2, slug="bao", by=lan, at=scan_at,
        dublin_core={"title": ["Báo Sông Lam, số 1"], "date": ["1936"], "type": ["Text"]},
    )  # fmt: skip
    for digital_object in made:
        services.set_collections(obj=digital_object, collections=[collection], by=lan, at=scan_at)

    def item(*, description: str = "", record: BibRecord | None = None) -> ProjectItem:
        return projects.add_item(
            project=project, record=record, description=description, by=lan, at=start
        )

    steps = [
        (item(description="Ca dao xứ Sông Lam (sổ chép tay)"), ca_dao, Access.PUBLIC),
        (item(description="Bản đồ làng Tân Lập (1938)"), village_map, Access.PUBLIC),
        (item(description="Gia phả họ Nguyễn làng Tân Lập"), gia_pha, Access.ON_SITE),
    ]
    if gazetteer is not None:
        steps.append((item(record=gazetteer), made[3], Access.PUBLIC))
    day = start + dt.timedelta(days=2)
    for project_item, digital_object, access in steps:
        projects.check_condition(
            item=project_item,
            condition="Giấy ố vàng, còn đọc được",
            fit_to_scan=True,
            by=lan,
            at=day,
        )
        projects.advance_item(
            item=project_item, to=ItemState.SCANNED, digital_object=digital_object, by=lan,
            at=scan_at,
        )  # fmt: skip
        projects.advance_item(
            item=project_item, to=ItemState.DESCRIBED, note="Mô tả Dublin Core", by=lan,
            at=scan_at + dt.timedelta(days=3),
        )  # fmt: skip
        # The gia phả stays described: its transcription is being checked.
        if digital_object != gia_pha:
            projects.advance_item(
                item=project_item, to=ItemState.PUBLISHED, object_access=access, by=lan,
                at=scan_at + dt.timedelta(days=10),
            )  # fmt: skip
    newspaper_item = item(description="Báo Sông Lam, số 1 (1936)")
    projects.check_condition(
        item=newspaper_item, condition="Giấy giòn, gáy rời", fit_to_scan=True, by=lan, at=day
    )
    projects.advance_item(
        item=newspaper_item, to=ItemState.SCANNED, digital_object=newspaper, by=lan, at=scan_at
    )
    unfit = item(description="Sắc phong làng Đồng Xuân (thời Nguyễn)")
    projects.check_condition(
        item=unfit, condition="Giấy mục, rách nát: cần tu bổ trước khi quét", fit_to_scan=False,
        by=lan, at=day,
    )  # fmt: skip
    item(description="Hương ước làng Tân Lập")
    if gazetteer is not None:
        original = (
            Item.objects.filter(bib=gazetteer, home_library=provincial).order_by("pk").first()
        )
        if original is not None:
            catalog_services.restrict_item(
                item=original, restriction=Restriction.ANCIENT_OR_RARE,
                note="Bản gốc in năm 1938, chỉ phục vụ bản số", by=lan, at=day,
            )  # fmt: skip
    downloads = _downloads([ca_dao, village_map], start=scan_at + dt.timedelta(days=11), at=at)
    derivatives.make_pending(limit=100)
    return {"digital_objects": len(made) + 1, "digital_downloads": downloads}


def _downloads(objects: list[DigitalObject], *, start: dt.datetime, at: dt.datetime) -> int:
    """A few downloads a day of the public objects since their publication."""
    rng = random.Random(22)
    rows = []
    moment = start
    while moment < at:
        for digital_object in objects:
            for _download in range(rng.randint(0, 3)):
                rows.append(Download(object=digital_object, page=rng.randint(1, 2), at=moment))
        moment += dt.timedelta(days=1)
    Download.objects.bulk_create(rows)
    stats_sources.count_downloads(
        (digital_object.library_id, clock.local_date(row.at))
        for row in rows
        for digital_object in (row.object,)
    )
    return len(rows)
