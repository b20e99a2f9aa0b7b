"""API tokens: staff name one and choose its scope; its text is shown once, on the page
after it is made, and only its digest is kept. Revoked, never edited."""

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from faq import services
from faq.models import ApiToken

CREATED = "admin/faq/apitoken/created.html"


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("Active")), ("revoked", _("Revoked"))]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens for other systems reading staff data (read) or writing drafts (write)."""

    list_display = ["name", "scope", "starts", "created_by", "created_at", "last_used_at", "state"]
    list_filter = [StateFilter, "scope"]
    search_fields = ["name"]
    fields = ["name", "scope"]
    actions = ["revoke"]

    @admin.display(description=_("token starts"))
    def starts(self, token: ApiToken) -> str:
        return f"{token.shown}…"

    @admin.display(description=_("state"))
    def state(self, token: ApiToken) -> str:
        return gettext("Revoked") if token.revoked_at else gettext("Active")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["name", "scope", "starts", "created_by", "created_at", "last_used_at", "revoked_at"]

    def get_fields(self, request, obj=None):
        return self.fields if obj is None else self.get_readonly_fields(request, obj)

    def save_model(self, request: HttpRequest, obj: ApiToken, form, change: bool) -> None:
        if change:
            return
        token, text = services.api_token_create(
            name=obj.name,
            scope=obj.scope,
            user=request.user,  # type: ignore[arg-type]
        )
        obj.pk, obj.digest, obj.shown, obj.created_at = (
            token.pk,
            token.digest,
            token.shown,
            token.created_at,
        )
        # Read once, by response_add, for the page that shows it.
        request._made_token = text  # type: ignore[attr-defined]

    def response_add(
        self, request: HttpRequest, obj: ApiToken, post_url_continue=None
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Copy the new token"),
            "opts": self.opts,
            "token": obj,
            "text": request._made_token,  # type: ignore[attr-defined]
        }
        response = TemplateResponse(request, CREATED, context)
        # The token's text must stay in no cache and no history the browser keeps.
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset) -> None:
        count = services.api_token_revoke(token_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )
