"""The forms of a weeding round, Mẫu 01 to 07b (TT 02/2020/TT-BVHTTDL Art. 23–30), as PDF under
the official heading (Quốc hiệu, Tiêu ngữ, the issuer, the place and date line).

The circular names the forms and what each is; their columns and wording could not be checked
(DOMAIN.md §8.3), so the layout here is libnet's own. Each form is dated by the step it
records (the day in Vietnam), never by the day it is printed: a reprint is the same paper; a
step not yet done leaves the date to be written by hand.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from libnet.core import pdf
from libnet.core.documents import Letterhead, format_number, place_and_date
from libnet.network.documents import letterhead
from libnet.weeding import policies, selectors
from libnet.weeding.errors import WeedingNotFound
from libnet.weeding.models import Criterion, Disposal, RoundCopy, RoundState, WeedingRound

FORMS: tuple[tuple[str, Promise], ...] = (
    ("01", gettext_lazy("Request for weeding")),
    ("02", gettext_lazy("Weeding plan")),
    ("03", gettext_lazy("Decision approving the weeding plan")),
    ("04", gettext_lazy("List of items proposed for weeding, with the proposed disposal")),
    ("05", gettext_lazy("Decision setting up the appraisal council")),
    ("06a", gettext_lazy("Minutes of the appraisal council's meeting")),
    ("06b", gettext_lazy("List of items appraised by the council")),
    ("07a", gettext_lazy("Decision on weeding")),
    ("07b", gettext_lazy("List of items weeded, attached to the decision")),
)
# The step whose day dates each form.
_DATED_BY = {
    "01": RoundState.REQUESTED,
    "02": RoundState.REQUESTED,
    "03": RoundState.APPROVED,
    "04": RoundState.LISTED,
    "05": RoundState.COUNCIL,
    "06a": RoundState.MINUTES,
    "06b": RoundState.MINUTES,
    "07a": RoundState.DECIDED,
    "07b": RoundState.DECIDED,
}
BLANK = "……………………"


class _Paper:
    """What every form of a round reads: the library's letterhead, the steps, the list."""

    def __init__(self, weeding_round: WeedingRound, code: str) -> None:
        self.round = weeding_round
        self.code = code
        self.steps = {step.state: step for step in weeding_round.steps.all()}
        step = self.steps.get(_DATED_BY[code])
        self.day: dt.date | None = step.done_on if step else None
        self.reference = step.reference if step else ""
        self.head = letterhead(weeding_round.library, on=self.day)
        self.style = pdf.styles()
        self.width = pdf.content_width(wide=code in ("04", "06b", "07b"))

    def para(self, value: str, name: str = "body", *, bold: bool = False) -> Any:
        return pdf.para(value, self.style[name], bold=bold)

    def heading(self, head: Letterhead | None = None) -> list[Any]:
        head = head or self.head
        return [
            *pdf.heading(
                head,
                width=self.width,
                date_line=place_and_date(head.place, self.day),
                form_label=_("Form %(code)s") % {"code": self.code},
            ),
            Spacer(1, 5 * mm),
        ]

    def managing_body(self) -> str:
        return self.head.governing[-1] if self.head.governing else BLANK

    def body_letterhead(self) -> Letterhead:
        """The managing body's own heading (its approval, Mẫu 03)."""
        governing = self.head.governing
        if not governing:
            return Letterhead(governing=(), issuer=BLANK, place=self.head.place)
        return Letterhead(governing=governing[:-1], issuer=governing[-1], place=self.head.place)

    def copies(self) -> list[RoundCopy]:
        return list(selectors.round_copies(self.round))

    def by_criterion(self, copies: Sequence[RoundCopy]) -> list[Any]:
        counts = Counter(copy.criterion for copy in copies)
        return [
            self.para(
                _("- %(criterion)s (Art. %(article)s): %(count)s copies")
                % {
                    "criterion": Criterion(criterion).label,
                    "article": policies.article_of(criterion) or "—",
                    "count": format_number(count),
                }
            )
            for criterion, count in sorted(counts.items())
        ] or [self.para(_("- no copy yet"))]

    def table(self, copies: Sequence[RoundCopy], *, with_disposal: bool) -> pdf.RowTable:
        sizes = [10, 26, 0, 30, 14, 50]
        if with_disposal:
            sizes.append(38)
        title_width = self.width - sum(sizes) * mm
        columns = [
            pdf.Column(_("No."), sizes[0] * mm, "RIGHT"),
            pdf.Column(_("Accession no."), sizes[1] * mm),
            pdf.Column(_("Title"), title_width),
            pdf.Column(_("Call number"), sizes[3] * mm),
            pdf.Column(_("Year"), sizes[4] * mm, "CENTER"),
            pdf.Column(_("Criterion"), sizes[5] * mm),
        ]
        if with_disposal:
            columns.append(pdf.Column(_("Disposal"), sizes[6] * mm))
        rows = []
        for number, copy in enumerate(copies, start=1):
            row: list[object] = [
                number,
                copy.item.accession_number or copy.item.barcode,
                copy.item.bib.title,
                copy.item.call_number,
                copy.item.bib.year or "",
                f"{Criterion(copy.criterion).label} ({policies.article_of(copy.criterion) or '—'})",
            ]
            if with_disposal:
                row.append(Disposal(copy.disposal).label)
            rows.append(row)
        return pdf.RowTable(columns, rows, empty=_("No copy on the list."))

    def signers(self, *titles: str) -> Any:
        return pdf.signatures(
            [pdf.Signer(title, _("(signature, full name)")) for title in titles], width=self.width
        )

    def council_lines(self) -> list[Any]:
        members = list(self.round.council.all())
        if not members:
            return [self.para(BLANK)]
        return [
            self.para(
                f"{number}. {member.name}"
                + (f" — {member.organisation}" if member.organisation else "")
                + (f": {member.role}" if member.role else "")
            )
            for number, member in enumerate(members, start=1)
        ]


def _form_01(paper: _Paper) -> list[Any]:
    weeding_round = paper.round
    cycle = selectors.library_cycle(weeding_round.library, stock=weeding_round.stock_at_opening)
    story = [
        *paper.heading(),
        paper.para(_("REQUEST"), "title"),
        paper.para(_("on weeding the library's information resources"), "subtitle"),
        Spacer(1, 4 * mm),
        paper.para(_("To: %(body)s") % {"body": paper.managing_body()}, "centre"),
        Spacer(1, 3 * mm),
        paper.para(
            _(
                "Under Circular 02/2020/TT-BVHTTDL, %(library)s requests approval to weed its information resources. The library holds %(stock)s copies; at most %(cap)s (10 %%) may be weeded in this round."
            )
            % {
                "library": weeding_round.library.name,
                "stock": format_number(weeding_round.stock_at_opening),
                "cap": format_number(policies.cap(weeding_round.stock_at_opening)),
            }
        ),
        paper.para(
            _("Last weeding decision: %(day)s. Cycle: every %(years)s years.")
            % {
                "day": cycle.last_decided_on.strftime("%d/%m/%Y") if cycle.last_decided_on else "—",
                "years": cycle.years,
            }
        ),
    ]
    if weeding_round.early_reason:
        story.append(
            paper.para(
                _("Reason for weeding before the cycle is due: %(reason)s")
                % {"reason": weeding_round.early_reason}
            )
        )
    story += [
        paper.para(_("The weeding plan is attached (Form 02).")),
        Spacer(1, 6 * mm),
        paper.signers(_("Head of the library")),
    ]
    return story


def _form_02(paper: _Paper) -> list[Any]:
    weeding_round = paper.round
    story = [
        *paper.heading(),
        paper.para(_("WEEDING PLAN"), "title"),
        paper.para(weeding_round.library.name, "subtitle"),
        Spacer(1, 4 * mm),
        paper.para(_("1. Scope"), bold=True),
        paper.para(
            _("Copies held: %(stock)s. Most copies weeded in this round: %(cap)s (10 %%).")
            % {
                "stock": format_number(weeding_round.stock_at_opening),
                "cap": format_number(policies.cap(weeding_round.stock_at_opening)),
            }
        ),
        paper.para(_("2. Criteria (Circular 02/2020/TT-BVHTTDL, Art. 19–22)"), bold=True),
        *[
            paper.para(
                _("- %(criterion)s (Art. %(article)s)")
                % {"criterion": rule.criterion.label, "article": rule.article}
            )
            for rule in policies.RULES
        ],
        paper.para(
            _(
                "Local-studies material is not weeded under the content, form or time criteria; surplus copies are not weeded in a school library."
            )
        ),
        paper.para(_("3. Content of the plan"), bold=True),
        *[paper.para(line) for line in (weeding_round.plan or BLANK).splitlines() if line.strip()],
        Spacer(1, 6 * mm),
        paper.signers(_("Head of the library")),
    ]
    return story


def _form_03(paper: _Paper) -> list[Any]:
    weeding_round = paper.round
    return [
        *paper.heading(paper.body_letterhead()),
        paper.para(
            _("No.: %(number)s") % {"number": weeding_round.approval_number or BLANK}, "centre"
        ),
        paper.para(_("DECISION"), "title"),
        paper.para(
            _("approving the weeding plan of %(library)s")
            % {"library": weeding_round.library.name},
            "subtitle",
        ),
        Spacer(1, 4 * mm),
        paper.para(_("Having regard to Circular 02/2020/TT-BVHTTDL;")),
        paper.para(
            _("Having regard to the request of %(library)s;")
            % {"library": weeding_round.library.name}
        ),
        paper.para(_("DECIDES:"), "centre", bold=True),
        paper.para(
            _(
                "Article 1. The weeding plan of %(library)s is approved: at most %(cap)s copies of the %(stock)s held."
            )
            % {
                "library": weeding_round.library.name,
                "cap": format_number(policies.cap(weeding_round.stock_at_opening)),
                "stock": format_number(weeding_round.stock_at_opening),
            }
        ),
        paper.para(
            _("Article 2. The library carries out the weeding under Circular 02/2020/TT-BVHTTDL.")
        ),
        Spacer(1, 6 * mm),
        paper.signers(_("Head of the managing body")),
    ]


def _list_form(paper: _Paper, title: str, subtitle: str, *, signers: Sequence[str]) -> list[Any]:
    copies = paper.copies()
    return [
        *paper.heading(),
        paper.para(title, "title"),
        paper.para(subtitle, "subtitle"),
        Spacer(1, 3 * mm),
        paper.table(copies, with_disposal=True),
        Spacer(1, 2 * mm),
        paper.para(
            _("Total: %(count)s copies.") % {"count": format_number(len(copies))}, bold=True
        ),
        Spacer(1, 5 * mm),
        paper.signers(*signers),
    ]


def _form_04(paper: _Paper) -> list[Any]:
    return _list_form(
        paper,
        _("LIST OF INFORMATION RESOURCES PROPOSED FOR WEEDING"),
        paper.round.library.name,
        signers=[_("Prepared by"), _("Head of the library")],
    )


def _form_05(paper: _Paper) -> list[Any]:
    return [
        *paper.heading(),
        paper.para(_("No.: %(number)s") % {"number": paper.reference or BLANK}, "centre"),
        paper.para(_("DECISION"), "title"),
        paper.para(_("setting up the council appraising the weeding"), "subtitle"),
        Spacer(1, 4 * mm),
        paper.para(_("Having regard to Circular 02/2020/TT-BVHTTDL;")),
        paper.para(
            _("Having regard to the approved weeding plan (decision no. %(number)s);")
            % {"number": paper.round.approval_number or BLANK}
        ),
        paper.para(_("DECIDES:"), "centre", bold=True),
        paper.para(_("Article 1. The appraisal council is made up of:")),
        *paper.council_lines(),
        paper.para(
            _(
                "Article 2. The council checks the proposed items against the criteria of Art. 19, 20 and 22, and the accession register for surplus copies (Art. 21)."
            )
        ),
        Spacer(1, 6 * mm),
        paper.signers(_("Head of the library")),
    ]


def _form_06a(paper: _Paper) -> list[Any]:
    copies = paper.copies()
    return [
        *paper.heading(),
        paper.para(_("MINUTES"), "title"),
        paper.para(_("of the meeting of the council appraising the weeding"), "subtitle"),
        Spacer(1, 4 * mm),
        paper.para(_("Library: %(library)s") % {"library": paper.round.library.name}, bold=True),
        paper.para(_("Members present:"), bold=True),
        *paper.council_lines(),
        paper.para(_("The council checked the list of items proposed for weeding:"), bold=True),
        *paper.by_criterion(copies),
        paper.para(
            _("Conclusion: the council proposes %(count)s copies for weeding, listed in Form 06b.")
            % {"count": format_number(len(copies))}
        ),
        Spacer(1, 6 * mm),
        paper.signers(_("Secretary"), _("Chair of the council")),
    ]


def _form_06b(paper: _Paper) -> list[Any]:
    return _list_form(
        paper,
        _("LIST OF INFORMATION RESOURCES APPRAISED BY THE COUNCIL"),
        _("attached to the minutes of the appraisal council"),
        signers=[_("Secretary"), _("Chair of the council")],
    )


def _form_07a(paper: _Paper) -> list[Any]:
    weeding_round = paper.round
    copies = paper.copies()
    disposals = Counter(copy.disposal for copy in copies)
    return [
        *paper.heading(),
        paper.para(
            _("No.: %(number)s") % {"number": weeding_round.decision_number or BLANK}, "centre"
        ),
        paper.para(_("DECISION"), "title"),
        paper.para(_("on weeding information resources"), "subtitle"),
        Spacer(1, 4 * mm),
        paper.para(_("Having regard to Circular 02/2020/TT-BVHTTDL;")),
        paper.para(_("Having regard to the minutes of the appraisal council;")),
        paper.para(_("DECIDES:"), "centre", bold=True),
        paper.para(
            _(
                "Article 1. %(count)s copies of %(library)s are weeded, as listed in Form 07b attached."
            )
            % {"count": format_number(len(copies)), "library": weeding_round.library.name}
        ),
        paper.para(_("Article 2. Disposal:")),
        *[
            paper.para(
                _("- %(disposal)s: %(count)s copies")
                % {"disposal": Disposal(disposal).label, "count": format_number(count)}
            )
            for disposal, count in sorted(disposals.items())
        ],
        paper.para(
            _(
                "Article 3. The weeded copies are marked “đã thanh lọc” with this decision's number in the accession register and the catalogue; the list is published for 15 days; the file is kept for at least 5 years."
            )
        ),
        Spacer(1, 6 * mm),
        paper.signers(_("Head of the library")),
    ]


def _form_07b(paper: _Paper) -> list[Any]:
    return _list_form(
        paper,
        _("LIST OF INFORMATION RESOURCES WEEDED"),
        _("attached to decision no. %(number)s") % {"number": paper.round.decision_number or BLANK},
        signers=[_("Head of the library")],
    )


_BUILDERS = {
    "01": _form_01,
    "02": _form_02,
    "03": _form_03,
    "04": _form_04,
    "05": _form_05,
    "06a": _form_06a,
    "06b": _form_06b,
    "07a": _form_07a,
    "07b": _form_07b,
}


def render_form(weeding_round: WeedingRound, code: str) -> bytes:
    """The form `code` (01 … 07b) of the round, as PDF. NotFound for another code."""
    builder = _BUILDERS.get(code)
    if builder is None:
        raise WeedingNotFound("form_not_found")
    paper = _Paper(weeding_round, code)
    title = dict(FORMS)[code]
    return pdf.render(
        builder(paper),
        title=f"{_('Form %(code)s') % {'code': code}} — {title}",
        author=weeding_round.library.name,
        wide=code in ("04", "06b", "07b"),
        page_numbers=True,
    )
