"""The JSON API at /api/v1 (OpenAPI at /api/v1/docs). One router per app.

Here the API is put together: the routers, the door (guard.py reads requests, throttling.py
counts them, core/api_auth.py says who calls) and the one error shape of every answer
(core/api_errors.py): a refusal is `{"code", "message"}`, a malformed input a 422 with `detail`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from libnet.api.errors import BodyRefused, RateLimited, RequestTooLarge, Unauthorized
from libnet.api.guard import GuardedParser, explain
from libnet.api.openapi import LibnetOpenAPISchema
from libnet.api.throttling import AnonymousRate, StaffRate, retry_after
from libnet.core.errors import LibnetError, NotFound


class LibnetAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> LibnetOpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return LibnetOpenAPISchema(self, path_prefix)


api = LibnetAPI(
    title="libnet API",
    version="1",
    description=(
        "The library network of a province: directory, catalogue, readers, circulation, "
        "rotation, the mobile library, plans and reports. Staff operations take a token "
        "(`Authorization: Bearer <token>`, from `libnet create_api_token`) or the staff "
        "session. Every refusal is `{code, message}`: match on `code`, show `message`."
    ),
    urls_namespace="api",
    parser=GuardedParser(),
    throttle=[AnonymousRate(), StaffRate()],
)


@api.exception_handler(LibnetError)
def libnet_error(request: HttpRequest, error: LibnetError) -> HttpResponse:
    return api.create_response(request, error.as_dict(), status=error.status)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return libnet_error(request, Unauthorized("unauthorized"))


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, error: Throttled) -> HttpResponse:
    seconds = retry_after(error.wait)
    response = libnet_error(request, RateLimited("rate_limited", seconds=seconds))
    response["Retry-After"] = str(seconds)
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    # ninja's own answer would be {"detail": "Not Found"}: not the API's shape.
    return libnet_error(request, NotFound("not_found"))


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    # Raised by ninja itself, mostly for a body it could not read: ninja wraps whatever the
    # parser raised, so a field the parser refused (GuardedParser) is unwrapped here.
    cause = error.__cause__
    if isinstance(cause, ValidationError):
        return validation_error(request, cause)
    if error.status_code == 400:
        return libnet_error(request, BodyRefused("invalid_json"))
    return api.create_response(
        request, {"code": "http_error", "message": str(error)}, status=error.status_code
    )


@api.exception_handler(RequestDataTooBig)
def request_too_large(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    return libnet_error(request, RequestTooLarge("request_too_large"))


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, error: ValidationError) -> HttpResponse:
    detail = [explain(entry) for entry in error.errors]
    first = detail[0]["msg"] if detail else ""
    if len(detail) > 1:
        message = translation.gettext(
            "The request is not valid: %(problem)s (and %(count)s more, listed in detail)."
        ) % {"problem": first.rstrip("."), "count": len(detail) - 1}
    else:
        message = translation.gettext("The request is not valid: %(problem)s") % {"problem": first}
    return api.create_response(
        request, {"code": "invalid_request", "message": message, "detail": detail}, status=422
    )


def _mount_routers() -> None:
    from libnet.acquisitions.api import router as acquisitions_router
    from libnet.catalog.api import router as catalog_router
    from libnet.catalog.record_api import router as records_router
    from libnet.catalog.serial_api import router as serials_router
    from libnet.circulation.api import router as circulation_router
    from libnet.digital.object_api import router as digital_objects_router
    from libnet.donations.api import router as donations_router
    from libnet.events.api import router as events_router
    from libnet.mobile.api import router as mobile_router
    from libnet.network.api import router as network_router
    from libnet.patrons.api import router as patrons_router
    from libnet.planning.api import router as planning_router
    from libnet.planning.official.api import router as statistics_router
    from libnet.programmes.api import router as programmes_router
    from libnet.rotation.api import router as rotation_router
    from libnet.schools.api import router as schools_router
    from libnet.search.api import router as search_router
    from libnet.stock.api import router as stock_router
    from libnet.training.api import router as training_router
    from libnet.weeding.api import router as weeding_router

    api.add_router("/", network_router)
    api.add_router("/", catalog_router)
    api.add_router("/", records_router)
    api.add_router("/", serials_router)
    api.add_router("/search", search_router)
    api.add_router("/", patrons_router)
    api.add_router("/", circulation_router)
    api.add_router("/", rotation_router)
    api.add_router("/", mobile_router)
    api.add_router("/", planning_router)
    api.add_router("/", statistics_router)
    api.add_router("/", stock_router)
    api.add_router("/acquisitions", acquisitions_router)
    api.add_router("/", weeding_router)
    api.add_router("/", donations_router)
    api.add_router("/", events_router)
    api.add_router("/", schools_router)
    api.add_router("/", training_router)
    api.add_router("/", programmes_router)
    api.add_router("/", digital_objects_router)


_mount_routers()
