"""Reads about readers: joint cards, duplicates, class lists, search."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from libnet.core import clock, text
from libnet.network import selectors as network_selectors
from libnet.network.models import Library
from libnet.patrons import policies
from libnet.patrons.models import (
    Consent,
    JointCardArea,
    Patron,
    PatronStatus,
)


def card_honoured_at(*, patron: Patron, library: Library, on: dt.date | None = None) -> bool:
    """Return whether `patron`'s card may be used at `library` on day `on` (default today).

    Always at the home library; elsewhere only when the province made one joint-card area
    (JointCardArea, in force since `since`) whose subtree holds both libraries (Luật Thư viện
    Art. 29, NĐ 93 Art. 27: joint cards are a decision, not a default).
    """
    if patron.home_library_id == library.pk:
        return True
    day = on or clock.local_date()
    area_roots = set(
        JointCardArea.objects.filter(since__lte=day).values_list("library_id", flat=True)
    )
    if not area_roots:
        return False
    shared = {
        patron.home_library_id,
        *network_selectors.ancestor_ids(patron.home_library_id),
    } & {library.pk, *network_selectors.ancestor_ids(library.pk)}
    return bool(shared & area_roots)


def joint_card_library_ids(*, library: Library, on: dt.date | None = None) -> set[int]:
    """Return the libraries whose cards are honoured at `library` besides its own."""
    day = on or clock.local_date()
    roots = list(JointCardArea.objects.filter(since__lte=day).values_list("library_id", flat=True))
    if not roots:
        return set()
    result: set[int] = set()
    for root in roots:
        subtree = network_selectors.subtree_ids([root])
        if library.pk in subtree:
            result |= subtree
    return result


def duplicate_candidates(
    *,
    full_name: str,
    birth_date: dt.date | None,
    phone: str,
    library_ids: Iterable[int] | None = None,
    exclude_id: int | None = None,
) -> list[Patron]:
    """Return readers who are likely the person described (policies.is_duplicate_candidate).

    With `library_ids`, only readers whose card those libraries issued: staff never learn
    about readers of libraries they do not work for. Erased readers are never candidates.
    """
    new = policies.identity(full_name, birth_date, phone)
    if not new.name_folded:
        return []
    readers = Patron.objects.filter(name_folded=new.name_folded).exclude(status=PatronStatus.ERASED)
    if library_ids is not None:
        # Only the library's own card holders: a reader who merely used the library would
        # otherwise let the desk probe a date of birth or phone it may not see.
        readers = readers.filter(home_library_id__in=list(library_ids))
    if exclude_id is not None:
        readers = readers.exclude(pk=exclude_id)
    return [
        reader
        for reader in readers.select_related("home_library", "category")[:50]
        if policies.is_duplicate_candidate(
            new, policies.identity(reader.full_name, reader.birth_date, reader.phone)
        )
    ]


def class_pupils(*, school: Library, school_class: str) -> QuerySet[Patron]:
    """Return the pupils of one class of `school` who are still there, in Vietnamese name order.

    Only the school's own card holders: a pupil whose card another library issued is that
    library's reader (patrons/README.md, who may do what).
    """
    return (
        Patron.objects.filter(
            school=school,
            home_library=school,
            school_class=school_class,
            left_school_on__isnull=True,
        )
        .exclude(status=PatronStatus.ERASED)
        .select_related("category", "home_library", "school")
        .order_by("name_sort_key", "card_number")
    )


@dataclass(frozen=True)
class SchoolClass:
    name: str
    pupils: int
    grade: int | None


def school_classes(*, school: Library) -> list[SchoolClass]:
    """Return the classes of `school` with their number of pupils, by grade then name."""
    rows = (
        Patron.objects.filter(school=school, home_library=school, left_school_on__isnull=True)
        .exclude(status=PatronStatus.ERASED)
        .exclude(school_class="")
        .values("school_class")
        .annotate(pupils=Count("id"))
    )
    classes = [
        SchoolClass(row["school_class"], row["pupils"], policies.grade_of(row["school_class"]))
        for row in rows
    ]
    return sorted(classes, key=lambda row: (row.grade or 99, text.sort_key(row.name), row.name))


_CARD_LIKE = re.compile(r"^[A-Za-z]*\d{3,}[A-Za-z0-9.\-]*$")


def search_patrons(readers: QuerySet[Patron], query: str) -> QuerySet[Patron]:
    """Narrow `readers` to those matching `query`: a card number, or words of the name.

    Names match without diacritics or đ (`nguyen van binh` finds Nguyễn Văn Bình), word by word
    and in any order; a query that looks like a card number also matches card numbers.
    """
    query = text.clean(query)
    if not query:
        return readers
    condition = Q()
    for word in text.fold(query).split():
        condition &= Q(name_folded__contains=word)
    if _CARD_LIKE.match(query) or " " not in query:
        condition |= Q(card_number__startswith=policies.normalize_card_number(query))
    return readers.filter(condition)


def consents_of(patron: Patron) -> list[Consent]:
    """Return every consent record of `patron`, open and withdrawn, oldest first."""
    return list(patron.consents.select_related("recorded_by").order_by("given_at", "pk"))


_CONSENT_ROLES_ATTRIBUTE = "_libnet_open_consent_roles"


def _open_consent_roles(patron: Patron) -> list[str]:
    """The roles with an open consent for the library service; read once per reader object
    (a page asks the card rule more than once)."""
    cached: list[str] | None = getattr(patron, _CONSENT_ROLES_ATTRIBUTE, None)
    if cached is None:
        cached = list(
            patron.consents.filter(
                withdrawn_at__isnull=True, purpose=policies.LIBRARY_SERVICE
            ).values_list("given_by", flat=True)
        )
        setattr(patron, _CONSENT_ROLES_ATTRIBUTE, cached)
    return cached


def missing_consents(*, patron: Patron, on: dt.date | None = None) -> list[str]:
    """Return the roles (reader, guardian) whose consent for the library service is missing."""
    day = on or clock.local_date()
    age = policies.age_on(patron.birth_date, day) if patron.birth_date else None
    return policies.missing_consents(
        needed=policies.consents_needed(age), given=_open_consent_roles(patron)
    )


def card_consents_missing(*, patron: Patron, on: dt.date | None = None) -> list[str]:
    """Return the consents a child's card waits for (policies.card_consents_missing).

    No query for a reader of 16 or more, or of unknown age: the desk's hot path stays as it was.
    """
    if patron.birth_date is None:
        return []
    age = policies.age_on(patron.birth_date, on or clock.local_date())
    if age >= policies.ADULT_CONSENT_FROM_AGE:
        return []
    return policies.card_consents_missing(age_years=age, given=_open_consent_roles(patron))


def card_refusal(*, patron: Patron, on: dt.date | None = None) -> policies.Refusal | None:
    """Return why `patron`'s card cannot be used on day `on` (default today), or None.

    THE rule for "is this card usable?": the desk, renewals, holds, the mobile library and
    the OPAC sign-in all ask it. Erased, blocked, a child without the consents their age
    needs, expired (policies.card_refusal). Where the card is valid (joint cards) is a
    separate question: card_honoured_at.
    """
    day = on or clock.local_date()
    return policies.card_refusal(
        status=patron.status,
        valid_until=patron.card_valid_until,
        today=day,
        blocked_reason=patron.blocked_reason,
        missing_consents=card_consents_missing(patron=patron, on=day)
        if patron.status == PatronStatus.ACTIVE
        else (),
    )


def card_refusal_codes(patrons: Iterable[Patron], *, on: dt.date) -> dict[int, str]:
    """Return reader id → card refusal code (card_refusal) for a page of readers, with one
    query for the consents of the children among them; usable cards are left out."""
    readers = list(patrons)
    children = [
        reader.pk
        for reader in readers
        if reader.status == PatronStatus.ACTIVE
        and reader.birth_date is not None
        and policies.age_on(reader.birth_date, on) < policies.ADULT_CONSENT_FROM_AGE
    ]
    given: dict[int, list[str]] = {pk: [] for pk in children}
    if children:
        for patron_id, role in Consent.objects.filter(
            patron_id__in=children, withdrawn_at__isnull=True, purpose=policies.LIBRARY_SERVICE
        ).values_list("patron_id", "given_by"):
            given[patron_id].append(role)
    codes: dict[int, str] = {}
    for reader in readers:
        missing = (
            policies.card_consents_missing(
                age_years=policies.age_on(reader.birth_date, on) if reader.birth_date else None,
                given=given[reader.pk],
            )
            if reader.pk in given
            else []
        )
        refusal = policies.card_refusal(
            status=reader.status,
            valid_until=reader.card_valid_until,
            today=on,
            blocked_reason=reader.blocked_reason,
            missing_consents=missing,
        )
        if refusal is not None:
            codes[reader.pk] = refusal.code
    return codes


def libraries_used(patron: Patron) -> list[Library]:
    """Return the libraries `patron` has used, home library first."""
    libraries = list(
        Library.objects.filter(patron_links__patron=patron).order_by("sort_key", "code")
    )
    return sorted(libraries, key=lambda library: library.pk != patron.home_library_id)


@dataclass(frozen=True)
class ClassMove:
    """What the rollover does to one class: move up to `to_class`, or leave when it is None."""

    from_class: str
    to_class: str | None
    patron_ids: tuple[int, ...]

    @property
    def pupils(self) -> int:
        return len(self.patron_ids)


@dataclass(frozen=True)
class RolloverPlan:
    """The school-year rollover of one school, before it is applied (the preview)."""

    school: Library
    final_grade: int
    leavers_valid_until: dt.date
    next_valid_until: dt.date
    moves: tuple[ClassMove, ...]  # highest grade first
    unknown: tuple[ClassMove, ...]  # classes without a grade number: left as they are

    @property
    def leaving(self) -> tuple[ClassMove, ...]:
        return tuple(move for move in self.moves if move.to_class is None)

    @property
    def moving_up(self) -> tuple[ClassMove, ...]:
        return tuple(move for move in self.moves if move.to_class is not None)

    @property
    def leaver_count(self) -> int:
        return sum(move.pupils for move in self.leaving)

    @property
    def moving_count(self) -> int:
        return sum(move.pupils for move in self.moving_up)


def rollover_plan(
    *, school: Library, today: dt.date, final_grade: int | None = None
) -> RolloverPlan:
    """Plan the move of every class of `school` up one grade; the final grade leaves.

    `final_grade` defaults to the school's kind (5 primary, 9 lower-secondary, 12 upper).
    Only pupils (category "pupil") still at the school move; teachers keep their class; a
    pupil whose card another library issued is left to that library.
    """
    grade = final_grade or policies.final_grade_for(school.kind) or 12
    leavers_end, next_end = policies.rollover_dates(today)
    rows = (
        Patron.objects.filter(
            school=school,
            home_library=school,
            left_school_on__isnull=True,
            category__code=policies.PUPIL_CATEGORY,
        )
        .exclude(status=PatronStatus.ERASED)
        .exclude(school_class="")
        .values_list("school_class", "pk")
    )
    by_class: dict[str, list[int]] = {}
    for school_class, patron_id in rows:
        by_class.setdefault(school_class, []).append(patron_id)
    moves: list[ClassMove] = []
    unknown: list[ClassMove] = []
    for school_class, ids in by_class.items():
        class_grade = policies.grade_of(school_class)
        if class_grade is None:
            unknown.append(ClassMove(school_class, school_class, tuple(sorted(ids))))
            continue
        to_class = None if class_grade >= grade else policies.next_class(school_class)
        moves.append(ClassMove(school_class, to_class, tuple(sorted(ids))))
    moves.sort(key=lambda move: (-(policies.grade_of(move.from_class) or 0), move.from_class))
    unknown.sort(key=lambda move: move.from_class)
    return RolloverPlan(
        school=school,
        final_grade=grade,
        leavers_valid_until=leavers_end,
        next_valid_until=next_end,
        moves=tuple(moves),
        unknown=tuple(unknown),
    )


# --- readers in the statistics (TT 18/2014 Art. 13: users, their composition) -------------


def _holding_a_card(library_ids: Iterable[int], on: dt.date) -> QuerySet[Patron]:
    """Readers registered at `library_ids` whose card was valid on `on` (erased readers are
    not counted: their category and dates are kept, their consent is not)."""
    return Patron.objects.filter(
        home_library_id__in=list(library_ids),
        card_issued_on__lte=on,
        card_valid_until__gte=on,
    ).exclude(status=PatronStatus.ERASED)


def card_holders_by_category(library_ids: Iterable[int], on: dt.date) -> dict[str, int]:
    """Return reader category code → readers registered at `library_ids` with a card valid on
    `on`. One query."""
    rows = (
        _holding_a_card(library_ids, on)
        .values_list("category__code")
        .annotate(readers=Count("pk"))
        .order_by()
    )
    return {code or "": int(readers) for code, readers in rows}


def card_holders_recording_disability(library_ids: Iterable[int], on: dt.date) -> int:
    """Return how many of those readers had agreed, on `on`, to their disability being
    recorded: every consent their age needs (policies.consents_needed: the reader, a guardian
    or both) open for `policies.DISABILITY_RECORD` at the end of that day. Two queries."""
    end_of_day = dt.datetime.combine(on + dt.timedelta(days=1), dt.time(), tzinfo=clock.VIETNAM)
    consents = Consent.objects.filter(
        purpose=policies.DISABILITY_RECORD,
        given_at__lt=end_of_day,
        patron__in=_holding_a_card(library_ids, on),
    ).filter(Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=end_of_day))
    roles: dict[int, set[str]] = {}
    for patron_id, role in consents.values_list("patron_id", "given_by"):
        roles.setdefault(patron_id, set()).add(role)
    if not roles:
        return 0
    births = dict(Patron.objects.filter(pk__in=roles).values_list("pk", "birth_date"))
    agreed = 0
    for patron_id, given in roles.items():
        birth = births.get(patron_id)
        age = policies.age_on(birth, on) if birth is not None else None
        if policies.consents_needed(age) <= given:
            agreed += 1
    return agreed
