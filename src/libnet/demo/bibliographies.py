"""Two bibliographies of the provincial library in the demo: the local-studies bibliography
of the province (its records about Sông Lam, published) and the list of new acquisitions of
last month (a draft). Written through the bibliographies services; a second run adds
nothing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from libnet.bibliographies import services
from libnet.bibliographies.models import Bibliography, Grouping
from libnet.catalog.local_studies import local_studies_q
from libnet.catalog.models import BibRecord
from libnet.core import clock
from libnet.network.models import Library

PROVINCIAL = "SL-TVT"


def load_bibliographies(libraries: dict[str, Library], at: dt.datetime) -> dict[str, int]:
    provincial = libraries.get(PROVINCIAL)
    if provincial is None or Bibliography.objects.filter(record_list__library=provincial).exists():
        return {"bibliographies": 0}
    lan = get_user_model().objects.filter(username="lan").first()
    local = services.create_bibliography(
        library=provincial,
        kind="local_studies",
        title="Thư mục địa chí tỉnh Sông Lam",
        grouping=Grouping.SUBJECT,
        introduction=(
            "Thư mục giới thiệu các tài liệu viết về tỉnh Sông Lam có trong kho của Thư viện "
            "tỉnh và các thư viện cơ sở, sắp xếp theo chủ đề và vần chữ cái."
        ),
        by=lan,
        at=at,
    )
    records = (
        BibRecord.objects.filter(local_studies_q()).order_by("pk").values_list("pk", flat=True)[:40]
    )
    services.add_records(bibliography=local, record_ids=list(records), by=lan, at=at)
    if local.record_list.entries.exists():
        services.publish(bibliography=local, by=lan, at=at)
    today = clock.local_date(at)
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    services.create_bibliography(
        library=provincial,
        kind="new_acquisitions",
        title=f"Thông báo sách mới tháng {last_month.month}/{last_month.year}",
        grouping=Grouping.CLASS,
        month=last_month,
        by=lan,
        at=at,
    )
    return {"bibliographies": 2}
