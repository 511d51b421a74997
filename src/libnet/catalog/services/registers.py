"""Accession registers (sổ đăng ký cá biệt) and the numbers they give copies."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max

from libnet.catalog import policies
from libnet.catalog.errors import CatalogRefused
from libnet.catalog.models import (
    MAX_ACCESSION_SEQUENCE,
    MAX_REGISTER_DIGITS,
    AccessionRegister,
    Item,
)
from libnet.core import audit, text
from libnet.core.audit import Actor
from libnet.network.models import Library

REGISTER_PREFIX = re.compile(r"^[A-Z0-9Đ]{1,12}$")


def grouped(number: int) -> str:
    """125000 → 125.000, the way the pages and the register write amounts."""
    return f"{number:,}".replace(",", ".")


@transaction.atomic
def create_register(
    *,
    library: Library,
    prefix: str,
    name: str,
    by: Actor,
    digits: int = 6,
    separator: str = ".",
    is_default: bool = False,
) -> AccessionRegister:
    """Open an accession register with `prefix` at `library`."""
    prefix = text.identifier(prefix)
    if not REGISTER_PREFIX.match(prefix):
        raise CatalogRefused("invalid_prefix", prefix=prefix)
    if not 1 <= digits <= MAX_REGISTER_DIGITS:
        raise CatalogRefused("invalid_register_digits", max=MAX_REGISTER_DIGITS)
    if AccessionRegister.objects.filter(library=library, prefix=prefix).exists():
        raise CatalogRefused("duplicate_prefix", library=library.code, prefix=prefix)
    if is_default or not AccessionRegister.objects.filter(library=library).exists():
        AccessionRegister.objects.filter(library=library, is_default=True).update(is_default=False)
        is_default = True
    register = AccessionRegister.objects.create(
        library=library,
        prefix=prefix,
        name=text.clean(name) or prefix,
        digits=digits,
        separator=separator,
        is_default=is_default,
    )
    audit.record(
        "register.create",
        subject=register,
        by=by,
        library_id=library.pk,
        after={"prefix": prefix, "name": register.name},
    )
    return register


def default_register(library: Library) -> AccessionRegister | None:
    return (
        AccessionRegister.objects.filter(library=library).order_by("-is_default", "prefix").first()
    )


def proposed_accession_number(register: AccessionRegister) -> str:
    """Return the accession number the next copy in `register` would get (not reserved)."""
    return register.format_number(_first_free_sequence(register, register.next_number))


# How many numbers past the counter one query looks at for the first free one.
_FREE_NUMBER_WINDOW = 500


def _used_sequences(register: AccessionRegister, start: int, end: int) -> set[int]:
    """The numbers from `start` to `end` (excluded) that copies of `register` use."""
    sequences = Item.objects.filter(
        register=register, accession_sequence__gte=start, accession_sequence__lt=end
    ).values_list("accession_sequence", flat=True)
    return {sequence for sequence in sequences if sequence is not None}


def _used_sequences_among(register: AccessionRegister, sequences: set[int]) -> set[int]:
    """The numbers of `sequences` that copies of `register` use."""
    used = Item.objects.filter(register=register, accession_sequence__in=sequences).values_list(
        "accession_sequence", flat=True
    )
    return {sequence for sequence in used if sequence is not None}


def _first_free_sequence(register: AccessionRegister, counter: int) -> int:
    """The first number from the register's counter on that no copy uses.

    Copies entered with a hand-typed number or imported can take numbers ahead of the
    counter; proposing one of those would only earn the librarian a refusal. A number far
    ahead (an imported one the counter did not follow) does not pull the proposal after it.
    """
    candidate = counter
    while True:
        window_end = candidate + _FREE_NUMBER_WINDOW
        used = _used_sequences(register, candidate, window_end)
        while candidate in used:
            candidate += 1
        if candidate < window_end:
            return candidate


def parse_accession(register: AccessionRegister, number: str) -> int | None:
    """The sequence of `number` when it is written the register's way (prefix, separator,
    digits), else None."""
    pattern = re.escape(register.prefix) + re.escape(register.separator) + r"?0*(\d+)$"
    match = re.match(pattern, number)
    return int(match.group(1)) if match else None


def accession_number_far_ahead(register: AccessionRegister, number: str) -> bool:
    """Whether `number` (of `register`) lies so far past its next free number that taking it
    without a confirmation would leave a gap by mistake (catalog.policies.is_accession_jump)."""
    sequence = parse_accession(register, number)
    return sequence is not None and policies.is_accession_jump(
        sequence=sequence, next_free=_first_free_sequence(register, register.next_number)
    )


def next_accession_sequence_after_import(register: AccessionRegister) -> None:
    """Move the register's counter past the highest number its copies use."""
    highest = Item.objects.filter(register=register).aggregate(top=Max("accession_sequence"))["top"]
    if highest is not None and highest >= register.next_number:
        AccessionRegister.objects.filter(pk=register.pk).update(next_number=highest + 1)


class Numbering:
    """The accession numbers one register gives the copies added in one transaction.

    The register's row is locked once, and the numbers its copies use are read a window at a
    time (and, for the numbers asked for, in one query), so a batch of an import costs a few
    queries per register, not a few per copy. `take` decides each copy's number; `save`
    writes the counter. The rules are those of a copy added on its own:

    - no number asked: the first free one from the counter on, and the counter moves past it;
    - a typed number must be written the register's way, and far past the next free number
      (policies.is_accession_jump) it needs `confirm_jump`; only then does the counter move
      past it. A number below the counter fills a gap and leaves the counter where it is;
    - an imported number is kept as the other system wrote it; written the register's way and
      far ahead, it is kept but the counter stays (`take` says so: one mistyped number would
      otherwise leave a gap of thousands);
    - a number whose sequence another copy already uses (written differently) is kept, outside
      the register's order.
    """

    def __init__(self, register: AccessionRegister, *, asked: Iterable[str] = ()) -> None:
        self.register = AccessionRegister.objects.select_for_update().get(pk=register.pk)
        self.counter = self.register.next_number
        self._first_counter = self.counter
        self._used: set[int] = set()
        # Numbers whose use is known: those asked for, and a window read from the database.
        self._asked = {
            sequence
            for sequence in (parse_accession(self.register, number) for number in asked)
            if sequence is not None
        }
        self._window = range(0)
        if self._asked:
            self._used.update(_used_sequences_among(self.register, self._asked))

    def _is_used(self, sequence: int) -> bool:
        if sequence not in self._asked and sequence not in self._window:
            start = self._window.start if sequence == self._window.stop else sequence
            self._used.update(
                _used_sequences(self.register, sequence, sequence + _FREE_NUMBER_WINDOW)
            )
            self._window = range(start, sequence + _FREE_NUMBER_WINDOW)
        return sequence in self._used

    def first_free(self) -> int:
        """The first number from the counter on that no copy uses."""
        candidate = self.counter
        while self._is_used(candidate):
            candidate += 1
        return candidate

    def take(
        self, asked: str, *, imported: bool, confirm_jump: bool = False
    ) -> tuple[str, int | None, str | None]:
        """Return (accession number, sequence or None, the register's next number when an
        imported number is kept far past it, else None) for a new copy that asks for `asked`
        (empty: the next one).

        Raises CatalogRefused for a typed number written another register's way, too large,
        or far ahead without `confirm_jump`."""
        register = self.register
        if not asked:
            free = self.first_free()
            self.counter = free + 1
            self._used.add(free)
            return register.format_number(free), free, None
        sequence = parse_accession(register, asked)
        far_ahead: str | None = None
        if sequence is None or sequence > MAX_ACCESSION_SEQUENCE:
            if imported:
                return asked, None, None  # a number of the other system's own making
            if sequence is None:
                raise CatalogRefused(
                    "accession_number_other_register",
                    number=asked,
                    prefix=register.prefix,
                    example=register.format_number(self.first_free()),
                )
            raise CatalogRefused(
                "accession_number_too_large",
                number=asked,
                max=register.format_number(MAX_ACCESSION_SEQUENCE),
            )
        if sequence >= self.counter:
            next_free = self.first_free()
            if not policies.is_accession_jump(sequence=sequence, next_free=next_free):
                self.counter = sequence + 1
            elif imported:
                far_ahead = register.format_number(next_free)
            elif confirm_jump:
                self.counter = sequence + 1
            else:
                raise CatalogRefused(
                    "accession_number_jump",
                    number=asked,
                    ahead=grouped(sequence - next_free),
                    prefix=register.prefix,
                    next=register.format_number(next_free),
                    after=register.format_number(sequence + 1),
                )
        if self._is_used(sequence):
            return asked, None, far_ahead  # a differently written number took this sequence
        self._used.add(sequence)
        return asked, sequence, far_ahead

    def save(self) -> None:
        """Write the register's counter, if the copies moved it."""
        if self.counter != self._first_counter:
            AccessionRegister.objects.filter(pk=self.register.pk).update(next_number=self.counter)
            self.register.next_number = self.counter
