"""/digital/<object id>: the page where a reader reads an object described in Dublin Core (an
object with a catalogue record is read on its record's OPAC page)."""

from django.urls import path

from libnet.digital import viewer

app_name = "digital_viewer"

urlpatterns = [
    path("<int:object_id>", viewer.object_page, name="object"),
]
