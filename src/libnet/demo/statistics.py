"""Official statistics in the demo: the population of the province and of its communes
(dated, as the province would enter them from the statistics office's yearlong estimates;
the figures are invented), and readers who agreed to their disability being recorded.

Written through the models' owners: populations are the province's data (entered in the
admin, so written here as rows), consents through patrons.services. A second run adds
nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from libnet.core import clock
from libnet.network.models import AdminUnit, AdminUnitPopulation, Library
from libnet.patrons import policies as patron_policies
from libnet.patrons import services as patron_services
from libnet.patrons.models import ConsentRole, Patron

SOURCE = "Cục Thống kê tỉnh, ước tính dân số trung bình (số liệu demo)"
# (unit code, population at 31/12/2024, at 31/12/2025): invented, of a plausible size.
POPULATIONS = [
    ("SL", 1_231_400, 1_248_900),
    ("SL-P-LAMGIANG", 42_300, 43_100),
    ("SL-P-CUALAM", 31_800, 32_200),
    ("SL-P-HUNGLOC", 27_600, 28_000),
    ("SL-X-TANLAP", 18_400, 18_650),
    ("SL-X-HUNGTHINH", 14_200, 14_350),
    ("SL-X-THANHSON", 9_800, 9_870),
    ("SL-X-PHUCLAM", 11_900, 12_050),
    ("SL-X-SONKIM", 7_600, 7_640),
    ("SL-X-KYLAC", 6_300, 6_340),
    ("SL-X-NAMLUONG", 5_100, 5_160),
    ("SL-X-THANHTUNG", 8_200, 8_260),
]
# Readers of these libraries, in card order, who agreed to their disability being recorded:
# counted in "of whom, people with disabilities". One more reader of Tân Lập is in the
# "disabled" card category without that consent: not counted.
DISABILITY_CONSENTS = {"SL-TANLAP": 2, "SL-HUNGTHINH": 1}


def load_statistics(at: dt.datetime) -> dict[str, int]:
    """Load the demo's populations and disability consents; return what was created."""
    created = {"populations": 0, "disability_consents": 0}
    units = {unit.code: unit for unit in AdminUnit.objects.filter(valid_to__isnull=True)}
    for code, *figures in POPULATIONS:
        unit = units.get(code)
        if unit is None:
            continue
        for year, population in zip((2024, 2025), figures, strict=True):
            _row, is_new = AdminUnitPopulation.objects.get_or_create(
                unit=unit,
                as_of=dt.date(year, 12, 31),
                defaults={"population": population, "source": SOURCE},
            )
            created["populations"] += int(is_new)
    minh = get_user_model().objects.filter(username="minh").first()
    for code, count in DISABILITY_CONSENTS.items():
        library = Library.objects.filter(code=code).first()
        if library is None:
            continue
        adults = Patron.objects.filter(
            home_library=library, category__code="adult", card_valid_until__gte=clock.local_date(at)
        ).order_by("card_number")[:count]
        for patron in adults:
            if patron.consents.filter(purpose=patron_policies.DISABILITY_RECORD).exists():
                continue
            patron_services.record_consent(
                patron=patron,
                given_by=ConsentRole.READER,
                purpose=patron_policies.DISABILITY_RECORD,
                by=minh,
                at=at - dt.timedelta(days=40),
            )
            created["disability_consents"] += 1
    return created
