"""Scoped getters for weeding.

A round, its list and the content flags belong to a library: its cataloguers (and those whose
role covers it from above in the tree) see them; anyone else gets NotFound, exactly as for
one that does not exist.
"""

from __future__ import annotations

from django.db.models import QuerySet

from libnet.catalog.models import BibRecord, Item
from libnet.core import text
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.network.models import Library
from libnet.weeding.errors import WeedingNotFound
from libnet.weeding.models import ContentFlag, RoundCopy, WeedingRound

# Weeding is the cataloguer's work (TT 02/2020 Art. 23–28: the list, the registers, the
# catalogue); a commune library's clerk holds the catalogue role too.
PERMISSION = "catalog"


def weeding_library_ids(user: User) -> frozenset[int]:
    """The libraries whose weeding `user` runs."""
    return network_access.visible_library_ids(user, PERMISSION)


def require_weeding_role(user: User) -> frozenset[int]:
    """weeding_library_ids, or a 403 saying what the page is for when there is none."""
    return network_access.require_role(user, PERMISSION)


def rounds_for_staff(user: User) -> QuerySet[WeedingRound]:
    return WeedingRound.objects.filter(library_id__in=weeding_library_ids(user))


def get_round_for_staff(user: User, round_id: int) -> WeedingRound:
    """The round if `user` runs weeding at its library; NotFound otherwise."""
    found = rounds_for_staff(user).filter(pk=round_id).select_related("library").first()
    if found is None:
        raise WeedingNotFound("round_not_found")
    return found


def get_library_for_weeding(user: User, code: str) -> Library:
    """A library whose weeding `user` runs, by its code; NotFound otherwise."""
    library = Library.objects.filter(
        code=text.identifier(code), pk__in=weeding_library_ids(user)
    ).first()
    if library is None:
        raise WeedingNotFound("library_not_found")
    return library


def get_round_copy(weeding_round: WeedingRound, copy_id: int) -> RoundCopy:
    found = weeding_round.copies.filter(pk=copy_id).select_related("item", "round").first()
    if found is None:
        raise WeedingNotFound("copy_not_in_round")
    return found


def copies_of_round_library(weeding_round: WeedingRound, item_ids: list[int]) -> list[Item]:
    """The copies `item_ids` owned by the round's library; NotFound for any other."""
    copies = list(Item.objects.filter(pk__in=item_ids, home_library_id=weeding_round.library_id))
    if len(copies) != len(set(item_ids)):
        raise WeedingNotFound("item_not_found")
    return copies


def copy_by_barcode(weeding_round: WeedingRound, barcode: str) -> Item:
    """The round's library's copy with this barcode; NotFound otherwise."""
    copy = Item.objects.filter(
        barcode=text.identifier(barcode), home_library_id=weeding_round.library_id
    ).first()
    if copy is None:
        raise WeedingNotFound("item_not_found")
    return copy


def get_record(bib_id: int) -> BibRecord:
    """A catalogue record (records are the network's: any cataloguer may flag one)."""
    bib = BibRecord.objects.filter(pk=bib_id).first()
    if bib is None:
        raise WeedingNotFound("record_not_found")
    return bib


def get_flag_for_staff(user: User, flag_id: int) -> ContentFlag:
    flag = (
        ContentFlag.objects.filter(pk=flag_id, library_id__in=weeding_library_ids(user))
        .select_related("library", "bib")
        .first()
    )
    if flag is None:
        raise WeedingNotFound("flag_not_found")
    return flag
