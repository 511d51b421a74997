"""URL map: the public catalogue at the root, staff pages under /staff/, the JSON API under
/api/v1/, OAI-PMH at /oai and SRU at /sru for other catalogues, Django admin under /admin/.
"""

from django.contrib import admin
from django.urls import include, path

from libnet.api.api import api
from libnet.interop.oai import views as oai_views
from libnet.interop.sru import views as sru_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # OAI-PMH 2.0 for harvesters (the national union catalogue): public, not rate-limited.
    path("oai", oai_views.endpoint, name="oai"),
    path("staff/readers/", include("libnet.patrons.urls")),
    path("staff/circulation/", include("libnet.circulation.urls")),
    path("staff/rotation/", include("libnet.rotation.urls")),
    path("staff/mobile/", include("libnet.mobile.urls")),
    path("staff/stock/", include("libnet.stock.urls")),
    path("staff/acquisitions/", include("libnet.acquisitions.urls")),
    path("staff/weeding/", include("libnet.weeding.urls")),
    path("staff/serials/", include("libnet.catalog.serial_urls")),
    path("staff/cataloguing/", include("libnet.catalog.cataloguing_urls")),
    path("staff/authorities/", include("libnet.catalog.authority_urls")),
    path("staff/authority-import/", include("libnet.interop.authority_urls")),
    path("staff/catalogue/marc/", include("libnet.catalog.editor_urls")),
    path("staff/donations/", include("libnet.donations.urls")),
    path("staff/events/", include("libnet.events.urls")),
    path("staff/bibliographies/", include("libnet.bibliographies.urls")),
    path("staff/digital/projects/", include("libnet.digital.project_urls")),
    path("staff/training/", include("libnet.training.urls")),
    path("staff/planning/", include("libnet.planning.urls")),
    path("staff/schools/", include("libnet.schools.urls")),
    path("staff/programmes/", include("libnet.programmes.urls")),
    path("staff/digital/", include("libnet.digital.urls")),
    path("staff/", include("libnet.staff.urls")),
    # Other catalogues search this one over SRU 2.0 / 1.2 (interop/sru).
    path("sru", sru_views.sru, name="sru"),
    # IIIF Image and Presentation APIs, and the viewer's page of an object without a record.
    path("iiif/", include("libnet.digital.iiif.urls")),
    path("digital/", include("libnet.digital.viewer_urls")),
    # Public events and their iCalendar feeds, before the OPAC's /libraries/<code>.
    path("", include("libnet.events.public_urls")),
    path("", include("libnet.bibliographies.public_urls")),
    path("digital/", include("libnet.digital.download_urls")),
    path("digital/", include("libnet.digital.text_urls")),
    # Last: the OPAC's paths (/search, /record/…, /libraries) are short, common words.
    path("", include("libnet.opac.urls")),
]

# Unknown addresses get the public "not found" page (readers meet it more than staff do).
handler404 = "libnet.opac.views.page_not_found"
