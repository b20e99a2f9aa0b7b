"""Questions readers asked from /ask/: the ticket with its thread, the reply form, and the
mail the worker sends (with its failures, and "Send again")."""

import copy

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from faq import services
from faq.models import Mail, Question, WebhookDelivery
from faq.models.questions import REPLY_MAX_LENGTH


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply to the reader"),
        max_length=REPLY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80, "maxlength": REPLY_MAX_LENGTH}),
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if "\x00" in body:
            raise forms.ValidationError(_("The reply holds a character mail cannot carry."))
        return body


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Question.Status.choices)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """A reader's question: where they asked from, the thread, and the reply form."""

    list_display = [
        "reference",
        "asked_on",
        "question_excerpt",
        "article",
        "step_position",
        "status",
    ]
    list_display_links = ["reference", "asked_on"]
    list_filter = ["status", "language", "team", "came_from"]
    search_fields = ["reference", "question", "details", "email", "name"]
    list_select_related = ["article"]
    date_hierarchy = "created_at"
    list_per_page = 50
    change_form_template = "admin/faq/question/change_form.html"
    readonly_fields = [
        "reference",
        "status",
        "question",
        "details",
        "email",
        "name",
        "language",
        "team",
        "article",
        "article_version",
        "step_position",
        "done_positions",
        "came_from",
        "created_at",
        "answered_at",
        "made_article",
    ]
    fields = tuple(readonly_fields)

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description=_("asked"), ordering="created_at")
    def asked_on(self, question: Question) -> str:
        return date_format(localtime(question.created_at), "j M Y, H:i")

    @admin.display(description=_("question"))
    def question_excerpt(self, question: Question) -> str:
        return Truncator(question.question).chars(120)

    def get_urls(self):
        return [
            path(
                "<id:object_id>/reply/",
                self.admin_site.admin_view(self.reply_view),
                name="faq_question_reply",
            ),
            path(
                "<id:object_id>/answer/",
                self.admin_site.admin_view(self.answer_view),
                name="faq_question_answer",
            ),
            path(
                "<id:object_id>/status/",
                self.admin_site.admin_view(self.status_view),
                name="faq_question_status",
            ),
            *super().get_urls(),
        ]

    def _question(self, request: HttpRequest, object_id: int) -> Question:
        if request.method != "POST":
            raise _NotPostError
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(Question, pk=object_id)

    def reply_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Send a reply: the reader gets it by email, in the thread of their question."""
        try:
            question = self._question(request, object_id)
        except _NotPostError:
            return HttpResponseNotAllowed(["POST"])
        form = ReplyForm(request.POST)
        if not form.is_valid():
            return self._page_again(request, object_id, {"reply_form": form})
        services.question_reply(
            question=question, body=form.cleaned_data["body"], user=request.user
        )
        self.message_user(
            request,
            gettext("Reply queued: it goes to %(email)s by email.") % {"email": question.email},
            messages.SUCCESS,
        )
        return redirect("admin:faq_question_change", question.pk)

    def answer_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """ "Make this an answer": a draft article from the question and its reply, opened
        for an editor to finish."""
        try:
            question = self._question(request, object_id)
        except _NotPostError:
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("faq.add_article"):
            raise PermissionDenied
        article = services.question_to_article(question=question, user=request.user)
        self.message_user(
            request,
            gettext("A draft article from %(reference)s: finish it and publish it.")
            % {"reference": question.reference},
            messages.SUCCESS,
        )
        return redirect("admin:faq_article_change", article.pk)

    def status_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Close the question, or open it again."""
        try:
            question = self._question(request, object_id)
        except _NotPostError:
            return HttpResponseNotAllowed(["POST"])
        form = StatusForm(request.POST)
        if not form.is_valid():
            return self._page_again(request, object_id, {})
        services.question_status_set(
            question=question, status=form.cleaned_data["status"], user=request.user
        )
        return redirect("admin:faq_question_change", question.pk)

    def _page_again(self, request: HttpRequest, object_id: int, extra: dict) -> HttpResponse:
        """The question's page with the form's errors, as a 400: the admin's change view
        read as a GET, so it does not take the post for its own form."""
        again = copy.copy(request)
        again.method = "GET"
        response = self.change_view(again, str(object_id), extra_context=extra)
        response.status_code = 400
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = (
            Question.objects.select_related("article", "step", "team").filter(pk=object_id).first()
            if str(object_id).isdigit()
            else None
        )
        extra = {}
        if question is not None:
            extra = {
                "question": question,
                "replies": list(question.replies.select_related("author", "mail")),
                "mails": list(question.mails.order_by("created_at", "pk")),
                "deliveries": list(question.deliveries.order_by("created_at", "pk")),
                "reply_form": ReplyForm(),
                "title": gettext("Question %(reference)s") % {"reference": question.reference},
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class _NotPostError(Exception):
    pass


class OutgoingAdmin(admin.ModelAdmin):
    """What the worker sends (mail, webhook deliveries), read-only, as it left them."""

    OUTGOING_FIELDS = [
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "created_at",
    ]
    list_select_related = ["question"]
    actions = ["send_again"]

    @admin.display(description=_("made"), ordering="created_at")
    def created_on(self, row: Mail | WebhookDelivery) -> str:
        return date_format(localtime(row.created_at), "j M Y, H:i")

    @admin.display(description=_("last error"))
    def short_error(self, row: Mail | WebhookDelivery) -> str:
        return Truncator(row.last_error).chars(80) or "—"

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Mail)
class MailAdmin(OutgoingAdmin):
    """Every mail about a question: sent, waiting for another attempt (and why), or
    failed."""

    list_display = ["created_on", "kind", "to", "question", "status", "attempts", "short_error"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject", "question__reference"]
    readonly_fields = [
        "question",
        "kind",
        "to",
        "subject",
        "body",
        "message_id",
        "in_reply_to",
        "references",
        *OutgoingAdmin.OUTGOING_FIELDS,
    ]
    fields = tuple(readonly_fields)

    @admin.action(description=_("Send the selected failed emails again"), permissions=["change"])
    def send_again(self, request, queryset) -> None:
        count = services.mail_retry(mail_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", count)
            % {"count": count},
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(OutgoingAdmin):
    """Every webhook delivery: a question POSTed to its team's webhook, or an event to an
    endpoint (faq.admin.webhooks links here, filtered by endpoint)."""

    list_display = [
        "created_on",
        "event",
        "question",
        "article",
        "url",
        "status",
        "response_status",
        "short_error",
    ]
    list_filter = ["status", "event", "endpoint", "team"]
    list_select_related = ["question", "article"]
    search_fields = ["question__reference", "url"]
    readonly_fields = [
        "event",
        "question",
        "article",
        "team",
        "endpoint",
        "url",
        "body",
        "response_status",
        *OutgoingAdmin.OUTGOING_FIELDS,
    ]
    fields = tuple(readonly_fields)

    @admin.action(description=_("Deliver the selected failed ones again"), permissions=["change"])
    def send_again(self, request, queryset) -> None:
        count = services.webhook_retry(delivery_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued again.", "%(count)d deliveries queued again.", count
            )
            % {"count": count},
        )
