"""Webhook endpoints staff register to be told of events, each with its recent deliveries
(the deliveries themselves, with "Deliver again", are in faq.admin.questions)."""

from django import forms
from django.contrib import admin
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from faq import services
from faq.models import WebhookEndpoint, WebhookEvent

# Deliveries shown on an endpoint's page; the rest are a link away.
RECENT_DELIVERIES = 10


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(
        label=capfirst(WebhookEndpoint._meta.get_field("url").verbose_name),
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Where each event is POSTed as JSON: an http or https address."),
    )
    secret = forms.CharField(
        label=capfirst(WebhookEndpoint._meta.get_field("secret").verbose_name),
        required=False,
        max_length=200,
        strip=True,
        # Shown as dots, kept when the form is saved again.
        widget=forms.PasswordInput(render_value=True),
        help_text=_(
            "The key of the HMAC-SHA256 signature sent with each delivery. Leave it empty "
            "to have a random one made, shown here once saved, to give to the receiver."
        ),
    )
    events = forms.MultipleChoiceField(
        label=capfirst(WebhookEndpoint._meta.get_field("events").verbose_name),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What this endpoint is told about."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "secret", "events", "active"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """An address to POST events to: its events, its secret, and how its deliveries went."""

    form = WebhookEndpointForm
    list_display = ["name", "url", "event_list", "active"]
    list_filter = ["active"]
    search_fields = ["name", "url"]

    class Media:
        css = {"all": ["css/admin.css"]}

    def get_fieldsets(self, request, obj=None):
        main = ["name", "url", "secret", *(["secret_shown"] if obj else []), "events", "active"]
        if obj is None:
            return [(None, {"fields": main})]
        return [
            (None, {"fields": main}),
            (_("Recent deliveries"), {"fields": ["recent_deliveries"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return ["secret_shown", "recent_deliveries"] if obj else []

    @admin.display(description=_("events"))
    def event_list(self, endpoint: WebhookEndpoint) -> str:
        return ", ".join(endpoint.events) or "—"

    @admin.display(description=_("the secret"))
    def secret_shown(self, endpoint: WebhookEndpoint) -> str:
        # A disclosure, not on the screen unasked: for copying into the receiver.
        return format_html(
            "<details><summary>{}</summary><code>{}</code></details>",
            gettext("Show the secret"),
            endpoint.secret,
        )

    @admin.display(description=_("deliveries"))
    def recent_deliveries(self, endpoint: WebhookEndpoint) -> str:
        rows = endpoint.deliveries.order_by("-created_at", "-pk")[:RECENT_DELIVERIES]
        listed = reverse("admin:faq_webhookdelivery_changelist")
        link = format_html(
            '<p><a href="{}?endpoint__id__exact={}">{}</a></p>',
            listed,
            endpoint.pk,
            gettext("Every delivery to this endpoint"),
        )
        if not rows:
            return format_html("<p>{}</p>{}", gettext("None yet."), link)
        head = [
            gettext("made"),
            gettext("event"),
            gettext("status"),
            gettext("attempts"),
            gettext("answer"),
            gettext("last error"),
        ]
        body = format_html_join(
            "",
            '<tr><td><a href="{}">{}</a></td><td>{}</td>'
            '<td><span class="helpdesk-mail-status is-{}">{}</span></td>'
            "<td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    reverse("admin:faq_webhookdelivery_change", args=[row.pk]),
                    date_format(localtime(row.created_at), "j M Y, H:i"),
                    row.event,
                    row.status,
                    row.get_status_display(),
                    row.attempts,
                    row.response_status or "—",
                    Truncator(row.last_error).chars(120) or "—",
                )
                for row in rows
            ),
        )
        return format_html(
            '<table class="helpdesk-deliveries"><thead><tr>{}</tr></thead>'
            "<tbody>{}</tbody></table>{}",
            format_html_join("", "<th>{}</th>", ((word,) for word in head)),
            body,
            link,
        )

    def save_model(self, request, obj, form, change):
        services.webhook_endpoint_save(endpoint=obj)
