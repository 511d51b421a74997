"""Public pages of events at the site root: /events, /events/<id>, /events.ics and
/libraries/<code>/events.ics."""

from django.urls import URLPattern, URLResolver, path

from libnet.events import public

app_name = "public_events"

urlpatterns: list[URLPattern | URLResolver] = [
    path("events", public.event_list, name="list"),
    path("events.ics", public.network_feed, name="feed"),
    path("events/<int:event_id>", public.event_page, name="event"),
    path("events/<int:event_id>/register", public.register, name="register"),
    path("libraries/<str:code>/events.ics", public.library_feed, name="library_feed"),
]
