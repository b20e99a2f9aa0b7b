"""The read API under /api/v1/ (django-ninja): public reads, staff data for tokens, drafts
written by other systems. Its schema is /api/v1/openapi.json, its documentation
/api/v1/docs, served from the site's own static files under its CSP."""

from csp.decorators import csp_update
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from faq.api import public, staff

api = NinjaAPI(
    title="Helpdesk FAQ API",
    version="1",
    description=(
        "Published articles with their steps, topics and search, as an anonymous reader "
        "sees them; with a token (`Authorization: Bearer …`, made by staff in the admin), "
        "statistics, funnels and the inbox, and drafts to write. Every answer has an ETag: "
        "send it back as If-None-Match for a 304."
    ),
    urls_namespace="api",
    # Swagger UI's stylesheet draws its icons as data: SVGs; only this page allows them.
    docs_decorator=csp_update({"img-src": ["data:"]}),
)
api.add_router("/", public.router)
api.add_router("/", staff.router)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    return api.create_response(request, {"detail": "The request body is too large."}, status=413)


@api.exception_handler(SuspiciousOperation)
def suspicious(request: HttpRequest, error: SuspiciousOperation) -> HttpResponse:
    return api.create_response(request, {"detail": "The request could not be read."}, status=400)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """Ninja's 422, with each error's place and message only (not the value sent back)."""
    detail = [{"loc": e.get("loc"), "msg": e.get("msg")} for e in error.errors]
    return api.create_response(request, {"detail": detail}, status=422)
