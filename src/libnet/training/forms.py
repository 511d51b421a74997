"""Forms of the training pages: plain Django forms, validated here, acted on by services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from libnet.core.forms import LibnetForm
from libnet.network.models import Library, ManagingBody
from libnet.training.models import Checklist, DegreeLevel, InspectionKind, ParticipantKind
from libnet.training.services import SessionPlan


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def organiser_choices(
    libraries: list[Library], bodies: list[ManagingBody]
) -> list[tuple[str, str]]:
    """The organisers a user may choose: `library:<code>` and `body:<code>`."""
    return [(f"body:{body.code}", body.name) for body in bodies] + [
        (f"library:{library.code}", library.name) for library in libraries
    ]


class CourseForm(LibnetForm):
    organiser = forms.ChoiceField(label=_("Organiser"))
    title = forms.CharField(label=_("Title"), max_length=300)
    starts_on = forms.DateField(label=_("First day"), widget=DateInput())
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput())
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    trainers = forms.CharField(
        label=_("Trainers"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    programme = forms.CharField(
        label=_("Programme"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sessions = forms.CharField(
        label=_("Sessions"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One a line: the day (dd/mm/yyyy) and the topic, such as “16/03/2026 Cataloguing with MARC 21”. Empty: one session a day."
        ),
    )

    def __init__(self, *args: Any, organisers: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organiser"].choices = organisers  # type: ignore[attr-defined]  # a ChoiceField

    def clean_sessions(self) -> list[SessionPlan]:
        plans = []
        for line in str(self.cleaned_data.get("sessions") or "").splitlines():
            if not line.strip():
                continue
            day_text, _space, topic = line.strip().partition(" ")
            try:
                day = dt.datetime.strptime(day_text, "%d/%m/%Y").date()  # noqa: DTZ007  # a calendar day, no time
            except ValueError:
                raise ValidationError(
                    _("“%(line)s”: start the line with a day written dd/mm/yyyy."),
                    params={"line": line.strip()},
                ) from None
            plans.append(SessionPlan(day, topic.strip()))
        return plans

    def session_plans(self) -> list[SessionPlan]:
        """The sessions written, or one a day from the first to the last (at most 31)."""
        plans: list[SessionPlan] = self.cleaned_data["sessions"]
        if plans:
            return plans
        first, last = self.cleaned_data["starts_on"], self.cleaned_data["ends_on"]
        days = [first + dt.timedelta(days=n) for n in range(min((last - first).days + 1, 31))]
        return [
            SessionPlan(day, str(_("Day %(number)s")) % {"number": index + 1})
            for index, day in enumerate(days)
        ]


class ParticipantForm(LibnetForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ParticipantKind.choices)
    username = forms.CharField(
        label=_("User name in libnet"),
        max_length=150,
        required=False,
        help_text=_("For staff of the network: their name and library come from libnet."),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    unit = forms.CharField(
        label=pgettext_lazy("workplace", "Unit"),
        max_length=300,
        required=False,
        help_text=_("Required for a person from outside the network."),
    )
    library = forms.CharField(
        label=_("Library code"),
        max_length=32,
        required=False,
        help_text=_("The network library the person works for, if any."),
    )


class QualificationForm(LibnetForm):
    username = forms.CharField(label=_("User name in libnet"), max_length=150)
    level = forms.ChoiceField(label=_("Level"), choices=DegreeLevel.choices)
    is_library_science = forms.BooleanField(
        label=_("In library and information science"),
        required=False,
        help_text=_("A library certificate always counts as library training."),
    )
    certificate = forms.CharField(
        label=_("Certificate or diploma"),
        max_length=300,
        required=False,
        help_text=_("Its name and who awarded it."),
    )
    awarded_on = forms.DateField(label=_("Awarded on"), widget=DateInput())


class InspectionForm(LibnetForm):
    library = forms.ChoiceField(label=_("Library inspected"))
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    organiser = forms.ChoiceField(label=_("Made by"))
    visited_on = forms.DateField(label=_("Day of the visit"), widget=DateInput())
    inspectors = forms.CharField(
        label=_("Visiting team"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Full names and positions, one a line."),
    )
    checklist = forms.ModelChoiceField(
        label=_("Checklist"), queryset=Checklist.objects.filter(is_active=True), empty_label=None
    )

    def __init__(
        self,
        *args: Any,
        libraries: list[tuple[str, str]],
        organisers: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["library"].choices = libraries  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["organiser"].choices = organisers  # type: ignore[attr-defined]  # a ChoiceField


class RecommendationForm(LibnetForm):
    text = forms.CharField(
        label=_("Recommendation"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    follow_up_on = forms.DateField(label=_("Follow up on"), widget=DateInput())
