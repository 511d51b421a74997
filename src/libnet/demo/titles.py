"""The demo catalogue: about 2,150 titles written for libnet, with editions and ISBNs.

Works are listed by hand (classics with their real authors) or built from hand-written
vocabularies (a pattern such as "Kỹ thuật nuôi {animal}" × a list of animals). Each work then
gets one or more editions with a year, a publisher and an ISBN-13 under Vietnam's group
978-604. Publisher registrant numbers are invented for the demo (they sit in valid ranges of
group 604 but are not the publishers' real ones), so any ISBN here may belong to another book.
"""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from dataclasses import dataclass

from stdnum import isbn as stdnum_isbn

from libnet.demo import people
from libnet.demo.places import NEW_COMMUNES

SEED = "sông-lam-demo-catalogue-v1"
FULL_RECORD_COUNT = 2150

# Categories decide where copies go (register, shelf) in `loader`.
VN_LITERATURE = "vn_literature"
WORLD_LITERATURE = "world_literature"
CHILDREN = "children"
AGRICULTURE = "agriculture"
HEALTH = "health"
LAW_POLITICS = "law_politics"
HISTORY_CULTURE = "history_culture"
SCIENCE_SKILLS = "science_skills"
REFERENCE = "reference"
TEXTBOOK = "textbook"
TEACHER = "teacher"
LOCAL_STUDIES = "local_studies"
FOREIGN_LANGUAGE = "foreign_language"


@dataclass(frozen=True)
class Publisher:
    name: str
    place: str
    registrant: str  # invented for the demo; within a valid range of ISBN group 604


PUBLISHERS = {
    "giaoduc": Publisher("Nxb. Giáo dục Việt Nam", "Hà Nội", "0"),
    "tre": Publisher("Nxb. Trẻ", "Thành phố Hồ Chí Minh", "1"),
    "kimdong": Publisher("Nxb. Kim Đồng", "Hà Nội", "2"),
    "hoinhavan": Publisher("Nxb. Hội Nhà văn", "Hà Nội", "53"),
    "dhsp": Publisher("Nxb. Đại học Sư phạm", "Hà Nội", "54"),
    "phunu": Publisher("Nxb. Phụ nữ Việt Nam", "Hà Nội", "56"),
    "ctqg": Publisher("Nxb. Chính trị quốc gia Sự thật", "Hà Nội", "57"),
    "tonghop": Publisher("Nxb. Tổng hợp Thành phố Hồ Chí Minh", "Thành phố Hồ Chí Minh", "58"),
    "laodong": Publisher("Nxb. Lao động", "Hà Nội", "59"),
    "nongnghiep": Publisher("Nxb. Nông nghiệp", "Hà Nội", "60"),
    "khxh": Publisher("Nxb. Khoa học xã hội", "Hà Nội", "62"),
    "thanhnien": Publisher("Nxb. Thanh niên", "Hà Nội", "64"),
    "yhoc": Publisher("Nxb. Y học", "Hà Nội", "66"),
    "khkt": Publisher("Nxb. Khoa học và Kỹ thuật", "Hà Nội", "67"),
    "vanhoc": Publisher("Nxb. Văn học", "Hà Nội", "69"),
    "vhdt": Publisher("Nxb. Văn hóa dân tộc", "Hà Nội", "70"),
    "thegioi": Publisher("Nxb. Thế giới", "Hà Nội", "77"),
    "tuphap": Publisher("Nxb. Tư pháp", "Hà Nội", "81"),
    "hongduc": Publisher("Nxb. Hồng Đức", "Hà Nội", "86"),
    "dantri": Publisher("Nxb. Dân trí", "Hà Nội", "88"),
    # The provincial library prints its own bibliographies, without ISBN.
    "tvt": Publisher("Thư viện tỉnh Sông Lam", "Lam Giang", ""),
}


@dataclass(frozen=True)
class DemoTitle:
    """One edition as the catalogue will describe it; `records.build_marc` makes it MARC."""

    category: str
    title: str
    ddc: str
    subjects: tuple[str, ...]
    publisher: str = "vanhoc"  # a key of PUBLISHERS
    year: int = 0  # 0: chosen per edition in _editions
    subtitle: str = ""  # 245 $b, e.g. "tiểu thuyết"
    part: str = ""  # 245 $n, e.g. "Tập 1"
    authors: tuple[str, ...] = ()  # personal names; Western names inverted ("Hugo, Victor")
    corporate_author: str = ""
    contributors: tuple[tuple[str, str], ...] = ()  # (name, role) → 700 $e
    responsibility: str = ""  # 245 $c when not simply the authors
    edition: str = ""
    isbn: str = ""
    geographic: tuple[str, ...] = ()  # 651
    keywords: tuple[str, ...] = ()  # 653
    series: str = ""
    pages: int = 200
    illustrations: str = ""
    height_cm: int = 21
    summary: str = ""
    language: str = "vie"
    original_language: str = ""
    original_title: str = ""
    audience: str = " "  # 008/22: "j" juvenile, "d" adolescent
    literary_form: str = "0"  # 008/33: 0 not fiction, f novel, j short stories, p poetry
    price_vnd: int = 80_000
    grade: int | None = None
    nonfiling: int = 0  # characters to skip when filing ("The " = 4)
    material: str = "a"  # leader/06: a text, e cartographic
    edition_weight: float = 1.0  # how likely the work gets reprinted


def _round_price(value: float) -> int:
    return round(value / 1000.0) * 1000


# ---------------------------------------------------------------- literature

# (author, title, subtitle, DDC, literary form, subjects, summary)
VN_CLASSICS: tuple[tuple[str, str, str, str, str, tuple[str, ...], str], ...] = (
    ("Nguyễn Du", "Truyện Kiều", "", "895.9221", "p", ("Văn học cổ điển", "Truyện thơ"),
     "Truyện thơ lục bát kể cuộc đời mười lăm năm lưu lạc của Thúy Kiều, kiệt tác của văn học trung đại Việt Nam."),
    ("Nguyễn Đình Chiểu", "Lục Vân Tiên", "truyện thơ", "895.9221", "p", ("Văn học cổ điển", "Truyện thơ"), ""),
    ("Hồ Xuân Hương", "Thơ Hồ Xuân Hương", "", "895.9221", "p", ("Văn học cổ điển", "Thơ"), ""),
    ("Đặng Trần Côn", "Chinh phụ ngâm", "", "895.9221", "p", ("Văn học cổ điển", "Ngâm khúc"), ""),
    ("Nguyễn Gia Thiều", "Cung oán ngâm khúc", "", "895.9221", "p", ("Văn học cổ điển", "Ngâm khúc"), ""),
    ("Nguyễn Dữ", "Truyền kỳ mạn lục", "", "895.9223", "j", ("Văn học cổ điển", "Truyện truyền kỳ"), ""),
    ("Ngô gia văn phái", "Hoàng Lê nhất thống chí", "tiểu thuyết lịch sử", "895.9223", "f",
     ("Văn học cổ điển", "Tiểu thuyết lịch sử"), ""),
    ("Hồ Chí Minh", "Nhật ký trong tù", "", "895.9221", "p", ("Văn học hiện đại", "Thơ"), ""),
    ("Vũ Trọng Phụng", "Số đỏ", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết"),
     "Cuộc đời Xuân Tóc Đỏ, từ kẻ nhặt banh quần vợt trở thành \"anh hùng cứu quốc\": bức tranh trào phúng xã hội thành thị những năm 1930."),
    ("Vũ Trọng Phụng", "Giông tố", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết"), ""),
    ("Vũ Trọng Phụng", "Kỹ nghệ lấy Tây", "phóng sự", "895.9228", "0", ("Văn học hiện đại", "Phóng sự"), ""),
    ("Ngô Tất Tố", "Tắt đèn", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết"),
     "Gia đình chị Dậu bị dồn đến đường cùng vì món sưu thuế ngày trước: bức tranh nông thôn Việt Nam trước Cách mạng tháng Tám."),
    ("Ngô Tất Tố", "Lều chõng", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết"), ""),
    ("Nam Cao", "Chí Phèo", "tập truyện ngắn", "895.9223", "j", ("Văn học hiện đại", "Truyện ngắn"),
     "Tập truyện ngắn tiêu biểu của Nam Cao về người nông dân bị tha hóa và người trí thức nghèo trước 1945."),
    ("Nam Cao", "Sống mòn", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết"), ""),
    ("Nam Cao", "Lão Hạc", "truyện ngắn chọn lọc", "895.9223", "j", ("Văn học hiện đại", "Truyện ngắn"), ""),
    ("Nguyên Hồng", "Bỉ vỏ", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết"), ""),
    ("Nguyên Hồng", "Những ngày thơ ấu", "hồi ký", "895.9228", "0", ("Văn học hiện đại", "Hồi ký"), ""),
    ("Thạch Lam", "Gió đầu mùa", "tập truyện ngắn", "895.9223", "j", ("Văn học hiện đại", "Truyện ngắn"), ""),
    ("Thạch Lam", "Hà Nội băm sáu phố phường", "tùy bút", "895.9228", "0", ("Văn học hiện đại", "Tùy bút"), ""),
    ("Nguyễn Tuân", "Vang bóng một thời", "", "895.9223", "j", ("Văn học hiện đại", "Truyện ngắn"), ""),
    ("Nhất Linh", "Đoạn tuyệt", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết"), ""),
    ("Khái Hưng", "Hồn bướm mơ tiên", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết"), ""),
    ("Nguyễn Công Hoan", "Bước đường cùng", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết"), ""),
    ("Tô Hoài", "Dế Mèn phiêu lưu ký", "", "895.9223", "f", ("Văn học thiếu nhi", "Truyện dài"),
     "Chú Dế Mèn kiêu căng rời nhà đi phiêu lưu, qua nhiều thử thách mà trưởng thành và biết sống vì bạn bè."),
    ("Tô Hoài", "Vợ chồng A Phủ", "truyện", "895.9223", "j", ("Văn học hiện đại", "Truyện ngắn", "Dân tộc H'Mông"), ""),
    ("Tô Hoài", "Cát bụi chân ai", "hồi ký", "895.9228", "0", ("Văn học hiện đại", "Hồi ký"), ""),
    ("Kim Lân", "Vợ nhặt", "tập truyện ngắn", "895.9223", "j", ("Văn học hiện đại", "Truyện ngắn"), ""),
    ("Đoàn Giỏi", "Đất rừng phương Nam", "truyện dài", "895.9223", "f", ("Văn học thiếu nhi", "Truyện dài", "Nam Bộ"),
     "Cậu bé An lưu lạc khắp miền rừng U Minh trong những năm kháng chiến chống Pháp, giữa thiên nhiên và con người Nam Bộ."),
    ("Phùng Quán", "Tuổi thơ dữ dội", "tiểu thuyết", "895.9223", "f", ("Văn học thiếu nhi", "Tiểu thuyết"), ""),
    ("Võ Quảng", "Quê nội", "truyện dài", "895.9223", "f", ("Văn học thiếu nhi", "Truyện dài"), ""),
    ("Duy Khán", "Tuổi thơ im lặng", "hồi ký", "895.9228", "0", ("Văn học hiện đại", "Hồi ký"), ""),
    ("Sơn Tùng", "Búp sen xanh", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết", "Hồ Chí Minh"), ""),
    ("Nguyễn Minh Châu", "Dấu chân người lính", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết", "Chiến tranh"), ""),
    ("Nguyễn Minh Châu", "Chiếc thuyền ngoài xa", "tập truyện ngắn", "895.9223", "j", ("Văn học hiện đại", "Truyện ngắn"), ""),
    ("Anh Đức", "Hòn Đất", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết", "Chiến tranh"), ""),
    ("Nguyễn Trung Thành", "Rừng xà nu", "tập truyện", "895.9223", "j", ("Văn học hiện đại", "Truyện ngắn", "Tây Nguyên"), ""),
    ("Bảo Ninh", "Nỗi buồn chiến tranh", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết", "Chiến tranh"),
     "Ký ức của người lính Kiên sau chiến tranh: tình yêu, mất mát và nỗi ám ảnh của những năm tháng ở chiến trường Tây Nguyên."),
    ("Lê Lựu", "Thời xa vắng", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết"), ""),
    ("Dương Hướng", "Bến không chồng", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết"), ""),
    ("Nguyễn Huy Thiệp", "Tướng về hưu", "tập truyện ngắn", "895.9223", "j", ("Văn học hiện đại", "Truyện ngắn"), ""),
    ("Nguyễn Khắc Trường", "Mảnh đất lắm người nhiều ma", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết"), ""),
    ("Ma Văn Kháng", "Mùa lá rụng trong vườn", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết"), ""),
    ("Đặng Thùy Trâm", "Nhật ký Đặng Thùy Trâm", "", "895.9228", "0", ("Văn học hiện đại", "Nhật ký", "Chiến tranh"),
     "Nhật ký của nữ bác sĩ Đặng Thùy Trâm viết tại chiến trường Đức Phổ, Quảng Ngãi từ 1968 đến 1970."),
    ("Nguyễn Văn Thạc", "Mãi mãi tuổi hai mươi", "nhật ký", "895.9228", "0", ("Văn học hiện đại", "Nhật ký", "Chiến tranh"), ""),
    ("Nguyễn Ngọc Tư", "Cánh đồng bất tận", "tập truyện", "895.9223", "j", ("Văn học hiện đại", "Truyện ngắn", "Nam Bộ"), ""),
    ("Nguyễn Ngọc Thuần", "Vừa nhắm mắt vừa mở cửa sổ", "truyện dài", "895.9223", "f", ("Văn học thiếu nhi", "Truyện dài"), ""),
    ("Nguyễn Huy Tưởng", "Lá cờ thêu sáu chữ vàng", "truyện lịch sử", "895.9223", "f", ("Văn học thiếu nhi", "Truyện lịch sử"), ""),
    ("Nguyễn Huy Tưởng", "Sống mãi với thủ đô", "tiểu thuyết", "895.9223", "f", ("Văn học hiện đại", "Tiểu thuyết"), ""),
    ("Nguyễn Quang Sáng", "Chiếc lược ngà", "tập truyện ngắn", "895.9223", "j", ("Văn học hiện đại", "Truyện ngắn"), ""),
    ("Sơn Nam", "Hương rừng Cà Mau", "tập truyện", "895.9223", "j", ("Văn học hiện đại", "Truyện ngắn", "Nam Bộ"), ""),
    ("Hoài Thanh", "Thi nhân Việt Nam", "1932–1941", "895.922109", "0", ("Nghiên cứu văn học", "Thơ mới"), ""),
    ("Lưu Quang Vũ", "Hồn Trương Ba, da hàng thịt", "kịch", "895.9222", "d", ("Văn học hiện đại", "Kịch"), ""),
    ("Xuân Quỳnh", "Thơ Xuân Quỳnh", "", "895.9221", "p", ("Văn học hiện đại", "Thơ"), ""),
    ("Tố Hữu", "Từ ấy", "thơ", "895.9221", "p", ("Văn học hiện đại", "Thơ"), ""),
    ("Huy Cận", "Lửa thiêng", "thơ", "895.9221", "p", ("Văn học hiện đại", "Thơ mới"), ""),
    ("Xuân Diệu", "Thơ thơ", "", "895.9221", "p", ("Văn học hiện đại", "Thơ mới"), ""),
    ("Hàn Mặc Tử", "Đau thương", "thơ", "895.9221", "p", ("Văn học hiện đại", "Thơ mới"), ""),
    ("Nguyễn Bính", "Lỡ bước sang ngang", "thơ", "895.9221", "p", ("Văn học hiện đại", "Thơ mới"), ""),
    ("Trần Đăng Khoa", "Góc sân và khoảng trời", "thơ", "895.9221", "p", ("Văn học thiếu nhi", "Thơ"), ""),
    ("Phạm Tiến Duật", "Vầng trăng quầng lửa", "thơ", "895.9221", "p", ("Văn học hiện đại", "Thơ", "Chiến tranh"), ""),
    ("Nguyễn Khoa Điềm", "Mặt đường khát vọng", "trường ca", "895.9221", "p", ("Văn học hiện đại", "Trường ca"), ""),
)  # fmt: skip

NGUYEN_NHAT_ANH = (
    "Mắt biếc", "Cho tôi xin một vé đi tuổi thơ", "Tôi thấy hoa vàng trên cỏ xanh",
    "Cô gái đến từ hôm qua", "Cây chuối non đi giày xanh", "Ngồi khóc trên cây", "Tôi là Bêtô",
    "Đảo mộng mơ", "Bồ câu không đưa thư", "Hạ đỏ", "Làm bạn với bầu trời",
    "Con chim xanh biếc bay về", "Có hai con mèo ngồi bên cửa sổ", "Ngày xưa có một chuyện tình",
    "Chúc một ngày tốt lành", "Cảm ơn người lớn", "Còn chút gì để nhớ", "Út Quyên và tôi",
)  # fmt: skip

# Works for anthologies: "Truyện ngắn chọn lọc" of a writer, "Tuyển tập thơ" of a poet.
PROSE_WRITERS = (
    "Nam Cao", "Thạch Lam", "Nguyễn Tuân", "Tô Hoài", "Kim Lân", "Nguyễn Minh Châu",
    "Nguyễn Huy Thiệp", "Nguyễn Ngọc Tư", "Ma Văn Kháng", "Nguyễn Khải", "Nguyễn Quang Sáng",
    "Sơn Nam", "Nguyễn Công Hoan", "Bảo Ninh", "Hồ Anh Thái", "Nguyễn Thị Thu Huệ",
    "Phan Thị Vàng Anh", "Y Ban", "Trần Thùy Mai", "Nguyễn Khắc Trường",
)  # fmt: skip
POETS = (
    "Xuân Quỳnh", "Tố Hữu", "Xuân Diệu", "Huy Cận", "Chế Lan Viên", "Nguyễn Bính", "Hàn Mặc Tử",
    "Lưu Quang Vũ", "Thanh Thảo", "Y Phương", "Nguyễn Khoa Điềm", "Bằng Việt", "Hữu Thỉnh",
    "Phạm Tiến Duật", "Quang Dũng",
)  # fmt: skip

# Invented contemporary works by invented authors (see people.person_name).
NEW_FICTION = (
    ("Gió Lào", "tiểu thuyết", "f"), ("Chuyến đò cuối năm", "tập truyện ngắn", "j"),
    ("Bên dòng Sông Lam", "tiểu thuyết", "f"), ("Tiếng chuông chùa làng", "tập truyện ngắn", "j"),
    ("Ngôi nhà bên núi", "tiểu thuyết", "f"), ("Mẹ và những mùa gặt", "tản văn", "0"),
    ("Bản làng mùa hoa ban", "tập truyện ngắn", "j"), ("Người giữ đèn biển", "tiểu thuyết", "f"),
    ("Tháng Ba hoa gạo", "tập thơ", "p"), ("Khúc hát ru của mẹ", "tập thơ", "p"),
    ("Những ngày mưa ở phố huyện", "tiểu thuyết", "f"), ("Đường về bản", "tập truyện ngắn", "j"),
    ("Cánh diều tuổi thơ", "tản văn", "0"), ("Ký ức tuổi mười lăm", "truyện dài", "f"),
    ("Hoa ban nở muộn", "tiểu thuyết", "f"), ("Dòng sông mẹ", "tập thơ", "p"),
    ("Người lái đò trên Sông Lam", "tập truyện ngắn", "j"), ("Mùa nước nổi", "tiểu thuyết", "f"),
    ("Làng chài sau bão", "tập truyện ngắn", "j"), ("Nắng qua hiên nhà", "tản văn", "0"),
    ("Căn gác nhỏ phố cũ", "tiểu thuyết", "f"), ("Chuyện làng Thịnh Mỹ", "tập truyện ngắn", "j"),
    ("Những cánh cò trắng", "tập thơ", "p"), ("Phía sau lũy tre", "tiểu thuyết", "f"),
    ("Tiếng hò trên sông", "tập thơ", "p"), ("Mùa thi", "truyện dài", "f"),
    ("Con đường đến trường", "tập truyện ngắn", "j"), ("Bếp lửa ngày đông", "tản văn", "0"),
    ("Hương cau", "tập truyện ngắn", "j"), ("Tuổi hai mươi ở thành phố", "tiểu thuyết", "f"),
    ("Vầng trăng bên núi", "tập thơ", "p"), ("Khoảng lặng", "tản văn", "0"),
    ("Lối cũ", "tiểu thuyết", "f"), ("Nhà có hai cây cau", "truyện dài", "f"),
    ("Bến đợi", "tập truyện ngắn", "j"), ("Giọt mưa đầu hạ", "tập thơ", "p"),
    ("Chợ phiên vùng cao", "tập truyện ngắn", "j"), ("Đêm trắng", "tiểu thuyết", "f"),
    ("Sóng ở đáy sông", "tiểu thuyết", "f"), ("Những người đi mở đất", "tiểu thuyết", "f"),
)  # fmt: skip

# (Vietnamese title, original title, author, original language, DDC, literary form)
WORLD_WORKS = (
    ("Hoàng tử bé", "Le Petit Prince", "Saint-Exupéry, Antoine de", "fre", "843.912", "f"),
    ("Những người khốn khổ", "Les Misérables", "Hugo, Victor", "fre", "843.7", "f"),
    ("Không gia đình", "Sans famille", "Malot, Hector", "fre", "843.8", "f"),
    ("Ba chàng lính ngự lâm", "Les Trois Mousquetaires", "Dumas, Alexandre", "fre", "843.7", "f"),
    ("Hai vạn dặm dưới đáy biển", "Vingt mille lieues sous les mers", "Verne, Jules", "fre", "843.8", "f"),
    ("Ông già và biển cả", "The Old Man and the Sea", "Hemingway, Ernest", "eng", "813.52", "f"),
    ("Những cuộc phiêu lưu của Tom Sawyer", "The Adventures of Tom Sawyer", "Twain, Mark", "eng", "813.4", "f"),
    ("Túp lều bác Tôm", "Uncle Tom's Cabin", "Stowe, Harriet Beecher", "eng", "813.3", "f"),
    ("Jane Eyre", "Jane Eyre", "Brontë, Charlotte", "eng", "823.8", "f"),
    ("Đồi gió hú", "Wuthering Heights", "Brontë, Emily", "eng", "823.8", "f"),
    ("Kiêu hãnh và định kiến", "Pride and Prejudice", "Austen, Jane", "eng", "823.7", "f"),
    ("Oliver Twist", "Oliver Twist", "Dickens, Charles", "eng", "823.8", "f"),
    ("Robinson Crusoe", "Robinson Crusoe", "Defoe, Daniel", "eng", "823.5", "f"),
    ("Ruồi trâu", "The Gadfly", "Voynich, Ethel Lilian", "eng", "823.8", "f"),
    ("Chiến tranh và hòa bình", "Voyna i mir", "Tolstoy, Lev", "rus", "891.733", "f"),
    ("Thép đã tôi thế đấy", "Kak zakalyalas' stal'", "Ostrovsky, Nikolai", "rus", "891.7342", "f"),
    ("Thời thơ ấu", "Detstvo", "Gorky, Maxim", "rus", "891.733", "f"),
    ("Những tấm lòng cao cả", "Cuore", "De Amicis, Edmondo", "ita", "853.8", "f"),
    ("Totto-chan bên cửa sổ", "Madogiwa no Totto-chan", "Kuroyanagi, Tetsuko", "jpn", "895.635", "f"),
    ("Rừng Na Uy", "Noruwei no mori", "Murakami, Haruki", "jpn", "895.635", "f"),
    ("Nhà giả kim", "O Alquimista", "Coelho, Paulo", "por", "869.342", "f"),
    ("Trăm năm cô đơn", "Cien años de soledad", "García Márquez, Gabriel", "spa", "863.64", "f"),
    ("Chuyện con mèo dạy hải âu bay", "Historia de una gaviota y del gato que le enseñó a volar", "Sepúlveda, Luis", "spa", "863.64", "f"),
    ("Harry Potter và hòn đá phù thủy", "Harry Potter and the Philosopher's Stone", "Rowling, J. K.", "eng", "823.914", "f"),
    ("Cuốn theo chiều gió", "Gone with the Wind", "Mitchell, Margaret", "eng", "813.52", "f"),
    ("Tiếng gọi nơi hoang dã", "The Call of the Wild", "London, Jack", "eng", "813.52", "f"),
    ("Giết con chim nhại", "To Kill a Mockingbird", "Lee, Harper", "eng", "813.54", "f"),
    ("Hai số phận", "Kane and Abel", "Archer, Jeffrey", "eng", "823.914", "f"),
    ("Truyện cổ Andersen", "Eventyr", "Andersen, H. C.", "dan", "839.8136", "j"),
    ("Truyện cổ Grimm", "Kinder- und Hausmärchen", "Grimm, Jacob", "ger", "398.20943", "j"),
    ("Alice ở xứ sở thần tiên", "Alice's Adventures in Wonderland", "Carroll, Lewis", "eng", "823.8", "f"),
    ("Cuộc phiêu lưu của Pinocchio", "Le avventure di Pinocchio", "Collodi, Carlo", "ita", "853.8", "f"),
)  # fmt: skip

# Translated non-fiction: (title, original, author, original language, DDC, subjects)
WORLD_NONFICTION = (
    ("Đắc nhân tâm", "How to Win Friends and Influence People", "Carnegie, Dale", "eng", "158.2", ("Tâm lý học ứng dụng", "Giao tiếp")),
    ("Quẳng gánh lo đi và vui sống", "How to Stop Worrying and Start Living", "Carnegie, Dale", "eng", "158.1", ("Tâm lý học ứng dụng",)),
    ("7 thói quen hiệu quả", "The 7 Habits of Highly Effective People", "Covey, Stephen R.", "eng", "158.1", ("Kỹ năng sống", "Thành công")),
    ("Lược sử thời gian", "A Brief History of Time", "Hawking, Stephen", "eng", "523.1", ("Vũ trụ học", "Vật lý")),
    ("Vũ trụ", "Cosmos", "Sagan, Carl", "eng", "520", ("Thiên văn học",)),
    ("Sapiens: Lược sử loài người", "Sapiens: A Brief History of Humankind", "Harari, Yuval Noah", "eng", "909", ("Lịch sử thế giới", "Nhân loại học")),
    ("Súng, vi trùng và thép", "Guns, Germs, and Steel", "Diamond, Jared", "eng", "303.4", ("Xã hội học", "Lịch sử thế giới")),
    ("Nuôi con không phải là cuộc chiến", "", "Tracy, Gina Ford", "eng", "649.1", ("Nuôi dạy con",)),
)  # fmt: skip


def _literature(rng: random.Random) -> list[DemoTitle]:
    works: list[DemoTitle] = []
    for author, title, subtitle, ddc, form, subjects, summary in VN_CLASSICS:
        is_children = "Văn học thiếu nhi" in subjects
        publisher = (
            "kimdong"
            if is_children
            else rng.choice(("vanhoc", "vanhoc", "hoinhavan", "giaoduc", "tre", "hongduc"))
        )
        contributors: tuple[tuple[str, str], ...] = ()
        if author == "Đặng Trần Côn":
            contributors = (("Đoàn Thị Điểm", "dịch"),)
        works.append(
            DemoTitle(
                category=VN_LITERATURE,
                title=title,
                subtitle=subtitle,
                authors=(author,),
                contributors=contributors,
                responsibility=f"{author} ; Đoàn Thị Điểm dịch" if contributors else "",
                ddc=ddc,
                subjects=subjects,
                geographic=("Việt Nam",),
                publisher=publisher,
                pages=rng.randint(120, 480),
                literary_form=form,
                summary=summary,
                audience="j" if is_children else " ",
                price_vnd=_round_price(rng.uniform(45_000, 150_000)),
                edition_weight=4.0,
                series="Văn học Việt Nam – Tác phẩm chọn lọc" if rng.random() < 0.3 else "",
            )
        )
    for title in NGUYEN_NHAT_ANH:
        works.append(
            DemoTitle(
                category=VN_LITERATURE,
                title=title,
                subtitle="truyện dài",
                authors=("Nguyễn Nhật Ánh",),
                ddc="895.9223",
                subjects=("Văn học hiện đại", "Truyện dài", "Tuổi học trò"),
                geographic=("Việt Nam",),
                publisher="tre",
                pages=rng.randint(180, 380),
                illustrations="minh họa",
                height_cm=20,
                literary_form="f",
                audience="d",
                price_vnd=_round_price(rng.uniform(80_000, 145_000)),
                edition_weight=3.0,
            )
        )
    for writer in PROSE_WRITERS:
        for pattern in rng.sample(("Truyện ngắn chọn lọc", "Tuyển tập", "Tác phẩm chọn lọc"), 2):
            title = f"{writer} – {pattern}" if pattern != "Tuyển tập" else f"Tuyển tập {writer}"
            works.append(
                DemoTitle(
                    category=VN_LITERATURE,
                    title=title,
                    authors=(writer,),
                    ddc="895.9223",
                    subjects=("Văn học hiện đại", "Truyện ngắn"),
                    geographic=("Việt Nam",),
                    publisher=rng.choice(("vanhoc", "hoinhavan", "tre")),
                    pages=rng.randint(300, 700),
                    literary_form="j",
                    price_vnd=_round_price(rng.uniform(90_000, 220_000)),
                )
            )
    for poet in POETS:
        works.append(
            DemoTitle(
                category=VN_LITERATURE,
                title=f"Thơ {poet}",
                subtitle=rng.choice(("tuyển chọn", "những bài thơ hay nhất", "")),
                authors=(poet,),
                ddc="895.9221",
                subjects=("Văn học hiện đại", "Thơ"),
                geographic=("Việt Nam",),
                publisher=rng.choice(("vanhoc", "hoinhavan")),
                pages=rng.randint(150, 320),
                literary_form="p",
                price_vnd=_round_price(rng.uniform(60_000, 120_000)),
            )
        )
    for title, genre, form in NEW_FICTION:
        ddc = {"p": "895.9221", "0": "895.9228"}.get(form, "895.9223")
        kind = {"p": "Thơ", "0": "Tản văn", "j": "Truyện ngắn"}.get(form, "Tiểu thuyết")
        works.append(
            DemoTitle(
                category=VN_LITERATURE,
                title=title,
                subtitle=genre,
                authors=(people.person_name(rng),),
                ddc=ddc,
                subjects=("Văn học hiện đại", kind),
                geographic=("Việt Nam",),
                publisher=rng.choice(
                    ("hoinhavan", "hoinhavan", "vanhoc", "phunu", "tre", "thanhnien")
                ),
                pages=rng.randint(96, 420),
                literary_form=form,
                price_vnd=_round_price(rng.uniform(55_000, 160_000)),
                edition_weight=0.3,
            )
        )
    for title, original, author, language, ddc, form in WORLD_WORKS:
        is_folk = ddc.startswith("398")
        is_children = title in {"Hoàng tử bé", "Không gia đình", "Truyện cổ Andersen", "Truyện cổ Grimm", "Alice ở xứ sở thần tiên", "Cuộc phiêu lưu của Pinocchio", "Những tấm lòng cao cả", "Chuyện con mèo dạy hải âu bay", "Totto-chan bên cửa sổ"}  # fmt: skip
        works.append(
            DemoTitle(
                category=WORLD_LITERATURE,
                title=title,
                subtitle="" if is_folk else rng.choice(("tiểu thuyết", "", "")),
                authors=(author,),
                contributors=((people.person_name(rng), "dịch"),),
                ddc=ddc,
                subjects=("Văn học nước ngoài", "Truyện cổ tích" if is_folk else "Tiểu thuyết"),
                publisher=rng.choice(("vanhoc", "hoinhavan", "kimdong" if is_children else "tre")),
                pages=rng.randint(140, 900),
                literary_form=form,
                original_language=language,
                original_title=original,
                audience="j" if is_children else " ",
                price_vnd=_round_price(rng.uniform(60_000, 260_000)),
                edition_weight=3.0,
            )
        )
    for title, original, author, language, ddc, subjects in WORLD_NONFICTION:
        works.append(
            DemoTitle(
                category=SCIENCE_SKILLS,
                title=title,
                authors=(author,),
                contributors=((people.person_name(rng), "dịch"),),
                ddc=ddc,
                subjects=subjects,
                publisher=rng.choice(("tonghop", "tre", "thegioi", "laodong")),
                pages=rng.randint(220, 520),
                original_language=language,
                original_title=original,
                price_vnd=_round_price(rng.uniform(86_000, 240_000)),
                edition_weight=2.0,
            )
        )
    return works


# ---------------------------------------------------------------- children

FOLK_TALES = (
    "Sự tích Thánh Gióng", "Tấm Cám", "Thạch Sanh", "Sọ Dừa", "Cây khế", "Sự tích trầu cau",
    "Con Rồng cháu Tiên", "Sơn Tinh, Thủy Tinh", "Em bé thông minh", "Sự tích dưa hấu",
    "Sự tích cây vú sữa", "Chử Đồng Tử", "Bánh chưng, bánh giầy", "Sự tích Hồ Gươm",
    "Cóc kiện trời", "Sự tích chú Cuội cung trăng", "Cây tre trăm đốt", "Thánh Gióng",
    "Mị Châu – Trọng Thủy", "Sự tích con muỗi", "Sự tích hoa cúc trắng", "Ba chàng thiện nghệ",
    "Chàng Ngốc được kiện", "Trạng Quỳnh", "Trạng Hiền", "Ông lão đánh cá và con cá vàng",
    "Thỏ và rùa", "Hai anh em", "Sự tích núi Vọng Phu", "Sự tích đầm Dạ Trạch",
    "Nàng tiên ốc", "Sự tích con dã tràng", "Người học trò và con chó đá", "Ăn khế trả vàng",
    "Sự tích cái chổi",
)  # fmt: skip
FOLK_SERIES = (
    "Truyện cổ tích Việt Nam",
    "Tranh truyện dân gian Việt Nam",
    "Cổ tích Việt Nam cho bé",
)
FAMOUS_PEOPLE = (
    "Hai Bà Trưng", "Bà Triệu", "Ngô Quyền", "Đinh Bộ Lĩnh", "Lý Công Uẩn", "Lý Thường Kiệt",
    "Trần Hưng Đạo", "Trần Quốc Toản", "Yết Kiêu", "Phạm Ngũ Lão", "Chu Văn An", "Nguyễn Trãi",
    "Lê Lợi", "Lê Thánh Tông", "Lương Thế Vinh", "Nguyễn Bỉnh Khiêm", "Mạc Đĩnh Chi",
    "Lê Quý Đôn", "Hải Thượng Lãn Ông", "Tuệ Tĩnh", "Quang Trung – Nguyễn Huệ", "Nguyễn Du",
    "Phan Bội Châu", "Phan Châu Trinh", "Nguyễn Thị Minh Khai", "Võ Thị Sáu", "Kim Đồng",
    "Võ Nguyên Giáp", "Trần Phú", "Lê Hồng Phong",
)  # fmt: skip
# (topic, DDC)
CHILD_SCIENCE_TOPICS = (
    ("Vũ trụ", "520"), ("Trái Đất", "550"), ("Động vật", "590"), ("Thực vật", "580"),
    ("Cơ thể người", "612"), ("Phát minh và khám phá", "608"), ("Đại dương", "551.46"),
    ("Khủng long", "567.9"), ("Thời tiết và khí hậu", "551.6"), ("Môi trường", "363.7"),
    ("Côn trùng", "595.7"), ("Máy móc quanh em", "621.8"),
)  # fmt: skip
CHILD_SCIENCE_SERIES = (
    "Mười vạn câu hỏi vì sao",
    "Bách khoa tri thức cho trẻ em",
    "Em yêu khoa học",
)
LIFE_SKILLS = (
    "Tự bảo vệ bản thân", "Phòng tránh đuối nước", "An toàn giao thông", "Ứng xử văn minh nơi công cộng",
    "Quản lý thời gian", "Biết tiết kiệm", "Làm việc nhóm", "Phòng chống xâm hại", "Tự lập",
    "Giữ gìn vệ sinh cá nhân", "Sử dụng Internet an toàn", "Nói lời cảm ơn và xin lỗi",
)  # fmt: skip
HISTORY_COMICS = (
    "Hai Bà Trưng khởi nghĩa", "Ngô Quyền đại phá quân Nam Hán", "Dời đô về Thăng Long",
    "Ba lần đánh thắng quân Nguyên Mông", "Khởi nghĩa Lam Sơn", "Quang Trung đại phá quân Thanh",
    "Xô viết Nghệ Tĩnh", "Cách mạng tháng Tám", "Chiến thắng Điện Biên Phủ", "Mùa xuân đại thắng",
    "Nhà Lý dựng nước", "Nhà Trần giữ nước",
)  # fmt: skip


def _children(rng: random.Random) -> list[DemoTitle]:
    works: list[DemoTitle] = []
    for tale in FOLK_TALES:
        for series in FOLK_SERIES:
            writer, artist = people.person_name(rng), people.person_name(rng)
            works.append(
                DemoTitle(
                    category=CHILDREN,
                    title=tale,
                    contributors=((writer, "biên soạn"), (artist, "vẽ tranh")),
                    responsibility=f"lời: {writer} ; tranh: {artist}",
                    ddc="398.209597",
                    subjects=("Văn học dân gian", "Truyện cổ tích", "Truyện tranh"),
                    geographic=("Việt Nam",),
                    series=series,
                    publisher=rng.choice(("kimdong", "kimdong", "giaoduc", "dantri")),
                    pages=rng.choice((16, 24, 32, 36)),
                    illustrations="tranh màu",
                    height_cm=rng.choice((19, 24, 27)),
                    audience="j",
                    literary_form="j",
                    price_vnd=_round_price(rng.uniform(12_000, 35_000)),
                    edition_weight=1.5,
                )
            )
    for person in FAMOUS_PEOPLE:
        writer = people.person_name(rng)
        works.append(
            DemoTitle(
                category=CHILDREN,
                title=person,
                authors=(writer,),
                ddc="959.70092",
                subjects=("Danh nhân", "Lịch sử", "Truyện tranh"),
                geographic=("Việt Nam",),
                series="Truyện tranh danh nhân Việt Nam",
                publisher="kimdong",
                pages=rng.choice((32, 48, 64)),
                illustrations="tranh màu",
                height_cm=24,
                audience="j",
                price_vnd=_round_price(rng.uniform(20_000, 40_000)),
            )
        )
    for series in CHILD_SCIENCE_SERIES:
        for topic, ddc in CHILD_SCIENCE_TOPICS:
            works.append(
                DemoTitle(
                    category=CHILDREN,
                    title=f"{series}: {topic}" if series == "Em yêu khoa học" else topic,
                    contributors=((people.person_name(rng), "biên soạn"),),
                    responsibility=f"{people.person_name(rng)} biên soạn",
                    ddc=ddc,
                    subjects=("Khoa học thường thức", topic, "Sách thiếu nhi"),
                    series="" if series == "Em yêu khoa học" else series,
                    publisher=rng.choice(("kimdong", "giaoduc", "dantri", "thanhnien")),
                    pages=rng.randint(60, 220),
                    illustrations="hình vẽ, ảnh màu",
                    height_cm=24,
                    audience="j",
                    price_vnd=_round_price(rng.uniform(35_000, 95_000)),
                )
            )
    for skill in LIFE_SKILLS:
        works.append(
            DemoTitle(
                category=CHILDREN,
                title=f"Kỹ năng sống cho học sinh: {skill}",
                authors=(people.person_name(rng),),
                ddc="646.700835",
                subjects=("Kỹ năng sống", "Học sinh", "Sách thiếu nhi"),
                publisher=rng.choice(("kimdong", "phunu", "dantri", "giaoduc")),
                pages=rng.randint(40, 96),
                illustrations="tranh màu",
                audience="j",
                price_vnd=_round_price(rng.uniform(25_000, 55_000)),
            )
        )
    for event in HISTORY_COMICS:
        works.append(
            DemoTitle(
                category=CHILDREN,
                title=event,
                contributors=(
                    (people.person_name(rng), "biên soạn"),
                    (people.person_name(rng), "vẽ tranh"),
                ),
                ddc="959.7",
                subjects=("Lịch sử", "Truyện tranh", "Sách thiếu nhi"),
                geographic=("Việt Nam",),
                series="Lịch sử Việt Nam bằng tranh",
                publisher=rng.choice(("tre", "kimdong")),
                pages=rng.choice((64, 80, 96)),
                illustrations="tranh màu",
                height_cm=20,
                audience="j",
                price_vnd=_round_price(rng.uniform(25_000, 45_000)),
                edition_weight=1.5,
            )
        )
    return works


# ---------------------------------------------------------------- practical non-fiction

# (crop, DDC)
CROPS = (
    ("lúa", "633.18"), ("ngô", "633.15"), ("lạc", "633.368"), ("sắn", "633.682"),
    ("khoai lang", "635.22"), ("mía", "633.61"), ("chè", "633.72"), ("cam", "634.31"),
    ("bưởi", "634.32"), ("chuối", "634.772"), ("vải", "634.6"), ("nhãn", "634.6"),
    ("cà phê", "633.73"), ("hồ tiêu", "633.84"), ("rau an toàn", "635"), ("cà chua", "635.642"),
    ("dưa hấu", "635.615"), ("nấm rơm", "635.8"), ("keo lai", "634.9734"), ("cây dược liệu", "633.88"),
)  # fmt: skip
CROP_PATTERNS = (
    ("Kỹ thuật trồng và chăm sóc cây {x}", ""),
    ("Phòng trừ sâu bệnh hại {x}", "632.9"),
    ("Kỹ thuật thâm canh {x} năng suất cao", ""),
    ("Hỏi đáp về trồng {x}", ""),
)
# (animal, DDC)
ANIMALS = (
    ("lợn", "636.4"), ("bò thịt", "636.213"), ("bò sữa", "636.2142"), ("trâu", "636.293"),
    ("dê", "636.39"), ("gà thả vườn", "636.5"), ("vịt", "636.597"), ("ngan", "636.5974"),
    ("thỏ", "636.932"), ("ong mật", "638.1"), ("cá rô phi", "639.3774"), ("cá trắm cỏ", "639.3748"),
    ("tôm thẻ chân trắng", "639.68"), ("ếch", "639.3789"), ("lươn không bùn", "639.3"),
    ("cá nước ngọt", "639.31"), ("chim bồ câu", "636.596"), ("giun quế", "639.75"),
    ("cua đồng", "639.5"), ("hươu sao", "636.294"),
)  # fmt: skip
ANIMAL_PATTERNS = (
    ("Kỹ thuật nuôi {x}", ""),
    ("Phòng và trị bệnh thường gặp ở {x}", "636.089"),
    ("Nuôi {x} theo hướng an toàn sinh học", ""),
    ("Sổ tay chăn nuôi {x}", ""),
)
FARMING_GENERAL = (
    ("Kỹ thuật làm phân hữu cơ vi sinh từ phụ phẩm nông nghiệp", "631.86"),
    ("Sổ tay sản xuất nông nghiệp theo tiêu chuẩn VietGAP", "630"),
    ("Canh tác bền vững trên đất dốc", "631.45"),
    ("Xây dựng nông thôn mới: Hỏi và đáp", "307.1412"),
    ("Hướng dẫn sử dụng thuốc bảo vệ thực vật an toàn, hiệu quả", "632.95"),
    ("Kỹ thuật tưới tiết kiệm nước cho cây trồng cạn", "631.587"),
    ("Trồng rừng sản xuất gỗ lớn", "634.956"),
    ("Bảo quản và chế biến nông sản sau thu hoạch", "631.56"),
    ("Ứng phó với biến đổi khí hậu trong sản xuất nông nghiệp", "630.2515"),
    ("Nông nghiệp hữu cơ: Nguyên tắc và thực hành", "631.584"),
    ("Kỹ thuật ủ chua thức ăn thô xanh cho trâu bò", "636.2084"),
    ("Mô hình kinh tế vườn – ao – chuồng (VAC)", "630.9597"),
    ("Hợp tác xã nông nghiệp kiểu mới", "334.683"),
    ("Kỹ thuật ghép cây ăn quả", "634.0441"),
    ("Phòng chống rét cho cây trồng và vật nuôi", "632.11"),
    ("Nuôi trồng thủy sản trong ruộng lúa", "639.8"),
    ("Chọn giống cây trồng phù hợp vùng đồi núi", "631.52"),
    ("Sơ chế và tiêu thụ nông sản qua sàn thương mại điện tử", "381.41"),
)  # fmt: skip
DISEASES = (
    ("sốt xuất huyết", "616.91852"), ("tay chân miệng", "616.925"), ("tăng huyết áp", "616.132"),
    ("đái tháo đường", "616.462"), ("lao phổi", "616.995"), ("viêm gan B", "616.3623"),
    ("sốt rét", "616.9362"), ("dại", "616.953"), ("cúm", "616.203"), ("gút", "616.3999"),
    ("loãng xương", "616.716"), ("trầm cảm", "616.8527"), ("ung thư", "616.994"),
    ("đột quỵ", "616.81"),
)  # fmt: skip
DISEASE_PATTERNS = ("Phòng chống bệnh {x}", "Hỏi đáp về bệnh {x}", "Sống khỏe với bệnh {x}")
HEALTH_GENERAL = (
    ("Chăm sóc sức khỏe người cao tuổi", "618.97"), ("Chăm sóc bà mẹ mang thai và sau sinh", "618.24"),
    ("Chăm sóc trẻ em dưới 6 tuổi", "618.92"), ("Dinh dưỡng hợp lý cho gia đình", "613.2"),
    ("Nuôi con bằng sữa mẹ", "649.33"), ("Dạy con nên người", "649.1"),
    ("Nuôi dạy con tuổi mẫu giáo", "649.123"), ("Kỹ năng làm cha mẹ", "649.1"),
    ("Thuốc nam chữa bệnh thông thường", "615.32"), ("Cây thuốc quanh nhà", "615.321"),
    ("Sơ cứu ban đầu", "616.0252"), ("Phòng chống tai nạn thương tích cho trẻ em", "363.1"),
    ("Món ăn miền Bắc", "641.59597"), ("Món ăn miền Trung", "641.59597"), ("Món ăn miền Nam", "641.59597"),
    ("Các món ăn ngày Tết", "641.568"), ("Bánh truyền thống Việt Nam", "641.8659597"),
    ("Món chay thanh đạm", "641.5636"), ("Nấu ăn ngon mỗi ngày", "641.5"),
    ("Vệ sinh an toàn thực phẩm trong gia đình", "363.192"), ("Tập dưỡng sinh cho người cao tuổi", "613.7046"),
    ("Giấc ngủ và sức khỏe", "613.79"), ("Chăm sóc răng miệng cho trẻ", "617.645"),
)  # fmt: skip

# (law, DDC); law texts and the books that explain them.
LAWS = (
    ("Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam năm 2013", "342.597023"),
    ("Luật Thư viện", "344.597092"), ("Luật Đất đai năm 2024", "346.597043"),
    ("Luật Hôn nhân và gia đình", "346.597016"),
    ("Luật Trật tự, an toàn giao thông đường bộ", "343.597094"), ("Luật Trẻ em", "346.597013"),
    ("Luật Phòng, chống bạo lực gia đình", "345.597025"), ("Luật Bảo vệ môi trường", "344.597046"),
    ("Luật An ninh mạng", "343.5970999"), ("Luật Giáo dục", "344.59707"),
    ("Luật Bảo hiểm xã hội", "344.59702"), ("Luật Bảo hiểm y tế", "344.597022"),
    ("Luật Cư trú", "342.597082"), ("Luật Căn cước", "342.597082"),
    ("Luật Nghĩa vụ quân sự", "343.597012"), ("Luật Phòng, chống ma túy", "344.5970446"),
    ("Luật Người cao tuổi", "346.597013"), ("Luật Người khuyết tật", "346.597013"),
    ("Luật Thực hiện dân chủ ở cơ sở", "342.59708"), ("Luật Tín ngưỡng, tôn giáo", "342.5970852"),
    ("Bộ luật Lao động", "344.59701"), ("Bộ luật Dân sự", "346.597"), ("Bộ luật Hình sự", "345.597"),
    ("Luật Xử lý vi phạm hành chính", "342.59706"), ("Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ", "344.597053"),
    ("Luật Di sản văn hóa", "344.597094"), ("Luật Bình đẳng giới", "342.5970878"),
    ("Luật Tiếp cận thông tin", "342.597085"), ("Luật Hòa giải ở cơ sở", "347.59709"),
)  # fmt: skip
POLITICS = (
    ("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "335.4346", ("Tư tưởng Hồ Chí Minh",)),
    ("Chính quyền địa phương hai cấp: Hỏi và đáp", "320.8509597", ("Chính quyền địa phương", "Cải cách hành chính")),
    ("Sắp xếp đơn vị hành chính cấp xã năm 2025: Những điều cần biết", "352.1409597", ("Đơn vị hành chính", "Cải cách hành chính")),
    ("Sổ tay công tác Đoàn Thanh niên cơ sở", "324.2597075", ("Đoàn Thanh niên Cộng sản Hồ Chí Minh",)),
    ("Sổ tay công tác Hội Phụ nữ cơ sở", "305.4209597", ("Hội Liên hiệp Phụ nữ Việt Nam",)),
    ("Sổ tay công tác Hội Nông dân cơ sở", "338.109597", ("Hội Nông dân Việt Nam",)),
    ("Sổ tay bí thư chi bộ", "324.2597075", ("Đảng Cộng sản Việt Nam", "Chi bộ")),
    ("Mặt trận Tổ quốc Việt Nam với công tác giám sát, phản biện xã hội", "324.2597", ("Mặt trận Tổ quốc Việt Nam",)),
    ("Chủ quyền biển, đảo Việt Nam", "320.1509597", ("Chủ quyền", "Biển đảo")),
    ("Hoàng Sa, Trường Sa là của Việt Nam", "320.1509597", ("Chủ quyền", "Biển đảo")),
    ("Phòng, chống tham nhũng, tiêu cực: Hỏi và đáp", "364.1323", ("Tham nhũng",)),
    ("Chuyển đổi số quốc gia: Những điều cần biết", "303.4833", ("Chuyển đổi số",)),
)  # fmt: skip

HISTORY = (
    ("Đại Việt sử ký toàn thư", "959.702", ("Lịch sử", "Thời kỳ phong kiến"), "khxh"),
    ("Việt Nam sử lược", "959.7", ("Lịch sử",), "vanhoc"),
    ("Việt Nam văn hóa sử cương", "306.09597", ("Văn hóa", "Lịch sử văn hóa"), "hongduc"),
    ("Đất nước Việt Nam qua các đời", "911.597", ("Địa lý lịch sử",), "hongduc"),
    ("Việt Nam phong tục", "390.09597", ("Phong tục tập quán",), "hongduc"),
    ("Xô viết Nghệ Tĩnh 1930–1931", "959.7032", ("Lịch sử", "Phong trào cách mạng"), "ctqg"),
    ("Cách mạng tháng Tám năm 1945", "959.7035", ("Lịch sử", "Cách mạng tháng Tám"), "ctqg"),
    ("Chiến dịch Điện Biên Phủ", "959.7041", ("Lịch sử", "Kháng chiến chống Pháp"), "ctqg"),
    ("Tổng tiến công và nổi dậy Tết Mậu Thân 1968", "959.7043", ("Lịch sử", "Kháng chiến chống Mỹ"), "ctqg"),
    ("Đại thắng mùa Xuân 1975", "959.7043", ("Lịch sử", "Kháng chiến chống Mỹ"), "ctqg"),
    ("Đường Hồ Chí Minh trên biển", "959.7043", ("Lịch sử", "Kháng chiến chống Mỹ"), "ctqg"),
    ("Lễ hội truyền thống vùng Bắc Bộ", "394.2695973", ("Lễ hội", "Văn hóa dân gian"), "vhdt"),
    ("Lễ hội truyền thống miền Trung", "394.2695974", ("Lễ hội", "Văn hóa dân gian"), "vhdt"),
    ("Lễ hội truyền thống Nam Bộ", "394.2695977", ("Lễ hội", "Văn hóa dân gian"), "vhdt"),
    ("Tết cổ truyền Việt Nam", "394.2614", ("Lễ tết", "Phong tục tập quán"), "vhdt"),
    ("Áo dài Việt Nam", "391.009597", ("Trang phục truyền thống",), "phunu"),
    ("Nghệ thuật múa rối nước", "791.53", ("Nghệ thuật truyền thống", "Múa rối"), "vhdt"),
    ("Dân ca ví, giặm", "782.4216209597", ("Dân ca", "Di sản văn hóa phi vật thể"), "vhdt"),
    ("Ca trù", "782.4209597", ("Nghệ thuật truyền thống", "Di sản văn hóa phi vật thể"), "vhdt"),
    ("Tín ngưỡng thờ Mẫu Tam phủ của người Việt", "299.592", ("Tín ngưỡng dân gian",), "vhdt"),
    ("Di sản văn hóa Việt Nam", "363.6909597", ("Di sản văn hóa",), "thegioi"),
    ("Non nước Việt Nam", "915.97", ("Địa lý", "Du lịch"), "thegioi"),
    ("Các vườn quốc gia Việt Nam", "333.78309597", ("Vườn quốc gia", "Bảo tồn thiên nhiên"), "nongnghiep"),
    ("Những năm tháng không thể nào quên", "959.7041092", ("Hồi ký", "Kháng chiến chống Pháp"), "ctqg"),
    ("Điện Biên Phủ – Điểm hẹn lịch sử", "959.7041", ("Hồi ký", "Kháng chiến chống Pháp"), "ctqg"),
    ("54 dân tộc Việt Nam", "305.8009597", ("Dân tộc học",), "vhdt"),
    ("Làng Việt cổ truyền", "307.7209597", ("Làng xã", "Văn hóa"), "khxh"),
)  # fmt: skip
HISTORY_AUTHORS = {
    "Đại Việt sử ký toàn thư": "Ngô Sĩ Liên",
    "Việt Nam sử lược": "Trần Trọng Kim",
    "Việt Nam văn hóa sử cương": "Đào Duy Anh",
    "Đất nước Việt Nam qua các đời": "Đào Duy Anh",
    "Việt Nam phong tục": "Phan Kế Bính",
    "Những năm tháng không thể nào quên": "Võ Nguyên Giáp",
    "Điện Biên Phủ – Điểm hẹn lịch sử": "Võ Nguyên Giáp",
}
ETHNIC_GROUPS = ("Thái", "Mường", "H'Mông", "Khơ Mú", "Ơ Đu", "Dao", "Tày", "Nùng", "Ê Đê", "Chăm")

SKILLS = ("giao tiếp", "thuyết trình", "làm việc nhóm", "quản lý thời gian", "tư duy phản biện", "giải quyết vấn đề", "tự học", "đọc sách hiệu quả")  # fmt: skip
SKILL_GROUPS = ("học sinh", "sinh viên", "người đi làm")
TECH_AND_SCIENCE = (
    ("Tin học văn phòng: Word, Excel, PowerPoint", "005.5", ("Tin học văn phòng",)),
    ("Lập trình Python cơ bản", "005.133", ("Lập trình", "Python")),
    ("An toàn thông tin cho người dùng phổ thông", "005.8", ("An toàn thông tin",)),
    ("Kỹ năng số cho mọi người", "004", ("Kỹ năng số", "Tin học")),
    ("Sử dụng điện thoại thông minh cho người cao tuổi", "004.167", ("Điện thoại thông minh",)),
    ("Thương mại điện tử cho hộ kinh doanh", "381.142", ("Thương mại điện tử",)),
    ("Khởi nghiệp ở nông thôn", "658.11", ("Khởi nghiệp",)),
    ("Quản lý tài chính cá nhân", "332.024", ("Tài chính cá nhân",)),
    ("Kinh doanh nhỏ thành công", "658.022", ("Doanh nghiệp nhỏ",)),
    ("Vật lý quanh ta", "530", ("Vật lý", "Khoa học thường thức")),
    ("Hóa học trong đời sống", "540", ("Hóa học", "Khoa học thường thức")),
    ("Thiên văn học phổ thông", "520", ("Thiên văn học",)),
    ("Bảo vệ môi trường nông thôn", "363.7", ("Bảo vệ môi trường", "Nông thôn")),
    ("Phân loại rác tại nguồn", "363.728", ("Rác thải", "Bảo vệ môi trường")),
    ("Biến đổi khí hậu và chúng ta", "363.73874", ("Biến đổi khí hậu",)),
    ("Năng lượng tái tạo", "333.794", ("Năng lượng tái tạo",)),
    ("Nước sạch và vệ sinh môi trường nông thôn", "363.61", ("Nước sạch",)),
    ("Phát triển văn hóa đọc trong cộng đồng", "028.9", ("Văn hóa đọc", "Thư viện")),
    ("Nghiệp vụ thư viện cơ sở", "025", ("Nghiệp vụ thư viện",)),
    ("Hướng dẫn tổ chức tủ sách cộng đồng", "027.4", ("Thư viện cộng đồng",)),
    ("Biên mục mô tả theo MARC 21", "025.316", ("Biên mục", "MARC 21")),
    ("Tuổi trẻ và khát vọng cống hiến", "158.1", ("Thanh niên", "Kỹ năng sống")),
    ("Sống xanh mỗi ngày", "640", ("Lối sống", "Bảo vệ môi trường")),
)  # fmt: skip

# (title, DDC, extra subject, material); reference works are read in place.
REFERENCE_WORKS = (
    ("Từ điển tiếng Việt", "495.9223", "Tiếng Việt", "a"),
    ("Từ điển Anh – Việt", "423.95922", "Tiếng Anh", "a"),
    ("Từ điển Việt – Anh", "495.922321", "Tiếng Anh", "a"),
    ("Từ điển Pháp – Việt", "443.95922", "Tiếng Pháp", "a"),
    ("Từ điển Hán – Việt", "495.1395922", "Tiếng Hán", "a"),
    ("Từ điển thành ngữ, tục ngữ Việt Nam", "398.909597", "Thành ngữ", "a"),
    ("Từ điển chính tả tiếng Việt", "495.92281", "Chính tả", "a"),
    ("Từ điển bách khoa Việt Nam", "039.95922", "Bách khoa thư", "a"),
    ("Từ điển tiếng Việt dành cho học sinh", "495.9223", "Tiếng Việt", "a"),
    ("Từ điển Anh – Việt dành cho học sinh", "423.95922", "Tiếng Anh", "a"),
    ("Từ điển từ láy tiếng Việt", "495.9225", "Tiếng Việt", "a"),
    ("Atlat Địa lí Việt Nam", "912.597", "Bản đồ", "e"),
    ("Tập bản đồ hành chính Việt Nam", "912.597", "Bản đồ", "e"),
    ("Sổ tay kiến thức Toán trung học cơ sở", "510", "Toán học", "a"),
    ("Sổ tay kiến thức Ngữ văn trung học cơ sở", "807", "Ngữ văn", "a"),
    ("Sổ tay kiến thức Vật lí trung học phổ thông", "530", "Vật lý", "a"),
    ("Khung phân loại thập phân Dewey và bảng chỉ mục quan hệ: DDC 23", "025.431", "Phân loại tài liệu", "a"),
    ("Từ điển thuật ngữ thư viện học", "020.3", "Thư viện học", "a"),
)  # fmt: skip


def _practical(rng: random.Random) -> list[DemoTitle]:
    works: list[DemoTitle] = []
    for crop, ddc in CROPS:
        for pattern, pattern_ddc in CROP_PATTERNS:
            works.append(
                DemoTitle(
                    category=AGRICULTURE,
                    title=pattern.format(x=crop),
                    authors=(people.person_name(rng),),
                    ddc=pattern_ddc or ddc,
                    subjects=(
                        "Trồng trọt",
                        f"Cây {crop}" if not crop.startswith("cây") else crop.capitalize(),
                    ),
                    keywords=("kỹ thuật trồng trọt", crop),
                    publisher=rng.choice(("nongnghiep", "nongnghiep", "vhdt", "khkt", "thanhnien")),
                    pages=rng.randint(48, 180),
                    illustrations="minh họa",
                    height_cm=19,
                    price_vnd=_round_price(rng.uniform(20_000, 65_000)),
                    series="Tủ sách Khuyến nông phục vụ người lao động"
                    if rng.random() < 0.35
                    else "",
                )
            )
    for animal, ddc in ANIMALS:
        for pattern, pattern_ddc in ANIMAL_PATTERNS:
            works.append(
                DemoTitle(
                    category=AGRICULTURE,
                    title=pattern.format(x=animal),
                    authors=(people.person_name(rng),),
                    ddc=pattern_ddc or ddc,
                    subjects=(
                        "Nuôi trồng thủy sản" if ddc.startswith("639") else "Chăn nuôi",
                        animal.capitalize(),
                    ),
                    keywords=("kỹ thuật chăn nuôi", animal),
                    publisher=rng.choice(("nongnghiep", "nongnghiep", "vhdt", "khkt", "laodong")),
                    pages=rng.randint(48, 200),
                    illustrations="minh họa",
                    height_cm=19,
                    price_vnd=_round_price(rng.uniform(20_000, 70_000)),
                    series="Tủ sách Khuyến nông phục vụ người lao động"
                    if rng.random() < 0.35
                    else "",
                )
            )
    for title, ddc in FARMING_GENERAL:
        works.append(
            DemoTitle(
                category=AGRICULTURE,
                title=title,
                authors=(people.person_name(rng), people.person_name(rng))[: rng.randint(1, 2)],
                ddc=ddc,
                subjects=("Nông nghiệp", "Nông thôn"),
                geographic=("Việt Nam",),
                publisher=rng.choice(("nongnghiep", "ctqg", "khkt")),
                pages=rng.randint(80, 260),
                price_vnd=_round_price(rng.uniform(30_000, 90_000)),
            )
        )
    for disease, ddc in DISEASES:
        for pattern in DISEASE_PATTERNS:
            works.append(
                DemoTitle(
                    category=HEALTH,
                    title=pattern.format(x=disease),
                    authors=(people.person_name(rng),),
                    ddc=ddc,
                    subjects=("Y học", f"Bệnh {disease}", "Phòng bệnh"),
                    publisher=rng.choice(("yhoc", "yhoc", "phunu", "dantri", "laodong")),
                    pages=rng.randint(60, 220),
                    price_vnd=_round_price(rng.uniform(30_000, 85_000)),
                )
            )
    for title, ddc in HEALTH_GENERAL:
        works.append(
            DemoTitle(
                category=HEALTH,
                title=title,
                authors=(people.person_name(rng),),
                ddc=ddc,
                subjects=("Nấu ăn", "Món ăn Việt Nam")
                if ddc.startswith("641")
                else ("Sức khỏe", "Gia đình"),
                publisher=rng.choice(("phunu", "phunu", "yhoc", "dantri", "tonghop")),
                pages=rng.randint(80, 260),
                illustrations="ảnh màu" if ddc.startswith("641") else "",
                price_vnd=_round_price(rng.uniform(40_000, 120_000)),
                edition_weight=1.5,
            )
        )
    for law, ddc in LAWS:
        works.append(
            DemoTitle(
                category=LAW_POLITICS,
                title=law,
                subtitle="hiện hành",
                ddc=ddc,
                subjects=("Pháp luật", "Văn bản pháp luật"),
                geographic=("Việt Nam",),
                publisher=rng.choice(("ctqg", "ctqg", "tuphap")),
                pages=rng.randint(60, 400),
                height_cm=19,
                price_vnd=_round_price(rng.uniform(18_000, 90_000)),
                edition_weight=1.5,
            )
        )
        for pattern in ("Tìm hiểu {x}", "Hỏi – đáp {x}", "Những điểm mới của {x}"):
            works.append(
                DemoTitle(
                    category=LAW_POLITICS,
                    title=pattern.format(x=law),
                    authors=(people.person_name(rng),),
                    ddc=ddc,
                    subjects=("Pháp luật", "Phổ biến pháp luật"),
                    geographic=("Việt Nam",),
                    publisher=rng.choice(("ctqg", "tuphap", "laodong", "hongduc")),
                    pages=rng.randint(80, 260),
                    price_vnd=_round_price(rng.uniform(30_000, 95_000)),
                    series="Tủ sách pháp luật cơ sở" if rng.random() < 0.4 else "",
                )
            )
    for volume in range(1, 16):
        works.append(
            DemoTitle(
                category=LAW_POLITICS,
                title="Hồ Chí Minh toàn tập",
                part=f"Tập {volume}",
                authors=("Hồ Chí Minh",),
                ddc="335.4346",
                subjects=("Tư tưởng Hồ Chí Minh", "Tác phẩm"),
                publisher="ctqg",
                year=2011,
                edition="Xuất bản lần thứ ba",
                pages=rng.randint(550, 800),
                height_cm=24,
                price_vnd=_round_price(rng.uniform(150_000, 220_000)),
                edition_weight=0.0,
            )
        )
    for congress, year in (("XII", 2016), ("XIII", 2021)):
        for part in ("Tập I", "Tập II"):
            works.append(
                DemoTitle(
                    category=LAW_POLITICS,
                    title=f"Văn kiện Đại hội đại biểu toàn quốc lần thứ {congress}",
                    part=part,
                    corporate_author="Đảng Cộng sản Việt Nam",
                    ddc="324.2597075",
                    subjects=("Đảng Cộng sản Việt Nam", "Văn kiện"),
                    publisher="ctqg",
                    year=year,
                    pages=rng.randint(300, 450),
                    height_cm=24,
                    price_vnd=_round_price(rng.uniform(90_000, 150_000)),
                    edition_weight=0.0,
                )
            )
    for title, ddc, subjects in POLITICS:
        works.append(
            DemoTitle(
                category=LAW_POLITICS,
                title=title,
                authors=(people.person_name(rng),),
                ddc=ddc,
                subjects=subjects,
                geographic=("Việt Nam",),
                publisher=rng.choice(("ctqg", "ctqg", "thanhnien", "phunu")),
                pages=rng.randint(100, 320),
                price_vnd=_round_price(rng.uniform(40_000, 110_000)),
            )
        )
    for volume in range(1, 16):
        works.append(
            DemoTitle(
                category=HISTORY_CULTURE,
                title="Lịch sử Việt Nam",
                part=f"Tập {volume}",
                corporate_author="Viện Sử học",
                contributors=((people.person_name(rng), "chủ biên"),),
                ddc="959.7",
                subjects=("Lịch sử",),
                geographic=("Việt Nam",),
                publisher="khxh",
                year=2017,
                pages=rng.randint(450, 700),
                height_cm=24,
                price_vnd=_round_price(rng.uniform(180_000, 260_000)),
                edition_weight=0.0,
            )
        )
    for title, ddc, subjects, publisher in HISTORY:
        author = HISTORY_AUTHORS.get(title)
        works.append(
            DemoTitle(
                category=HISTORY_CULTURE,
                title=title,
                authors=(author,) if author else (people.person_name(rng),),
                ddc=ddc,
                subjects=subjects,
                geographic=("Việt Nam",),
                publisher=publisher,
                pages=rng.randint(180, 620),
                illustrations="ảnh" if rng.random() < 0.4 else "",
                price_vnd=_round_price(rng.uniform(70_000, 250_000)),
                edition_weight=2.0 if author else 1.0,
            )
        )
    for group in ETHNIC_GROUPS:
        works.append(
            DemoTitle(
                category=HISTORY_CULTURE,
                title=f"Văn hóa truyền thống dân tộc {group}",
                authors=(people.person_name(rng),),
                ddc="305.8959",
                subjects=("Dân tộc học", f"Dân tộc {group}", "Văn hóa truyền thống"),
                geographic=("Việt Nam",),
                publisher=rng.choice(("vhdt", "khxh")),
                pages=rng.randint(160, 420),
                illustrations="ảnh",
                price_vnd=_round_price(rng.uniform(80_000, 200_000)),
            )
        )
    for skill in SKILLS:
        for group in SKILL_GROUPS:
            works.append(
                DemoTitle(
                    category=SCIENCE_SKILLS,
                    title=f"Kỹ năng {skill} cho {group}",
                    authors=(people.person_name(rng),),
                    ddc="158.1" if skill not in {"giao tiếp", "thuyết trình"} else "302.2",
                    subjects=("Kỹ năng sống", f"Kỹ năng {skill}"),
                    publisher=rng.choice(("thanhnien", "laodong", "tre", "tonghop", "dantri")),
                    pages=rng.randint(120, 280),
                    price_vnd=_round_price(rng.uniform(50_000, 120_000)),
                )
            )
    for title, ddc, subjects in TECH_AND_SCIENCE:
        works.append(
            DemoTitle(
                category=SCIENCE_SKILLS,
                title=title,
                authors=(people.person_name(rng),),
                ddc=ddc,
                subjects=subjects,
                publisher=rng.choice(("khkt", "thanhnien", "laodong", "thegioi", "dhsp")),
                pages=rng.randint(120, 360),
                illustrations="minh họa",
                price_vnd=_round_price(rng.uniform(60_000, 180_000)),
                edition_weight=1.5,
            )
        )
    for title, ddc, subject, material in REFERENCE_WORKS:
        works.append(
            DemoTitle(
                category=REFERENCE,
                title=title,
                contributors=((people.person_name(rng), "chủ biên"),),
                responsibility=f"{people.person_name(rng)} (chủ biên)",
                ddc=ddc,
                subjects=("Từ điển" if title.startswith("Từ điển") else "Sách tra cứu", subject),
                publisher=rng.choice(("giaoduc", "hongduc", "dantri", "khxh", "thegioi")),
                pages=rng.randint(60, 160) if material == "e" else rng.randint(400, 1600),
                height_cm=rng.choice((21, 24, 27)),
                price_vnd=_round_price(rng.uniform(60_000, 480_000)),
                material=material,
                edition_weight=2.0,
            )
        )
    return works


# ---------------------------------------------------------------- schools

TEXTBOOK_SERIES = (
    ("Kết nối tri thức với cuộc sống", "giaoduc"),
    ("Chân trời sáng tạo", "giaoduc"),
    ("Cánh Diều", "dhsp"),
)
# (subject, first grade, last grade, DDC for primary, DDC for secondary, two volumes)
SCHOOL_SUBJECTS = (
    ("Tiếng Việt", 1, 5, "372.6", "", True),
    ("Toán", 1, 12, "372.7", "510.712", True),
    ("Đạo đức", 1, 5, "372.83", "", False),
    ("Tự nhiên và Xã hội", 1, 3, "372.3", "", False),
    ("Khoa học", 4, 5, "372.35", "", False),
    ("Lịch sử và Địa lí", 4, 9, "372.89", "907.12", False),
    ("Tiếng Anh", 3, 12, "372.652", "428.00712", False),
    ("Tin học", 3, 12, "372.34", "004.0712", False),
    ("Công nghệ", 3, 12, "372.358", "607.12", False),
    ("Hoạt động trải nghiệm", 1, 9, "372.13", "373.0712", False),
    ("Ngữ văn", 6, 12, "", "807.12", True),
    ("Khoa học tự nhiên", 6, 9, "", "507.12", False),
    ("Giáo dục công dân", 6, 9, "", "170.712", False),
    ("Vật lí", 10, 12, "", "530.0712", False),
    ("Hóa học", 10, 12, "", "540.712", False),
    ("Sinh học", 10, 12, "", "570.712", False),
    ("Lịch sử", 10, 12, "", "907.12", False),
    ("Địa lí", 10, 12, "", "910.712", False),
    ("Giáo dục kinh tế và pháp luật", 10, 12, "", "330.0712", False),
)  # fmt: skip
TEACHER_SUBJECTS = ("Tiếng Việt", "Ngữ văn", "Toán", "Tiếng Anh", "Khoa học tự nhiên", "Lịch sử và Địa lí", "Tin học", "Hoạt động trải nghiệm")  # fmt: skip
TEACHER_BOOKS = (
    ("Kiểm tra, đánh giá năng lực học sinh theo Chương trình giáo dục phổ thông 2018", "371.26"),
    ("Công tác chủ nhiệm lớp ở trường phổ thông", "371.1024"),
    ("Giáo dục kỹ năng sống cho học sinh phổ thông", "371.71"),
    ("Xây dựng thư viện thân thiện ở trường tiểu học", "027.8222"),
    ("Hướng dẫn thực hiện tiêu chuẩn thư viện trường phổ thông", "027.8"),
    ("Sổ tay người làm công tác thư viện trường học", "027.8"),
    ("Giáo dục học sinh dân tộc thiểu số ở vùng khó khăn", "371.829"),
    ("Dạy học tích hợp ở trường trung học", "373.19"),
    ("Ứng dụng công nghệ thông tin trong dạy học", "371.334"),
    ("Dạy học phát triển năng lực đọc cho học sinh", "372.4"),
    ("Tổ chức hoạt động đọc sách trong nhà trường", "028.55"),
    ("Phòng chống bạo lực học đường", "371.782"),
    ("Tư vấn tâm lý học đường", "371.4"),
    ("Giáo dục hướng nghiệp cho học sinh trung học", "371.425"),
)  # fmt: skip
LEVEL_NAMES = {1: "tiểu học", 6: "trung học cơ sở", 10: "trung học phổ thông"}


def _level_start(grade: int) -> int:
    return 1 if grade <= 5 else 6 if grade <= 9 else 10


def _school_books(rng: random.Random) -> list[DemoTitle]:
    works: list[DemoTitle] = []
    editors = {
        series: (people.person_name(rng), people.person_name(rng)) for series, _ in TEXTBOOK_SERIES
    }
    for subject, first, last, ddc_primary, ddc_secondary, two_volumes in SCHOOL_SUBJECTS:
        for grade in range(first, last + 1):
            # Secondary schools in the demo choose from two series; primary from all three.
            series_list = TEXTBOOK_SERIES if grade <= 5 else TEXTBOOK_SERIES[:2]
            parts = ("Tập 1", "Tập 2") if two_volumes and grade <= 10 else ("",)
            for series, publisher in series_list:
                chief, editor = editors[series]
                for part in parts:
                    works.append(
                        DemoTitle(
                            category=TEXTBOOK,
                            title=f"{subject} {grade}",
                            part=part,
                            contributors=((chief, "tổng chủ biên"), (editor, "chủ biên")),
                            responsibility=f"{chief} (tổng ch.b.), {editor} (ch.b.), {people.person_name(rng)}, {people.person_name(rng)}",
                            ddc=ddc_primary if grade <= 5 else ddc_secondary,
                            subjects=(subject, f"Lớp {grade}", "Sách giáo khoa"),
                            series=series,
                            publisher=publisher,
                            year=rng.randint(2021, 2025),
                            pages=rng.randint(80, 180),
                            illustrations="tranh màu",
                            height_cm=27,
                            audience="j" if grade <= 9 else "d",
                            price_vnd=_round_price(rng.uniform(9_000, 28_000)),
                            grade=grade,
                            edition_weight=0.2,
                        )
                    )
    for subject in TEACHER_SUBJECTS:
        row = next(row for row in SCHOOL_SUBJECTS if row[0] == subject)
        for level in (1, 6, 10):
            if not (row[1] <= level + 2 and row[2] >= level):
                continue
            grade = max(level, row[1])
            works.append(
                DemoTitle(
                    category=TEACHER,
                    title=f"Hướng dẫn dạy học môn {subject} cấp {LEVEL_NAMES[level]} theo Chương trình giáo dục phổ thông 2018",
                    authors=(people.person_name(rng), people.person_name(rng)),
                    ddc="372.1102" if level == 1 else "373.1102",
                    subjects=(
                        subject,
                        "Phương pháp giảng dạy",
                        "Chương trình giáo dục phổ thông 2018",
                    ),
                    publisher=rng.choice(("giaoduc", "dhsp")),
                    year=rng.randint(2019, 2025),
                    pages=rng.randint(150, 320),
                    height_cm=24,
                    price_vnd=_round_price(rng.uniform(45_000, 95_000)),
                    grade=grade,
                )
            )
            series, publisher = rng.choice(TEXTBOOK_SERIES[:2])
            works.append(
                DemoTitle(
                    category=TEACHER,
                    title=f"{subject} {grade}",
                    subtitle="sách giáo viên",
                    contributors=((editors[series][0], "tổng chủ biên"),),
                    responsibility=f"{editors[series][0]} (tổng ch.b.), {people.person_name(rng)}",
                    ddc=row[3] if grade <= 5 else row[4],
                    subjects=(subject, f"Lớp {grade}", "Sách giáo viên"),
                    series=series,
                    publisher=publisher,
                    year=rng.randint(2021, 2025),
                    pages=rng.randint(120, 260),
                    height_cm=27,
                    price_vnd=_round_price(rng.uniform(25_000, 60_000)),
                    grade=grade,
                    edition_weight=0.0,
                )
            )
    for title, ddc in TEACHER_BOOKS:
        works.append(
            DemoTitle(
                category=TEACHER,
                title=title,
                authors=(people.person_name(rng),),
                ddc=ddc,
                subjects=("Giáo dục", "Nghiệp vụ sư phạm"),
                publisher=rng.choice(("giaoduc", "dhsp", "dantri")),
                year=rng.randint(2018, 2025),
                pages=rng.randint(120, 300),
                price_vnd=_round_price(rng.uniform(40_000, 110_000)),
            )
        )
    return works


# ---------------------------------------------------------------- local studies and other languages

PROVINCE_SUBJECT = "Sông Lam (Tỉnh)"
LOCAL_WORKS = (
    ("Địa chí tỉnh Sông Lam", "Tập 1: Tự nhiên – Dân cư – Lịch sử", "915.974", ("Địa chí",), "ctqg"),
    ("Địa chí tỉnh Sông Lam", "Tập 2: Văn hóa – Xã hội", "915.974", ("Địa chí",), "ctqg"),
    ("Lịch sử Đảng bộ tỉnh Sông Lam", "Tập 1 (1930–1975)", "324.2597075", ("Lịch sử Đảng bộ",), "ctqg"),
    ("Lịch sử Đảng bộ tỉnh Sông Lam", "Tập 2 (1975–2020)", "324.2597075", ("Lịch sử Đảng bộ",), "ctqg"),
    ("Danh nhân Sông Lam", "Tập 1", "920.0597", ("Danh nhân",), "khxh"),
    ("Danh nhân Sông Lam", "Tập 2", "920.0597", ("Danh nhân",), "khxh"),
    ("Văn hóa dân gian xứ Lam", "", "398.0959742", ("Văn hóa dân gian",), "vhdt"),
    ("Ca dao, hò vè xứ Lam", "", "398.8095974", ("Ca dao", "Hò vè"), "vhdt"),
    ("Lễ hội truyền thống tỉnh Sông Lam", "", "394.26959742", ("Lễ hội",), "vhdt"),
    ("Di tích lịch sử – văn hóa tỉnh Sông Lam", "", "959.742", ("Di tích lịch sử", "Di tích văn hóa"), "khxh"),
    ("Làng nghề truyền thống tỉnh Sông Lam", "", "680.959742", ("Làng nghề",), "khxh"),
    ("Ẩm thực xứ Lam", "", "641.5959742", ("Ẩm thực", "Món ăn truyền thống"), "phunu"),
    ("Văn học Sông Lam thế kỷ XX", "tuyển tập", "895.9228", ("Văn học địa phương",), "hoinhavan"),
    ("Tuyển tập thơ Sông Lam 1975–2025", "", "895.9221", ("Văn học địa phương", "Thơ"), "hoinhavan"),
    ("Sông Lam – 50 năm xây dựng và phát triển", "", "959.742", ("Lịch sử", "Kinh tế – xã hội"), "ctqg"),
    ("Người Thái ở miền tây Sông Lam", "", "305.895910959742", ("Dân tộc Thái", "Dân tộc học"), "vhdt"),
    ("Dân ca Thái vùng Kỳ Lạc", "", "782.42162959742", ("Dân ca", "Dân tộc Thái"), "vhdt"),
    ("Ví, giặm xứ Lam", "", "782.4216209597", ("Dân ca ví, giặm",), "vhdt"),
    ("Kinh tế biển Cửa Lam", "tiềm năng và định hướng phát triển", "338.3720959742", ("Kinh tế biển",), "khxh"),
    ("Nghề cá Cửa Lam xưa và nay", "", "639.2095974", ("Nghề cá",), "nongnghiep"),
    ("Chè Thanh Sơn", "lịch sử và thương hiệu", "633.72095974", ("Cây chè", "Đặc sản địa phương"), "nongnghiep"),
)  # fmt: skip
LOCAL_BIBLIOGRAPHIES = (
    "Thư mục địa chí tỉnh Sông Lam",
    "Thư mục chuyên đề: Sông Lam 50 năm xây dựng và phát triển",
    "Thư mục sách mới năm 2024",
    "Thư mục sách mới năm 2025",
)

# (title, authors, DDC, language, subjects, publisher, nonfiling characters)
FOREIGN_WORKS = (
    ("Vietnam: A Long History", ("Nguyễn Khắc Viện",), "959.7", "eng", ("Lịch sử",), "thegioi", 0),
    ("Vietnamese Folktales", (), "398.209597", "eng", ("Truyện cổ tích",), "thegioi", 0),
    ("The Tale of Kieu", ("Nguyễn Du",), "895.9221", "eng", ("Văn học cổ điển", "Truyện thơ"), "thegioi", 4),
    ("Diary of a Cricket", ("Tô Hoài",), "895.9223", "eng", ("Văn học thiếu nhi",), "thegioi", 0),
    ("The Sorrow of War", ("Bảo Ninh",), "895.9223", "eng", ("Văn học hiện đại", "Tiểu thuyết"), "thegioi", 4),
    ("Vietnamese Traditional Festivals", (), "394.269597", "eng", ("Lễ hội",), "thegioi", 0),
    ("Vietnamese Cuisine", (), "641.59597", "eng", ("Món ăn Việt Nam",), "thegioi", 0),
    ("Hồ Chí Minh: Selected Writings", ("Hồ Chí Minh",), "335.4346", "eng", ("Tư tưởng Hồ Chí Minh",), "thegioi", 0),
    ("Hạ Long Bay: World Natural Heritage", (), "915.9729", "eng", ("Di sản thiên nhiên thế giới",), "thegioi", 0),
    ("Hội An Ancient Town", (), "959.752", "eng", ("Di sản văn hóa",), "thegioi", 0),
    ("Alice's Adventures in Wonderland", ("Carroll, Lewis",), "823.8", "eng", ("Văn học nước ngoài",), "tre", 0),
    ("The Adventures of Tom Sawyer", ("Twain, Mark",), "813.4", "eng", ("Văn học nước ngoài",), "tre", 4),
    ("Aesop's Fables", ("Aesop",), "398.2", "eng", ("Truyện ngụ ngôn",), "tre", 0),
    ("English for Everyday Communication", (), "428.34", "eng", ("Tiếng Anh", "Giao tiếp"), "tonghop", 0),
    ("Le Petit Prince", ("Saint-Exupéry, Antoine de",), "843.912", "fre", ("Văn học nước ngoài",), "thegioi", 3),
    ("Contes et légendes du Vietnam", (), "398.209597", "fre", ("Truyện cổ tích",), "thegioi", 0),
    ("Le Viêt Nam: histoire et civilisation", ("Nguyễn Khắc Viện",), "959.7", "fre", ("Lịch sử", "Văn hóa"), "thegioi", 3),
    ("Kiêu: poème", ("Nguyễn Du",), "895.9221", "fre", ("Văn học cổ điển",), "thegioi", 0),
    ("Le Chagrin de la guerre", ("Bảo Ninh",), "895.9223", "fre", ("Văn học hiện đại",), "thegioi", 3),
    ("La Cuisine vietnamienne", (), "641.59597", "fre", ("Món ăn Việt Nam",), "thegioi", 3),
    ("Les Misérables: édition abrégée", ("Hugo, Victor",), "843.7", "fre", ("Văn học nước ngoài",), "tonghop", 4),
    ("Vingt mille lieues sous les mers", ("Verne, Jules",), "843.8", "fre", ("Văn học nước ngoài",), "tonghop", 0),
    ("Hanoï: mille ans d'histoire", (), "959.731", "fre", ("Lịch sử", "Hà Nội"), "thegioi", 0),
    ("Le français au quotidien", (), "448.34", "fre", ("Tiếng Pháp", "Giao tiếp"), "tonghop", 3),
)  # fmt: skip


def _local_and_foreign(rng: random.Random) -> list[DemoTitle]:
    works: list[DemoTitle] = []
    for title, part, ddc, subjects, publisher in LOCAL_WORKS:
        editor = people.person_name(rng)
        is_corporate = title.startswith(("Địa chí", "Lịch sử Đảng bộ"))
        works.append(
            DemoTitle(
                category=LOCAL_STUDIES,
                title=title,
                part=part if part.startswith("Tập") else "",
                subtitle="" if part.startswith("Tập") else part,
                corporate_author="Ban Chấp hành Đảng bộ tỉnh Sông Lam"
                if title.startswith("Lịch sử Đảng bộ")
                else "",
                contributors=((editor, "chủ biên"),),
                responsibility=f"{editor} (chủ biên)"
                + ("" if not is_corporate else " ; Ủy ban nhân dân tỉnh Sông Lam"),
                ddc=ddc,
                subjects=subjects,
                geographic=(PROVINCE_SUBJECT,),
                keywords=("Sông Lam", "địa chí"),
                publisher=publisher,
                pages=rng.randint(220, 900),
                illustrations="ảnh, bản đồ" if title.startswith("Địa chí") else "ảnh",
                height_cm=24,
                price_vnd=_round_price(rng.uniform(120_000, 450_000)),
                summary=f"Tài liệu địa chí về tỉnh Sông Lam: {title[0].lower()}{title[1:]}.",
                edition_weight=0.5,
            )
        )
    for commune in NEW_COMMUNES:
        place = commune.short_name
        for title, ddc, subjects in (
            (f"Địa chí {place}", "915.974", ("Địa chí",)),
            (f"Lịch sử Đảng bộ {place}", "324.2597075", ("Lịch sử Đảng bộ",)),
        ):
            works.append(
                DemoTitle(
                    category=LOCAL_STUDIES,
                    title=title[0].upper() + title[1:],
                    subtitle="1930–2020" if "Đảng bộ" in title else "",
                    corporate_author=f"Ban Chấp hành Đảng bộ {place}" if "Đảng bộ" in title else "",
                    contributors=((people.person_name(rng), "biên soạn"),),
                    ddc=ddc,
                    subjects=subjects,
                    geographic=(PROVINCE_SUBJECT, f"{commune.name} (Sông Lam)"),
                    keywords=("Sông Lam", "địa chí", commune.name),
                    publisher=rng.choice(("ctqg", "hoinhavan", "khxh")),
                    pages=rng.randint(160, 480),
                    illustrations="ảnh",
                    height_cm=24,
                    price_vnd=_round_price(rng.uniform(90_000, 250_000)),
                    edition_weight=0.0,
                )
            )
    for title in LOCAL_BIBLIOGRAPHIES:
        works.append(
            DemoTitle(
                category=LOCAL_STUDIES,
                title=title,
                corporate_author="Thư viện tỉnh Sông Lam",
                ddc="016.959742",
                subjects=("Thư mục",),
                geographic=(PROVINCE_SUBJECT,),
                keywords=("Sông Lam", "thư mục"),
                publisher="tvt",
                year=int(title[-4:]) if title[-4:].isdigit() else 2023,
                pages=rng.randint(60, 240),
                height_cm=29,
                price_vnd=0,
                edition_weight=0.0,
            )
        )
    for title, authors, ddc, language, subjects, publisher, nonfiling in FOREIGN_WORKS:
        works.append(
            DemoTitle(
                category=FOREIGN_LANGUAGE,
                title=title,
                authors=authors,
                contributors=(
                    (people.person_name(rng), "translator" if language == "eng" else "traduction"),
                )
                if authors and not authors[0].count(",")
                else (),
                ddc=ddc,
                subjects=subjects,
                publisher=publisher,
                pages=rng.randint(120, 480),
                language=language,
                nonfiling=nonfiling,
                price_vnd=_round_price(rng.uniform(90_000, 320_000)),
                edition_weight=0.5,
            )
        )
    return works


# ---------------------------------------------------------------- editions and ISBNs


def isbn13(prefix12: str) -> str:
    """Return the hyphenated ISBN-13 that starts with the 12 digits `prefix12`.

    The check digit makes the weighted sum (weights 1, 3, 1, 3, …) a multiple of 10.
    """
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(prefix12))
    check = (10 - total % 10) % 10
    return str(stdnum_isbn.format(f"{prefix12}{check}"))


def _editions(rng: random.Random, works: list[DemoTitle], total: int) -> list[DemoTitle]:
    """Give every work one edition, then reprints by weight until there are `total`."""
    counts = Counter(range(len(works)))
    weights = [work.edition_weight for work in works]
    while sum(counts.values()) < total:
        (index,) = rng.choices(range(len(works)), weights)
        if counts[index] < 4:
            counts[index] += 1
    editions: list[DemoTitle] = []
    for index, work in enumerate(works):
        count = counts[index]
        if work.year:
            years = sorted(min(2025, work.year + 2 * step) for step in range(count))
        else:
            oldest = 2006 if work.edition_weight >= 2 else 2012
            years = sorted(rng.randint(oldest, 2025) for _ in range(count))
        for step, year in enumerate(years):
            changes: dict[str, object] = {"year": year}
            if step:
                changes["edition"] = f"Tái bản lần thứ {step + rng.randint(0, 3)}"
                changes["pages"] = max(16, work.pages + rng.randint(-12, 24))
                changes["price_vnd"] = _round_price(
                    work.price_vnd * (1 + 0.06 * (year - years[0]) / 2)
                )
                if work.category in {VN_LITERATURE, WORLD_LITERATURE} and rng.random() < 0.4:
                    changes["publisher"] = rng.choice(
                        ("vanhoc", "hoinhavan", "tre", "hongduc", "dantri")
                    )
            editions.append(dataclasses.replace(work, **changes))  # type: ignore[arg-type]  # fields are checked by replace at runtime
    return editions


def _with_isbns(editions: list[DemoTitle]) -> list[DemoTitle]:
    """Number the editions of each publisher in order and give each a valid ISBN-13."""
    next_number: Counter[str] = Counter()
    result: list[DemoTitle] = []
    for edition in editions:
        publisher = PUBLISHERS[edition.publisher]
        if not publisher.registrant:
            result.append(edition)
            continue
        digits = 6 - len(publisher.registrant)  # 978 604 + registrant + number = 12 digits
        # Start past 0 so numbers look used; the demo needs at most a few hundred per publisher.
        number = 10 ** (digits - 1) // 7 + next_number[edition.publisher] * 3
        next_number[edition.publisher] += 1
        prefix12 = f"978604{publisher.registrant}{number:0{digits}d}"
        result.append(dataclasses.replace(edition, isbn=isbn13(prefix12)))
    return result


def all_titles() -> list[DemoTitle]:
    """Return the full demo catalogue, the same list on every call."""
    rng = random.Random(SEED)
    works = [
        *_literature(rng),
        *_children(rng),
        *_practical(rng),
        *_school_books(rng),
        *_local_and_foreign(rng),
    ]
    return _with_isbns(_editions(rng, works, FULL_RECORD_COUNT))


# Works README.md's tour searches by name ("Truyện Kiều", "so do"): a sample keeps an edition
# of each, in place of another title of its category.
TOUR_WORKS = (("Nguyễn Du", "Truyện Kiều"), ("Vũ Trọng Phụng", "Số đỏ"))


def _is_work(title: DemoTitle, work: tuple[str, str]) -> bool:
    return title.title == work[1] and title.authors[:1] == (work[0],)


def _keep_tour_works(chosen: list[DemoTitle], titles: list[DemoTitle]) -> None:
    for work in TOUR_WORKS:
        if any(_is_work(title, work) for title in chosen):
            continue
        edition = next((title for title in titles if _is_work(title, work)), None)
        if edition is None:
            continue
        for index in range(len(chosen) - 1, -1, -1):
            other = chosen[index]
            if other.category == edition.category and not any(
                _is_work(other, kept) for kept in TOUR_WORKS
            ):
                chosen[index] = edition
                break


def titles_for_scale(record_count: int) -> list[DemoTitle]:
    """Return `record_count` titles: all of them, or an even sample across categories."""
    titles = all_titles()
    if record_count >= len(titles):
        return titles
    rng = random.Random(f"{SEED}-sample-{record_count}")
    by_category: dict[str, list[DemoTitle]] = {}
    for title in titles:
        by_category.setdefault(title.category, []).append(title)
    chosen: list[DemoTitle] = []
    share = record_count / len(titles)
    for category in sorted(by_category):
        members = by_category[category]
        wanted = max(2, round(len(members) * share))
        chosen.extend(rng.sample(members, min(wanted, len(members))))
    rng.shuffle(chosen)
    chosen = chosen[:record_count]
    _keep_tour_works(chosen, titles)
    # Keep the order of the full list, so control numbers grow with it.
    positions = {id(title): index for index, title in enumerate(titles)}
    return sorted(chosen, key=lambda title: positions[id(title)])
