"""Authorities in the demo: a few Vietnamese writers with their pen names and real names,
and two subjects, each linked to the demo's records catalogued under any of its forms.

Written through catalog.services.authorities by Lan, the provincial cataloguer. A second run
adds nothing: the loader calls `load_authorities` only while there is no authority yet.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from libnet.catalog.authority_marc import AuthorityForm
from libnet.catalog.models import Authority, AuthorityKind, HeadingLink
from libnet.catalog.services import authorities
from libnet.network.models import Library

PERSONAL = AuthorityKind.PERSONAL
SUBJECT = AuthorityKind.SUBJECT

AUTHORITIES = (
    # Tô Hoài is the pen name of Nguyễn Sen (1920-2014): two headings, linked both ways.
    AuthorityForm(
        PERSONAL, "Tô Hoài", identities=("Nguyễn Sen",), notes="Bút danh của Nguyễn Sen."
    ),
    AuthorityForm(
        PERSONAL, "Nguyễn Sen", identities=("Tô Hoài",), notes="Tên khai sinh của nhà văn Tô Hoài."
    ),
    # The President's books are catalogued under Hồ Chí Minh; the articles of the 1920s under
    # Nguyễn Ái Quốc. His birth names are variants: a search for them finds his books.
    AuthorityForm(
        PERSONAL,
        "Hồ Chí Minh",
        variants=("Nguyễn Sinh Cung", "Nguyễn Tất Thành", "Ho Chi Minh"),
        identities=("Nguyễn Ái Quốc",),
    ),
    AuthorityForm(PERSONAL, "Nguyễn Ái Quốc", identities=("Hồ Chí Minh",)),
    AuthorityForm(PERSONAL, "Nguyễn Du", variants=("Tố Như", "Thanh Hiên", "Nguyen Du")),
    AuthorityForm(
        SUBJECT, "Văn học thiếu nhi", variants=("Children's literature", "Truyện thiếu nhi")
    ),
    AuthorityForm(SUBJECT, "Tư tưởng Hồ Chí Minh", variants=("Ho Chi Minh thought",)),
)


def load_authorities(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    """Create the demo's authorities and link the records; return how many of each."""
    counts = {"authorities": 0, "authority_links": 0}
    provincial = libraries.get("SL-TVT")
    lan = get_user_model().objects.filter(username="lan").first()
    if provincial is None or lan is None or Authority.objects.exists():
        return counts
    for form in AUTHORITIES:
        authorities.create_authority(form=form, by=lan, at=at)
        counts["authorities"] += 1
    counts["authority_links"] = HeadingLink.objects.count()
    return counts
