"""The staff menu: each page it offers, once, with the rule that opens the page.

A section of the top menu is shown when the user may open at least one of its pages; it
links to the first of them. Each rule is the access function the page itself calls (the
page answers 403 with the reason when it is false), so the menu and the pages agree: a
clerk of a commune library sees the desk and the readers, not the mobile library; the
Department officer sees plans and reports, not the lending desk.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from libnet.donations import access as donations_access
from libnet.mobile import access as mobile_access
from libnet.network import access as network_access
from libnet.network.access import User
from libnet.patrons import access as patrons_access
from libnet.programmes import access as programmes_access
from libnet.rotation import access as rotation_access
from libnet.schools import access as schools_access
from libnet.stock import access as stock_access
from libnet.training import access as training_access

Rule = Callable[[User], bool]


@functools.cache
def _holds(permission: str) -> Rule:
    """The user holds `permission` at some library (network_access.require_role)."""
    return lambda user: bool(network_access.visible_library_ids(user, permission))


def _organises_training(user: User) -> bool:
    return any(training_access.organiser_scope(user))


def _moves_copies(user: User) -> bool:
    return bool(rotation_access.rotation_library_ids(user))


def _enters_deposit_figures(user: User) -> bool:
    return bool(rotation_access.deposit_point_ids(user)) or _moves_copies(user)


def _counts_stock(user: User) -> bool:
    return bool(stock_access.stock_library_ids(user))


def _records_donations(user: User) -> bool:
    return bool(donations_access.donation_library_ids(user))


def _mobile_crew(user: User) -> bool:
    return bool(mobile_access.mobile_library_ids_for_staff(user))


def _reads_form_01(user: User) -> bool:
    return bool(mobile_access.report_library_ids_for_staff(user))


def _managing_body(user: User) -> bool:
    return bool(network_access.body_ids(user))


def _school_standard(user: User) -> bool:
    return bool(schools_access.school_ids(user) or network_access.school_body_ids(user))


def _programme_party(user: User) -> bool:
    return programmes_access.opens_programme_pages(user)


def _school_desk(user: User) -> bool:
    return patrons_access.schools_for_desk(user).exists()


@dataclass(frozen=True)
class Page:
    """A page the menu offers: its key (for templates), URL name, label and rule."""

    key: str
    url_name: str
    label: Promise
    allowed: Rule
    primary: bool = False  # the section's main action, drawn as the primary button


@dataclass(frozen=True)
class Section:
    """An entry of the top menu and the pages under it (the first is where it leads)."""

    key: str
    label: Promise
    pages: tuple[Page, ...]
    # Views (namespace:name, or a namespace alone) that belong to the section, for the
    # "you are here" mark.
    views: tuple[str, ...] = ()


SECTIONS: tuple[Section, ...] = (
    Section(
        "home",
        _("Home"),
        (Page("home", "staff:home", _("Home"), lambda user: True),),
        views=("staff:home", "staff:library"),
    ),
    Section(
        "circulation",
        _("Circulation desk"),
        (
            Page("desk", "circulation:desk", _("Circulation desk"), _holds("circulation")),
            Page("overdue", "circulation:overdue", _("Overdue loans"), _holds("circulation")),
            Page("hold_shelf", "circulation:hold_shelf", _("Hold shelf"), _holds("circulation")),
            Page("visits", "circulation:visits", _("Daily visits"), _holds("circulation")),
        ),
        views=("circulation",),
    ),
    Section(
        "readers",
        _("Readers"),
        (
            Page("readers", "patrons:list", _("Readers"), _holds("circulation")),
            Page(
                "issue_card",
                "patrons:issue",
                _("Issue a card"),
                _holds("circulation"),
                primary=True,
            ),
            Page("import_pupils", "patrons:import", _("Import a class list"), _school_desk),
            Page("classes", "patrons:classes", _("Classes"), _school_desk),
        ),
        views=("patrons",),
    ),
    Section(
        "rotation",
        _("Rotation"),
        (
            Page("rotation", "rotation:batch_list", _("Rotation plan"), _moves_copies),
            Page("batch_new", "rotation:batch_new", _("New batch"), _moves_copies, primary=True),
            Page("transfers", "rotation:transfer_list", _("Transfers"), _moves_copies),
            Page(
                "deposit_usage",
                "rotation:deposit_usage",
                _("Deposit usage"),
                _enters_deposit_figures,
            ),
            Page("ill", "rotation:ill_list", _("Inter-library loans"), _moves_copies),
            Page("weeding", "staff:weeding", _("Weeding list"), _holds("catalog")),
        ),
        views=("rotation", "staff:weeding"),
    ),
    Section(
        "stock",
        _("Stocktake"),
        (
            Page("stocktakes", "stock:list", _("Stocktakes"), _counts_stock),
            Page("stocktake_new", "stock:new", _("New stocktake"), _counts_stock, primary=True),
            Page("general_register", "stock:register", _("General register"), _counts_stock),
            Page(
                "compensation",
                "stock:compensation_list",
                _("Lost copies: compensation"),
                _holds("circulation"),
            ),
            Page(
                "stocktake_province",
                "stock:province",
                _("Stocktakes this year"),
                _holds("view"),
            ),
        ),
        views=("stock",),
    ),
    Section(
        "acquisitions",
        _("Acquisitions"),
        (
            Page("orders", "acquisitions:orders", _("Orders"), _holds("catalog")),
            Page("order_new", "acquisitions:order_new", _("New order"), _holds("catalog"), True),
            Page("budgets", "acquisitions:budgets", _("Budget"), _holds("catalog")),
            Page("suppliers", "acquisitions:suppliers", _("Suppliers"), _holds("catalog")),
        ),
        views=("acquisitions",),
    ),
    Section(
        "weeding",
        _("Weeding"),
        (
            Page("weeding_rounds", "weeding:list", _("Weeding rounds"), _holds("catalog")),
            Page(
                "weeding_new",
                "weeding:new",
                _("New weeding round"),
                _holds("catalog"),
                primary=True,
            ),
            Page("weeding_flags", "weeding:flags", _("Content flags"), _holds("catalog")),
        ),
        views=("weeding",),
    ),
    Section(
        "donations",
        _("Donations"),
        (
            Page("donations", "donations:index", _("Donations"), _holds("view")),
            Page(
                "donation_new",
                "donations:donation_new",
                _("Record a donation"),
                _records_donations,
                primary=True,
            ),
            Page("donors", "donations:donors", _("Donors"), _records_donations),
            Page("drive_new", "donations:drive_new", _("New donation drive"), _records_donations),
        ),
        views=("donations",),
    ),
    Section(
        "events",
        _("Events"),
        (
            Page("events", "events:calendar", _("Events calendar"), _holds("events")),
            Page("event_new", "events:new", _("Plan an event"), _holds("events"), primary=True),
            Page("national_days", "events:suggestions", _("National days"), _holds("events")),
        ),
        views=("events",),
    ),
    Section(
        "training",
        _("Training"),
        (
            Page("courses", "training:list", _("Training courses"), _organises_training),
            Page(
                "course_new",
                "training:new",
                _("Plan a training course"),
                _organises_training,
                primary=True,
            ),
            Page(
                "qualifications",
                "training:qualifications",
                _("Qualified staff"),
                _organises_training,
            ),
            Page(
                "inspections",
                "training:inspections",
                _("Surveys and inspections"),
                _organises_training,
            ),
        ),
        views=("training",),
    ),
    Section(
        "mobile",
        _("Mobile library"),
        (
            Page("trips", "mobile:trip_list", _("Mobile library trips"), _mobile_crew),
            Page("routes", "mobile:routes", _("Routes and vehicles"), _mobile_crew),
            Page("form_01", "mobile:report", _("Form 01 report"), _reads_form_01),
        ),
        views=("mobile",),
    ),
    Section(
        "planning",
        _("Plans and reports"),
        (Page("planning", "planning:dashboard", _("Plans and reports"), _holds("view")),),
        views=("planning",),
    ),
    Section(
        "bodies",
        _("Managing bodies"),
        (Page("bodies", "planning:bodies", _("Managing bodies"), _managing_body),),
        views=("planning:bodies", "planning:body"),
    ),
    Section(
        "programmes",
        _("Cooperation programmes"),
        (Page("programmes", "programmes:list", _("Cooperation programmes"), _programme_party),),
        views=("programmes",),
    ),
    Section(
        "schools",
        _("School library standard"),
        (Page("schools", "schools:index", _("School library standard"), _school_standard),),
        views=("schools",),
    ),
    Section(
        "network",
        _("Library network"),
        (Page("network", "staff:network", _("Library network"), _holds("view")),),
        views=("staff:network",),
    ),
    Section(
        "catalogue",
        _("Cataloguing"),
        (
            Page("catalogue", "staff:search", _("Cataloguing"), _holds("view")),
            Page("cataloguing", "cataloguing:start", _("New record"), _holds("catalog")),
            Page("marc_new", "marc_editor:new", _("New record (MARC)"), _holds("catalog")),
            Page("serials", "serials:list", _("Newspapers and magazines"), _holds("view")),
            Page("serial_checkin", "serials:checkin", _("Check in issues"), _holds("catalog")),
            Page("serial_claims", "serials:claims", _("Claims"), _holds("catalog")),
            Page("bibliographies", "bibliographies:index", _("Bibliographies"), _holds("view")),
            Page(
                "digitising", "digital_projects:index", _("Digitisation projects"), _holds("view")
            ),
            Page("restricted", "staff:restricted_items", _("Restricted copies"), _holds("view")),
            Page("copycat", "staff:copycat", _("Copy cataloguing"), _holds("catalog")),
            Page("authorities", "authorities:list", _("Authorities"), _holds("view")),
        ),
        views=(
            "serials",
            "bibliographies",
            "digital_projects",
            "cataloguing",
            "authorities",
            "authority_import",
            "marc_editor",
            "staff:search",
            "staff:record",
            "staff:item",
            "staff:item_add",
            "staff:item_edit",
            "staff:item_status",
            "staff:restricted_items",
            "staff:copycat",
        ),
    ),
    Section(
        "imports",
        _("MARC import"),
        (Page("imports", "staff:imports", _("MARC import"), _holds("catalog")),),
        views=("staff:imports", "staff:import_job"),
    ),
    Section(
        "digital",
        _("Digital library"),
        (Page("digital", "digital:index", _("Digital library"), _holds("view")),),
        views=("digital",),
    ),
    Section(
        "registers",
        _("Accession registers"),
        (Page("registers", "staff:registers", _("Accession registers"), _holds("view")),),
        views=("staff:registers", "staff:register", "staff:register_labels"),
    ),
)


@dataclass
class Link:
    key: str
    label: Promise
    url: str
    primary: bool = False
    current: bool = False


@dataclass
class Menu:
    """What one user may open: the top menu, the links of each section, and `can[key]`."""

    sections: list[Link] = field(default_factory=list)
    links: dict[str, list[Link]] = field(default_factory=dict)
    can: dict[str, bool] = field(default_factory=dict)
    current_section: str = ""


def pages() -> list[Page]:
    """Every page of the menu, in order."""
    return [page for section in SECTIONS for page in section.pages]


def _belongs(section: Section, view_name: str) -> bool:
    namespace = view_name.split(":", 1)[0]
    return view_name in section.views or namespace in section.views


def menu_for(user: User, view_name: str = "") -> Menu:
    """Work out the menu of `user`, marking the section of `view_name` as the current one."""
    menu = Menu()
    answers: dict[Rule, bool] = {}  # several pages share a rule: each is asked once
    for section in SECTIONS:
        allowed = []
        for page in section.pages:
            if page.allowed not in answers:
                answers[page.allowed] = bool(page.allowed(user))
            menu.can[page.key] = answers[page.allowed]
            if menu.can[page.key]:
                allowed.append(
                    Link(
                        page.key,
                        page.label,
                        reverse(page.url_name),
                        primary=page.primary,
                        current=view_name == page.url_name,
                    )
                )
        menu.links[section.key] = allowed
        if not allowed:
            continue
        current = bool(view_name) and _belongs(section, view_name)
        if current:
            menu.current_section = section.key
        menu.sections.append(Link(section.key, section.label, allowed[0].url, current=current))
    return menu
