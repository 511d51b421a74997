"""The demo's authorities (demo/authorities.py), on the small demo."""

from __future__ import annotations

import pytest
from django.urls import reverse

from libnet.catalog.models import Authority
from libnet.search import engine
from tests.html import visible_text

pytestmark = pytest.mark.django_db


def test_the_demo_has_writers_with_pen_names_and_subjects_linked_to_its_records(small_demo):
    headings = set(Authority.objects.values_list("heading", flat=True))
    assert {"Tô Hoài", "Nguyễn Sen", "Hồ Chí Minh", "Nguyễn Ái Quốc", "Nguyễn Du"} <= headings
    assert Authority.objects.get(heading="Tô Hoài").heading_links.exists()
    assert Authority.objects.get(heading="Văn học thiếu nhi").heading_links.exists()
    hits = engine.search(engine.SearchRequest(q="Tố Như", page_size=50)).hits
    assert "Truyện Kiều" in [hit.title for hit in hits]


def test_lan_sees_tô_hoài_and_his_real_name(small_demo, client, django_user_model):
    client.force_login(django_user_model.objects.get(username="lan"))
    to_hoai = Authority.objects.get(heading="Tô Hoài")
    page = visible_text(client.get(reverse("authorities:detail", args=[to_hoai.pk])).content)
    assert "Nguyễn Sen" in page
    assert "Diary of a Cricket" in page
