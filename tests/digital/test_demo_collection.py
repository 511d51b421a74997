"""The demo province's local-studies collection: drawn page images with their derivatives,
a project with documents at every step, the gazetteer's original restricted and read
through its digital copy, downloads and pages digitised in the month's figures."""

from __future__ import annotations

import pytest
from django.urls import reverse

from libnet.catalog.models import Item
from libnet.digital.models import (
    Access,
    DerivativeState,
    DigitalObject,
    DigitalPage,
    DigitisationProject,
    Download,
)
from libnet.digital.storage import original_path
from libnet.search import pages as page_index

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_local_studies_collection_with_drawn_pages_and_a_project(small_demo):
    objects = DigitalObject.objects.filter(library__code="SL-TVT")
    assert 3 <= objects.count() <= 6
    pages = DigitalPage.objects.filter(object__in=objects).select_related("file")
    assert pages.count() >= 9
    assert all(page.derivatives == DerivativeState.READY for page in pages)
    assert all(original_path(page.file).is_file() for page in pages)
    # The gia phả's pages carry the transcription staff typed, found without accents.
    han_nom = objects.get(han_nom=True)
    assert all(page.text_source == "typed" for page in han_nom.pages.all())
    hits = page_index.page_hits("thuy to ho nguyen", object_ids=[han_nom.pk])
    assert len(hits) == han_nom.pages.count()
    project = DigitisationProject.objects.get(library__code="SL-TVT")
    states = set(project.items.values_list("state", flat=True))
    assert {"selected", "checked", "scanned", "described", "published"} <= states
    assert project.items.filter(fit_to_scan=False).exists()
    assert Download.objects.exists()


def test_the_demo_gazetteers_original_is_restricted_and_the_opac_offers_its_digital_copy(
    client, small_demo
):
    original = Item.objects.exclude(restriction="").select_related("bib").get()
    scans = DigitalObject.objects.get(record=original.bib)
    assert scans.access == Access.PUBLIC
    page = client.get(reverse("opac:record", args=[original.bib_id])).content.decode()
    assert f"#digital-{scans.pk}" in page
