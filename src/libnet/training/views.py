"""Staff pages of training, under /staff/training/: the courses a user organises, planning
one, its page (participants, results, finishing), the attendance sheet of a session, and the
certificates."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from libnet.core import pages, text
from libnet.core.errors import LibnetError
from libnet.core.inputs import row_id, row_ids
from libnet.network.models import Library, ManagingBody
from libnet.training import access, documents, selectors, services
from libnet.training.errors import TrainingNotFound
from libnet.training.forms import (
    CourseForm,
    ParticipantForm,
    QualificationForm,
    organiser_choices,
)
from libnet.training.models import Course, CourseState, Result


@login_required
@require_GET
def course_list(request: HttpRequest) -> HttpResponse:
    """The courses of the libraries and bodies the user organises courses for, latest first."""
    access.require_training_role(request.user)
    courses = selectors.course_list(access.courses_for_staff(request.user))
    return render(request, "training/list.html", {"courses": courses})


@login_required
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    library_ids, body_ids = access.require_training_role(request.user)
    libraries = list(
        Library.objects.filter(pk__in=library_ids, is_active=True).order_by("sort_key", "code")
    )
    bodies = list(ManagingBody.objects.filter(pk__in=body_ids).order_by("sort_key", "code"))
    form = CourseForm(request.POST or None, organisers=organiser_choices(libraries, bodies))

    def create(data: dict[str, Any]) -> HttpResponse:
        kind, _colon, code = data["organiser"].partition(":")
        library, body = access.get_organiser(
            request.user,
            library_code=code if kind == "library" else "",
            body_code=code if kind == "body" else "",
        )
        course = services.plan_course(
            title=data["title"],
            library=library,
            body=body,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            place=data["place"],
            trainers=data["trainers"],
            programme=data["programme"],
            sessions=form.session_plans(),
            by=request.user,
        )
        messages.success(request, _("The course is planned."))
        return redirect("training:detail", course.pk)

    done = pages.submit(request, form, create)
    if done is not None:
        return done
    return render(request, "training/new.html", {"form": form}, status=pages.form_status(request))


def _detail(
    request: HttpRequest, course: Course, *, status: int = 200, **extra: Any
) -> HttpResponse:
    sessions, rows = selectors.attendance_sheet(course)
    context = {
        "course": course,
        "sessions": sessions,
        "rows": rows,
        "results": Result.choices,
        "is_planned": course.state == CourseState.PLANNED,
        "is_finished": course.state == CourseState.FINISHED,
        "participant_form": extra.pop("participant_form", None) or ParticipantForm(),
        **extra,
    }
    return render(request, "training/detail.html", context, status=status)


@login_required
@require_GET
def course_detail(request: HttpRequest, course_id: int) -> HttpResponse:
    return _detail(request, access.get_course_for_staff(request.user, course_id))


@login_required
@require_POST
def participant_add(request: HttpRequest, course_id: int) -> HttpResponse:
    course = access.get_course_for_staff(request.user, course_id)
    form = ParticipantForm(request.POST)

    def add(data: dict[str, Any]) -> HttpResponse:
        library = access.get_network_library(data["library"]) if data["library"] else None
        services.add_participant(
            course=course,
            kind=data["kind"],
            username=data["username"],
            full_name=data["full_name"],
            unit=data["unit"],
            library=library,
            by=request.user,
        )
        messages.success(request, _("The participant is added."))
        return redirect("training:detail", course.pk)

    done = pages.submit(request, form, add)
    if done is not None:
        return done
    return _detail(request, course, participant_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, course_id: int, session_id: int) -> HttpResponse:
    """The attendance sheet of one session: a tick per participant who came."""
    course = access.get_course_for_staff(request.user, course_id)
    session = access.get_session(course, session_id)
    if request.method == "POST":
        present = row_ids(request.POST.getlist("present"))
        try:
            came = services.mark_attendance(session=session, present=present, by=request.user)
        except LibnetError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Attendance recorded: %(count)s came.") % {"count": came})
        return redirect("training:attendance", course.pk, session.pk)
    came_ids = set(session.present.values_list("pk", flat=True))
    participants = [(p, p.pk in came_ids) for p in course.participants.all()]
    return render(
        request,
        "training/attendance.html",
        {
            "course": course,
            "session": session,
            "participants": participants,
            "is_planned": course.state == CourseState.PLANNED,
        },
    )


@login_required
@require_POST
def results(request: HttpRequest, course_id: int) -> HttpResponse:
    """The results of the participants, one choice each (`result-<id>`)."""
    course = access.get_course_for_staff(request.user, course_id)
    chosen = {
        participant_id: str(value)
        for key, value in request.POST.items()
        if key.startswith("result-")
        and (participant_id := row_id(key.removeprefix("result-"))) is not None
    }
    try:
        services.record_results(course=course, results=chosen, by=request.user)
    except LibnetError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The results are recorded."))
    return redirect("training:detail", course.pk)


@login_required
@require_POST
def course_finish(request: HttpRequest, course_id: int) -> HttpResponse:
    course = access.get_course_for_staff(request.user, course_id)
    try:
        services.finish_course(course=course, by=request.user)
    except LibnetError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The course is finished; the certificates are numbered."))
    return redirect("training:detail", course.pk)


@login_required
@require_POST
def course_cancel(request: HttpRequest, course_id: int) -> HttpResponse:
    course = access.get_course_for_staff(request.user, course_id)
    try:
        services.cancel_course(course=course, by=request.user)
    except LibnetError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The course is cancelled."))
    return redirect("training:detail", course.pk)


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, course_id: int, participant_id: int) -> HttpResponse:
    """The certificate (giấy chứng nhận) of one participant who passed, as a PDF."""
    course = access.get_course_for_staff(request.user, course_id)
    participant = access.get_participant(course, participant_id)
    content = documents.certificates_pdf(course, [documents.certified(participant)])
    return pages.inline_pdf(content, f"giay-chung-nhan-{course.pk}-{participant.pk}.pdf")


@login_required
@require_GET
def certificates_pdf(request: HttpRequest, course_id: int) -> HttpResponse:
    """The certificates of everyone who passed, one a page, and the list of them."""
    course = access.get_course_for_staff(request.user, course_id)
    content = documents.certificates_pdf(
        course, selectors.passed_participants(course), with_list=True
    )
    return pages.inline_pdf(content, f"giay-chung-nhan-{course.pk}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def qualifications(request: HttpRequest) -> HttpResponse:
    """The share of qualified staff of each library the user sees, against NĐ 93; for one
    library (`?library=`), its staff and their qualifications, recorded here by those who
    organise training there."""
    training_ids = access.require_training_role(request.user)[0]
    library_ids = access.report_library_ids(request.user)
    form = QualificationForm(request.POST or None)
    code = request.GET.get("library", "")
    library = (
        Library.objects.filter(code=text.identifier(code), pk__in=library_ids).first()
        if code
        else None
    )
    if code and library is None:
        raise TrainingNotFound("library_not_found")

    def record(data: dict[str, Any]) -> HttpResponse:
        person = access.get_staff_member(request.user, data["username"])
        services.record_qualification(
            person=person,
            level=data["level"],
            is_library_science=data["is_library_science"],
            certificate=data["certificate"],
            awarded_on=data["awarded_on"],
            by=request.user,
        )
        messages.success(request, _("The qualification is recorded."))
        return redirect(request.get_full_path())

    done = pages.submit(request, form, record)
    if done is not None:
        return done
    return render(
        request,
        "training/qualifications.html",
        {
            "shares": selectors.qualification_shares(library_ids),
            "library": library,
            "staff": selectors.staff_of(library) if library is not None else [],
            "can_record": library is not None and library.pk in training_ids,
            "form": form,
        },
        status=pages.form_status(request),
    )


@login_required
@require_POST
def qualification_remove(request: HttpRequest, qualification_id: int) -> HttpResponse:
    qualification = access.get_qualification(request.user, qualification_id)
    services.remove_qualification(qualification=qualification, by=request.user)
    messages.success(request, _("The qualification is removed."))
    code = text.identifier(request.POST.get("library", ""))
    return redirect(
        reverse("training:qualifications") + (f"?library={quote(code)}" if code else "")
    )
