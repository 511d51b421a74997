"""Places of the demo province Sông Lam (fictional): administrative units and libraries.

Before 1 July 2025 the province had four districts and 24 communes, wards and towns; the
reform (DOMAIN.md §6) removed the districts and merged the communes into 11. Both layers are
kept, the old ones closed on the reform day with `successor` pointing at the unit they became.
A commune that kept its name keeps its code: the new unit is a second version of that code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from libnet.network.models import LibraryKind

# NQ 202/2025/QH15: two-tier local government from 1 July 2025. Sông Lam, fictional, is one
# of the provinces that were not merged with a neighbour.
REFORM_ON = dt.date(2025, 7, 1)
# The demo keeps boundaries from 2004 on; earlier changes are out of its scope.
HISTORY_STARTS_ON = dt.date(2004, 1, 1)

PROVINCE_CODE = "SL"
PROVINCE_NAME = "Tỉnh Sông Lam"


@dataclass(frozen=True)
class OldDistrict:
    """A district (huyện, thành phố) with its communes, all closed on the reform day."""

    code: str
    name: str
    communes: tuple[tuple[str, str], ...]  # (code, name)


@dataclass(frozen=True)
class NewCommune:
    """A commune or ward from the reform day on, and the old units merged into it."""

    code: str
    name: str
    predecessors: tuple[str, ...]
    short_name: str  # for addresses: "xã Tân Lập"


OLD_DISTRICTS = (
    OldDistrict(
        "SL-D-LAMGIANG",
        "Thành phố Lam Giang",
        (
            ("SL-P-QUANGTRUNG", "Phường Quang Trung"),
            ("SL-P-HUNGBINH", "Phường Hưng Bình"),
            ("SL-P-LEMAO", "Phường Lê Mao"),
            ("SL-P-DONGVINH", "Phường Đông Vĩnh"),
            ("SL-P-CUALAM", "Phường Cửa Lam"),
            ("SL-X-HUNGLOC", "Xã Hưng Lộc"),
            ("SL-X-HUNGHOA", "Xã Hưng Hòa"),
        ),
    ),
    OldDistrict(
        "SL-D-HUNGLAM",
        "Huyện Hưng Lam",
        (
            ("SL-TT-HUNGLAM", "Thị trấn Hưng Lam"),
            ("SL-X-TANLAP", "Xã Tân Lập"),
            ("SL-X-HUNGPHUC", "Xã Hưng Phúc"),
            ("SL-X-HUNGTHINH", "Xã Hưng Thịnh"),
            ("SL-X-HUNGTAN", "Xã Hưng Tân"),
            ("SL-X-PHUCLAM", "Xã Phúc Lâm"),
        ),
    ),
    OldDistrict(
        "SL-D-THANHSON",
        "Huyện Thanh Sơn",
        (
            ("SL-TT-THANHSON", "Thị trấn Thanh Sơn"),
            ("SL-X-THANHHA", "Xã Thanh Hà"),
            ("SL-X-THANHMY", "Xã Thanh Mỹ"),
            ("SL-X-SONKIM", "Xã Sơn Kim"),
            ("SL-X-SONTRA", "Xã Sơn Trà"),
            ("SL-X-THANHTUNG", "Xã Thanh Tùng"),
            ("SL-X-THANHLINH", "Xã Thanh Lĩnh"),
        ),
    ),
    OldDistrict(
        "SL-D-KYLAC",
        "Huyện Kỳ Lạc",
        (
            ("SL-TT-KYLAC", "Thị trấn Kỳ Lạc"),
            ("SL-X-PHULAC", "Xã Phú Lạc"),
            ("SL-X-NAMLUONG", "Xã Nậm Lương"),
            ("SL-X-PAKHOM", "Xã Pà Khốm"),
        ),
    ),
)

NEW_COMMUNES = (
    NewCommune(
        "SL-P-LAMGIANG",
        "Phường Lam Giang",
        ("SL-P-QUANGTRUNG", "SL-P-HUNGBINH", "SL-P-LEMAO"),
        "phường Lam Giang",
    ),
    NewCommune("SL-P-CUALAM", "Phường Cửa Lam", ("SL-P-CUALAM", "SL-P-DONGVINH"), "phường Cửa Lam"),
    # A rural commune merged into an urban ward: new level of unit, new code.
    NewCommune(
        "SL-P-HUNGLOC", "Phường Hưng Lộc", ("SL-X-HUNGLOC", "SL-X-HUNGHOA"), "phường Hưng Lộc"
    ),
    NewCommune("SL-X-TANLAP", "Xã Tân Lập", ("SL-X-TANLAP", "SL-X-HUNGPHUC"), "xã Tân Lập"),
    NewCommune(
        "SL-X-HUNGTHINH",
        "Xã Hưng Thịnh",
        ("SL-TT-HUNGLAM", "SL-X-HUNGTHINH", "SL-X-HUNGTAN"),
        "xã Hưng Thịnh",
    ),
    # Unchanged in area; only its parent changed (the district is gone).
    NewCommune("SL-X-PHUCLAM", "Xã Phúc Lâm", ("SL-X-PHUCLAM",), "xã Phúc Lâm"),
    NewCommune(
        "SL-X-THANHSON",
        "Xã Thanh Sơn",
        ("SL-TT-THANHSON", "SL-X-THANHHA", "SL-X-THANHMY"),
        "xã Thanh Sơn",
    ),
    NewCommune("SL-X-SONKIM", "Xã Sơn Kim", ("SL-X-SONKIM", "SL-X-SONTRA"), "xã Sơn Kim"),
    NewCommune(
        "SL-X-THANHTUNG", "Xã Thanh Tùng", ("SL-X-THANHTUNG", "SL-X-THANHLINH"), "xã Thanh Tùng"
    ),
    NewCommune("SL-X-KYLAC", "Xã Kỳ Lạc", ("SL-TT-KYLAC", "SL-X-PHULAC"), "xã Kỳ Lạc"),
    NewCommune("SL-X-NAMLUONG", "Xã Nậm Lương", ("SL-X-NAMLUONG", "SL-X-PAKHOM"), "xã Nậm Lương"),
)


@dataclass(frozen=True)
class DemoLibrary:
    """A library of the demo. `moved_to` re-parents it on the reform day (move_library)."""

    code: str
    name: str
    kind: str
    admin_unit: str  # code of the unit it sits in today
    address: str
    opening_hours: str
    since: dt.date
    parent: str | None = None
    moved_to: str | None = None
    runs_libnet: bool = True
    in_small: bool = False  # part of `--scale small`
    grades: tuple[int, int] | None = None  # school libraries: lowest and highest grade taught


def _address(street: str, unit: str) -> str:
    return f"{street}, {unit}, tỉnh Sông Lam"


_PUBLIC_HOURS = "Thứ Ba – Chủ nhật: 7h30–11h30, 13h30–17h00; tối thứ Sáu 18h30–21h00 (phòng đọc tự chọn). Nghỉ thứ Hai"
_BRANCH_HOURS = "Thứ Hai – Thứ Sáu: 7h00–11h00, 13h30–17h00; sáng thứ Bảy: 7h30–11h00"
_COMMUNE_HOURS = "Thứ Hai – Thứ Sáu: 7h30–11h00, 14h00–17h00; sáng Chủ nhật: 7h30–10h30"
_BOOKCASE_HOURS = "Tối thứ Bảy: 19h00–21h00; sáng Chủ nhật: 7h00–10h00"
_POST_OFFICE_HOURS = "Theo giờ mở cửa bưu điện: 7h00–11h30, 13h30–17h00, kể cả thứ Bảy"
_SCHOOL_HOURS = "Thứ Hai – Thứ Sáu: 7h00–11h00, 13h30–16h30 (trong năm học); nghỉ hè mở sáng thứ Tư"

L = LibraryKind

PROVINCIAL = DemoLibrary(
    "SL-TVT",
    "Thư viện tỉnh Sông Lam",
    L.PROVINCIAL,
    "SL-P-LAMGIANG",
    _address("Số 16 đường Lê Hồng Phong", "phường Lam Giang"),
    _PUBLIC_HOURS,
    dt.date(1976, 3, 15),
    in_small=True,
)

# Parents first: a library is created after the one it sits under.
PUBLIC_LIBRARIES = (
    PROVINCIAL,
    # Until the reform the Hưng Lam district library answered to the district, outside the
    # provincial tree; on 1/7/2025 it became a branch of the provincial library.
    DemoLibrary(
        "SL-HUNGLAM",
        "Chi nhánh Hưng Lam (nguyên Thư viện huyện Hưng Lam)",
        L.BRANCH,
        "SL-X-HUNGTHINH",
        _address("Số 5 đường Nguyễn Trãi, khối 3", "xã Hưng Thịnh"),
        _BRANCH_HOURS,
        HISTORY_STARTS_ON,
        moved_to="SL-TVT",
        in_small=True,
    ),
    DemoLibrary(
        "SL-TVT-CUALAM",
        "Thư viện tỉnh Sông Lam – Chi nhánh Cửa Lam",
        L.BRANCH,
        "SL-P-CUALAM",
        _address("Nhà văn hóa khối Hải Bình, số 2 đường Bến Cá", "phường Cửa Lam"),
        "Thứ Ba – Thứ Bảy: 8h00–11h30, 14h00–17h30",
        dt.date(2019, 4, 21),
        parent="SL-TVT",
        in_small=True,
    ),
    DemoLibrary(
        "SL-TVT-LD",
        "Thư viện lưu động tỉnh Sông Lam",
        L.MOBILE,
        "SL-P-LAMGIANG",
        "Xe thư viện lưu động, xuất phát tại Thư viện tỉnh Sông Lam, số 16 đường Lê Hồng Phong, phường Lam Giang",
        "Theo lịch lưu động hằng tháng: các xã miền núi, trường học và điểm luân chuyển",
        dt.date(2012, 9, 5),
        parent="SL-TVT",
        in_small=True,
    ),
    # Commune libraries of the old Hưng Lam district sat under the district library; the
    # reform moved them under the provincial library (reports now go commune → province).
    DemoLibrary(
        "SL-TANLAP",
        "Thư viện xã Tân Lập",
        L.COMMUNE,
        "SL-X-TANLAP",
        _address("Nhà văn hóa xã, thôn Trung Lập", "xã Tân Lập"),
        _COMMUNE_HOURS,
        dt.date(2012, 4, 21),
        parent="SL-HUNGLAM",
        moved_to="SL-TVT",
        in_small=True,
    ),
    DemoLibrary(
        "SL-HUNGTHINH",
        "Thư viện xã Hưng Thịnh",
        L.COMMUNE,
        "SL-X-HUNGTHINH",
        _address("Trung tâm Văn hóa – Thể thao xã, khối 1", "xã Hưng Thịnh"),
        _COMMUNE_HOURS,
        dt.date(2014, 1, 6),
        parent="SL-HUNGLAM",
        moved_to="SL-TVT",
        in_small=True,
    ),
    DemoLibrary(
        "SL-PHUCLAM",
        "Thư viện xã Phúc Lâm",
        L.COMMUNE,
        "SL-X-PHUCLAM",
        _address("Nhà văn hóa xóm Phúc Thượng", "xã Phúc Lâm"),
        "Thứ Hai, Thứ Tư, Thứ Sáu: 14h00–17h00; sáng Chủ nhật: 7h30–10h30",
        dt.date(2016, 10, 1),
        parent="SL-HUNGLAM",
        moved_to="SL-TVT",
    ),
    # The other fate DOMAIN.md §6 mentions: the Thanh Sơn district library became the
    # library of the merged Thanh Sơn commune and now answers to the provincial library.
    DemoLibrary(
        "SL-THANHSON",
        "Thư viện xã Thanh Sơn",
        L.COMMUNE,
        "SL-X-THANHSON",
        _address("Số 12 đường 19/5, khối Trung Sơn", "xã Thanh Sơn"),
        _COMMUNE_HOURS,
        HISTORY_STARTS_ON,
        moved_to="SL-TVT",
        in_small=True,
    ),
    DemoLibrary(
        "SL-CUALAM",
        "Thư viện phường Cửa Lam",
        L.COMMUNE,
        "SL-P-CUALAM",
        _address("Trụ sở khối Đông Vĩnh, số 41 đường Phan Đình Phùng", "phường Cửa Lam"),
        _COMMUNE_HOURS,
        dt.date(2018, 3, 26),
        parent="SL-TVT",
    ),
    DemoLibrary(
        "SL-HUNGLOC",
        "Thư viện phường Hưng Lộc",
        L.COMMUNE,
        "SL-P-HUNGLOC",
        _address("Nhà văn hóa khối Yên Lộc", "phường Hưng Lộc"),
        _COMMUNE_HOURS,
        dt.date(2017, 5, 19),
        parent="SL-TVT",
    ),
    DemoLibrary(
        "SL-SONKIM",
        "Thư viện xã Sơn Kim",
        L.COMMUNE,
        "SL-X-SONKIM",
        _address("Thôn Kim Lộc", "xã Sơn Kim"),
        "Thứ Hai – Thứ Sáu: 14h00–17h00; sáng thứ Bảy: 7h30–10h30",
        dt.date(2015, 11, 20),
        parent="SL-TVT",
    ),
    DemoLibrary(
        "SL-THANHTUNG",
        "Thư viện xã Thanh Tùng",
        L.COMMUNE,
        "SL-X-THANHTUNG",
        _address("Nhà văn hóa thôn Tùng Lâm", "xã Thanh Tùng"),
        _COMMUNE_HOURS,
        dt.date(2019, 9, 2),
        parent="SL-TVT",
    ),
    DemoLibrary(
        "SL-KYLAC",
        "Thư viện xã Kỳ Lạc",
        L.COMMUNE,
        "SL-X-KYLAC",
        _address("Khối Hòa Bắc", "xã Kỳ Lạc"),
        _COMMUNE_HOURS,
        dt.date(2013, 8, 19),
        parent="SL-TVT",
    ),
    DemoLibrary(
        "SL-NAMLUONG",
        "Thư viện xã Nậm Lương",
        L.COMMUNE,
        "SL-X-NAMLUONG",
        _address("Bản Na Hinh", "xã Nậm Lương"),
        "Thứ Hai – Thứ Sáu: 7h30–11h00; tối thứ Bảy: 19h00–21h00",
        dt.date(2020, 4, 21),
        parent="SL-TVT",
    ),
)


def _bookcase(
    code: str, name: str, kind: str, parent: str, unit: str, street: str, **extra: object
) -> DemoLibrary:
    commune = next(commune for commune in NEW_COMMUNES if commune.code == unit)
    hours = _POST_OFFICE_HOURS if kind == L.POST_OFFICE_POINT else _BOOKCASE_HOURS
    runs_libnet = bool(extra.get("runs_libnet", False))
    return DemoLibrary(
        code,
        name,
        kind,
        unit,
        _address(street, commune.short_name),
        hours,
        dt.date(2021, 4, 21),
        parent=parent,
        runs_libnet=runs_libnet,
        in_small=bool(extra.get("in_small", False)),
    )


BC, PO = L.COMMUNITY_BOOKCASE, L.POST_OFFICE_POINT
# Deposit points: they receive rotation boxes and report counts by hand (runs_libnet=False).
ROTATION_POINTS = (
    _bookcase(
        "SL-TANLAP-TS1",
        "Tủ sách cộng đồng thôn Đồng Xuân",
        BC,
        "SL-TANLAP",
        "SL-X-TANLAP",
        "Nhà văn hóa thôn Đồng Xuân",
        in_small=True,
    ),
    _bookcase(
        "SL-TANLAP-BD",
        "Điểm Bưu điện văn hóa xã Tân Lập",
        PO,
        "SL-TANLAP",
        "SL-X-TANLAP",
        "Thôn Trung Lập",
        in_small=True,
    ),
    _bookcase(
        "SL-HUNGTHINH-TS1",
        "Tủ sách dòng họ Phan, làng Thịnh Mỹ",
        BC,
        "SL-HUNGTHINH",
        "SL-X-HUNGTHINH",
        "Nhà thờ họ Phan, làng Thịnh Mỹ",
        in_small=True,
    ),
    _bookcase(
        "SL-HUNGTHINH-BD",
        "Điểm Bưu điện văn hóa xã Hưng Thịnh",
        PO,
        "SL-HUNGTHINH",
        "SL-X-HUNGTHINH",
        "Xóm Hưng Tân",
    ),
    _bookcase(
        "SL-PHUCLAM-TS1",
        "Tủ sách cộng đồng xóm Bàu Sen",
        BC,
        "SL-PHUCLAM",
        "SL-X-PHUCLAM",
        "Nhà văn hóa xóm Bàu Sen",
    ),
    _bookcase(
        "SL-THANHSON-BD",
        "Điểm Bưu điện văn hóa xã Thanh Sơn",
        PO,
        "SL-THANHSON",
        "SL-X-THANHSON",
        "Thôn Thanh Hà",
    ),
    # A village reading room with a trained volunteer: it lends with libnet itself.
    _bookcase(
        "SL-THANHSON-PD",
        "Phòng đọc cơ sở thôn Thanh Mỹ",
        BC,
        "SL-THANHSON",
        "SL-X-THANHSON",
        "Nhà văn hóa thôn Thanh Mỹ",
        runs_libnet=True,
    ),
    _bookcase(
        "SL-CUALAM-TS1",
        "Tủ sách cộng đồng khối Hải Bình",
        BC,
        "SL-CUALAM",
        "SL-P-CUALAM",
        "Nhà văn hóa khối Hải Bình",
    ),
    _bookcase(
        "SL-SONKIM-TS1",
        "Tủ sách cộng đồng thôn Sơn Trà",
        BC,
        "SL-SONKIM",
        "SL-X-SONKIM",
        "Nhà văn hóa thôn Sơn Trà",
    ),
    _bookcase(
        "SL-THANHTUNG-TS1",
        "Tủ sách cộng đồng thôn Tùng Lâm",
        BC,
        "SL-THANHTUNG",
        "SL-X-THANHTUNG",
        "Nhà văn hóa thôn Tùng Lâm",
    ),
    _bookcase(
        "SL-KYLAC-TS1",
        "Tủ sách cộng đồng bản Hòa Nam",
        BC,
        "SL-KYLAC",
        "SL-X-KYLAC",
        "Nhà sinh hoạt cộng đồng bản Hòa Nam",
    ),
    _bookcase(
        "SL-NAMLUONG-BD",
        "Điểm Bưu điện văn hóa xã Nậm Lương",
        PO,
        "SL-NAMLUONG",
        "SL-X-NAMLUONG",
        "Bản Na Hinh",
    ),
    _bookcase(
        "SL-NAMLUONG-TS1",
        "Tủ sách cộng đồng bản Pà Khốm",
        BC,
        "SL-NAMLUONG",
        "SL-X-NAMLUONG",
        "Nhà văn hóa bản Pà Khốm",
    ),
)


def _school(
    code: str,
    name: str,
    kind: str,
    unit: str,
    street: str,
    since: dt.date,
    grades: tuple[int, int],
    *,
    in_small: bool = False,
) -> DemoLibrary:
    commune = next(commune for commune in NEW_COMMUNES if commune.code == unit)
    # School libraries answer to the Department of Education: each is a root of the tree.
    return DemoLibrary(
        code,
        name,
        kind,
        unit,
        _address(street, commune.short_name),
        _SCHOOL_HOURS,
        since,
        in_small=in_small,
        grades=grades,
    )


MN, TH, THCS, THPT, MULTI = (
    L.SCHOOL_KINDERGARTEN,
    L.SCHOOL_PRIMARY,
    L.SCHOOL_LOWER_SECONDARY,
    L.SCHOOL_UPPER_SECONDARY,
    L.SCHOOL_MULTI,
)
PRIMARY, LOWER, UPPER = (1, 5), (6, 9), (10, 12)
SCHOOLS = (
    _school(
        "SL-TH-TANLAP",
        "Thư viện Trường Tiểu học Tân Lập",
        TH,
        "SL-X-TANLAP",
        "Thôn Trung Lập",
        dt.date(2008, 9, 5),
        PRIMARY,
        in_small=True,
    ),
    _school(
        "SL-TH-HUNGTHINH",
        "Thư viện Trường Tiểu học Hưng Thịnh",
        TH,
        "SL-X-HUNGTHINH",
        "Khối 2",
        dt.date(2009, 9, 5),
        PRIMARY,
    ),
    _school(
        "SL-TH-PHUCLAM",
        "Thư viện Trường Tiểu học Phúc Lâm",
        TH,
        "SL-X-PHUCLAM",
        "Xóm Phúc Hạ",
        dt.date(2011, 9, 5),
        PRIMARY,
    ),
    _school(
        "SL-TH-QUANGTRUNG",
        "Thư viện Trường Tiểu học Quang Trung",
        TH,
        "SL-P-LAMGIANG",
        "Số 27 đường Quang Trung",
        dt.date(2006, 9, 5),
        PRIMARY,
    ),
    _school(
        "SL-TH-CUALAM",
        "Thư viện Trường Tiểu học Cửa Lam",
        TH,
        "SL-P-CUALAM",
        "Số 8 đường Bến Cá",
        dt.date(2010, 9, 5),
        PRIMARY,
    ),
    _school(
        "SL-TH-THANHSON",
        "Thư viện Trường Tiểu học Thanh Sơn",
        TH,
        "SL-X-THANHSON",
        "Khối Trung Sơn",
        dt.date(2007, 9, 5),
        PRIMARY,
    ),
    _school(
        "SL-TH-SONKIM",
        "Thư viện Trường Tiểu học Sơn Kim",
        TH,
        "SL-X-SONKIM",
        "Thôn Kim Lộc",
        dt.date(2012, 9, 5),
        PRIMARY,
    ),
    _school(
        "SL-TH-KYLAC",
        "Thư viện Trường Tiểu học Kỳ Lạc",
        TH,
        "SL-X-KYLAC",
        "Khối Hòa Bắc",
        dt.date(2013, 9, 5),
        PRIMARY,
    ),
    _school(
        "SL-THCS-TANLAP",
        "Thư viện Trường THCS Tân Lập",
        THCS,
        "SL-X-TANLAP",
        "Thôn Đồng Xuân",
        dt.date(2009, 9, 5),
        LOWER,
        in_small=True,
    ),
    _school(
        "SL-THCS-HUNGTHINH",
        "Thư viện Trường THCS Hưng Thịnh",
        THCS,
        "SL-X-HUNGTHINH",
        "Khối 4",
        dt.date(2010, 9, 5),
        LOWER,
    ),
    _school(
        "SL-THCS-LEMAO",
        "Thư viện Trường THCS Lê Mao",
        THCS,
        "SL-P-LAMGIANG",
        "Số 3 đường Lê Mao",
        dt.date(2005, 9, 5),
        LOWER,
    ),
    _school(
        "SL-THCS-CUALAM",
        "Thư viện Trường THCS Cửa Lam",
        THCS,
        "SL-P-CUALAM",
        "Khối Đông Vĩnh",
        dt.date(2011, 9, 5),
        LOWER,
    ),
    _school(
        "SL-THCS-HUNGLOC",
        "Thư viện Trường THCS Hưng Lộc",
        THCS,
        "SL-P-HUNGLOC",
        "Khối Yên Lộc",
        dt.date(2012, 9, 5),
        LOWER,
    ),
    _school(
        "SL-THCS-THANHSON",
        "Thư viện Trường THCS Thanh Sơn",
        THCS,
        "SL-X-THANHSON",
        "Khối Trung Sơn",
        dt.date(2008, 9, 5),
        LOWER,
    ),
    _school(
        "SL-THCS-THANHTUNG",
        "Thư viện Trường THCS Thanh Tùng",
        THCS,
        "SL-X-THANHTUNG",
        "Thôn Tùng Lâm",
        dt.date(2014, 9, 5),
        LOWER,
    ),
    _school(
        "SL-THPT-HUNGLAM",
        "Thư viện Trường THPT Hưng Lam",
        THPT,
        "SL-X-HUNGTHINH",
        "Số 1 đường Nguyễn Trãi",
        dt.date(2004, 9, 5),
        UPPER,
        in_small=True,
    ),
    _school(
        "SL-THPT-CHUYEN",
        "Thư viện Trường THPT Chuyên Sông Lam",
        THPT,
        "SL-P-LAMGIANG",
        "Số 52 đường Lê Hồng Phong",
        dt.date(2004, 9, 5),
        UPPER,
    ),
    _school(
        "SL-THPT-LAMGIANG",
        "Thư viện Trường THPT Lam Giang",
        THPT,
        "SL-P-HUNGLOC",
        "Số 90 đường Hưng Lộc",
        dt.date(2006, 9, 5),
        UPPER,
    ),
    _school(
        "SL-THPT-THANHSON",
        "Thư viện Trường THPT Thanh Sơn",
        THPT,
        "SL-X-THANHSON",
        "Khối Thanh Hà",
        dt.date(2005, 9, 5),
        UPPER,
    ),
    _school(
        "SL-THTHCS-PAKHOM",
        "Thư viện Trường PTDTBT TH&THCS Pà Khốm",
        MULTI,
        "SL-X-NAMLUONG",
        "Bản Pà Khốm",
        dt.date(2015, 9, 5),
        (1, 9),
        in_small=True,
    ),
    _school(
        "SL-THTHCS-NAMLUONG",
        "Thư viện Trường TH&THCS Nậm Lương",
        MULTI,
        "SL-X-NAMLUONG",
        "Bản Na Hinh",
        dt.date(2016, 9, 5),
        (1, 9),
    ),
    _school(
        "SL-DTNT-KYLAC",
        "Thư viện Trường PT Dân tộc nội trú THCS&THPT Kỳ Lạc",
        MULTI,
        "SL-X-KYLAC",
        "Khối Hòa Nam",
        dt.date(2007, 9, 5),
        (6, 12),
    ),
    # Grade 0: a kindergarten (TT 16/2022/TT-BGDĐT Ch. II); last, so the copies planned for
    # the schools before it stay as they were.
    _school(
        "SL-MN-PHUCLAM",
        "Thư viện Trường Mầm non Phúc Lâm",
        MN,
        "SL-X-PHUCLAM",
        "Xóm Phúc Thượng",
        dt.date(2018, 9, 5),
        (0, 0),
    ),
)

ALL_LIBRARIES = PUBLIC_LIBRARIES + ROTATION_POINTS + SCHOOLS
