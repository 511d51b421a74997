"""Who sees a digital object, its pages, manifest and downloads.

- `public`: anyone.
- `on_site`: readers whose address is in one of the owning library's reading-room networks
  (ReadingRoomNetwork; the address as core.net.client_address reads it, so a forwarded
  address counts only behind the configured proxies), and staff.
- `staff`: staff of the owning library and of the libraries above it.

Staff of a library see every object of their libraries whatever its access. An object the
asker may not see raises DigitalObjectNotFound (404), as one that does not exist.
"""

from __future__ import annotations

import ipaddress

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from libnet.core import cache, net
from libnet.digital.errors import DigitalObjectNotFound
from libnet.digital.models import Access, DigitalObject, ReadingRoomNetwork
from libnet.network import access as network_access
from libnet.network.access import User

# Staff permission for the digital library's work (projects, uploads, descriptions).
PERMISSION = "catalog"


def staff_library_ids(user: User) -> frozenset[int]:
    """The libraries whose objects `user` sees whatever their access (their staff)."""
    return network_access.visible_library_ids(user)


def on_site_library_ids(request: HttpRequest) -> frozenset[int]:
    """The libraries in whose reading room the request's client sits."""
    address = net.client_address(request)
    if not address:
        return frozenset()
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return frozenset()
    return frozenset(
        library_id
        for library_id, network in _networks.get()
        if client.version == network.version and client in network
    )


def _read_networks() -> list[tuple[int, ipaddress.IPv4Network | ipaddress.IPv6Network]]:
    found = []
    for library_id, text in ReadingRoomNetwork.objects.values_list("library_id", "network"):
        try:
            found.append((library_id, ipaddress.ip_network(text.strip(), strict=False)))
        except ValueError:
            continue
    return found


# Every IIIF tile asks where its reader sits: the networks are read once, and again when one
# is added or removed.
_networks = cache.TableCache(_read_networks, models=[ReadingRoomNetwork])


def visible_objects(request: HttpRequest) -> QuerySet[DigitalObject]:
    """Every object the asker of `request` may see (pages, manifest, downloads)."""
    user = request.user
    condition = Q(access=Access.PUBLIC)
    on_site = on_site_library_ids(request)
    if on_site:
        condition |= Q(access=Access.ON_SITE, library_id__in=on_site)
    staff = staff_library_ids(user)
    if staff:
        condition |= Q(library_id__in=staff)
    return DigitalObject.objects.filter(condition)


def get_object(request: HttpRequest, object_id: int) -> DigitalObject:
    """The object `object_id` if the asker may see it, else DigitalObjectNotFound."""
    found = visible_objects(request).filter(pk=object_id).first()
    if found is None:
        raise DigitalObjectNotFound("digital_object_not_found")
    return found


def objects_for_staff(user: User) -> QuerySet[DigitalObject]:
    """The objects of the libraries `user` works at (and below), for the staff pages."""
    return DigitalObject.objects.filter(library_id__in=staff_library_ids(user))


def get_object_for_staff(user: User, object_id: int) -> DigitalObject:
    found = objects_for_staff(user).filter(pk=object_id).first()
    if found is None:
        raise DigitalObjectNotFound("digital_object_not_found")
    return found


def require_digitiser(user: User) -> frozenset[int]:
    """The libraries whose digital library `user` may change (their cataloguers), or 403."""
    return network_access.require_role(user, PERMISSION)
