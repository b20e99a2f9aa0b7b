"""Every write to the knowledge base: views, the admin and commands call these."""

# What article_version_restore raises for a version that is not the article's
# (the read it starts with, selectors.article_version, raises it).
from faq.selectors.history import VersionNotFoundError
from faq.services.articles import (
    StepInput,
    article_create,
    article_save,
    step_list_save,
    team_get_or_create,
    topic_get_or_create,
)
from faq.services.content import content_version_bump
from faq.services.drafts import article_draft_create, article_draft_update
from faq.services.events import articles_review_overdue_queue
from faq.services.exchange import (
    EXCHANGE_FORMATS,
    ExchangeError,
    ExchangeReport,
    articles_exchange_export,
    articles_exchange_import,
)
from faq.services.funnel import funnel_recount
from faq.services.history import article_status_set, article_version_restore
from faq.services.identities import ProviderAccount, identity_sign_in
from faq.services.images import StoredImage, step_image_clear, step_image_set, step_image_store
from faq.services.imports import ArticleDraft, articles_import
from faq.services.inbox import inbox_backfill, inbox_items_mark
from faq.services.mail import mail_retry, mail_send, mails_resume, webhook_retry
from faq.services.questions import (
    ask_answer_open,
    question_ask,
    question_reply,
    question_status_set,
    question_to_article,
)
from faq.services.reads import (
    article_view_queue,
    article_view_record,
    article_views_flush,
    article_views_record,
    article_views_seed,
)
from faq.services.related import related_fill, related_rebuild, related_update
from faq.services.reviews import (
    article_review_due_set,
    article_review_mark,
    articles_review_mark,
)
from faq.services.roles import roles_sync
from faq.services.schedule import schedule_run
from faq.services.search import (
    search_embeddings_fill,
    search_index_rebuild,
    search_index_update,
    search_open_queue,
    search_queue,
    searches_flush,
    searches_record,
)
from faq.services.ticks import Tick, step_check, step_tick, step_uncheck
from faq.services.tokens import api_token_create, api_token_revoke, api_token_used
from faq.services.tracking import (
    run_outcome_set,
    run_reset,
    stuck_report_file,
)
from faq.services.translations import (
    StepText,
    article_translation_delete,
    article_translation_review_mark,
    article_translation_save,
    topic_translation_delete,
    topic_translation_save,
)
from faq.services.versions import NOTE_MAX_LENGTH, article_version_record
from faq.services.visitors import visitor_get_or_create, visitor_merge
from faq.services.votes import (
    CounterDrift,
    counters_recount,
    helpfulness_restart,
    vote_cast,
    vote_explain,
)
from faq.services.webhooks import webhook_endpoint_save, webhook_send
from faq.services.workflow import (
    WorkflowError,
    article_approve,
    article_publish,
    article_rewrite_discard,
    article_rewrite_start,
    article_send_back,
    article_submit,
    article_unpublish,
    articles_schedule_run,
    can_publish,
    schedule_check,
)

__all__ = [
    "EXCHANGE_FORMATS",
    "NOTE_MAX_LENGTH",
    "ArticleDraft",
    "CounterDrift",
    "ExchangeError",
    "ExchangeReport",
    "ProviderAccount",
    "StepInput",
    "StepText",
    "StoredImage",
    "Tick",
    "VersionNotFoundError",
    "WorkflowError",
    "api_token_create",
    "api_token_revoke",
    "api_token_used",
    "article_approve",
    "article_create",
    "article_draft_create",
    "article_draft_update",
    "article_publish",
    "article_review_due_set",
    "article_review_mark",
    "article_rewrite_discard",
    "article_rewrite_start",
    "article_save",
    "article_send_back",
    "article_status_set",
    "article_submit",
    "article_translation_delete",
    "article_translation_review_mark",
    "article_translation_save",
    "article_unpublish",
    "article_version_record",
    "article_version_restore",
    "article_view_queue",
    "article_view_record",
    "article_views_flush",
    "article_views_record",
    "article_views_seed",
    "articles_exchange_export",
    "articles_exchange_import",
    "articles_import",
    "articles_review_mark",
    "articles_review_overdue_queue",
    "articles_schedule_run",
    "ask_answer_open",
    "can_publish",
    "content_version_bump",
    "counters_recount",
    "funnel_recount",
    "helpfulness_restart",
    "identity_sign_in",
    "inbox_backfill",
    "inbox_items_mark",
    "mail_retry",
    "mail_send",
    "mails_resume",
    "question_ask",
    "question_reply",
    "question_status_set",
    "question_to_article",
    "related_fill",
    "related_rebuild",
    "related_update",
    "roles_sync",
    "run_outcome_set",
    "run_reset",
    "schedule_check",
    "schedule_run",
    "search_embeddings_fill",
    "search_index_rebuild",
    "search_index_update",
    "search_open_queue",
    "search_queue",
    "searches_flush",
    "searches_record",
    "step_check",
    "step_image_clear",
    "step_image_set",
    "step_image_store",
    "step_list_save",
    "step_tick",
    "step_uncheck",
    "stuck_report_file",
    "team_get_or_create",
    "topic_get_or_create",
    "topic_translation_delete",
    "topic_translation_save",
    "visitor_get_or_create",
    "visitor_merge",
    "vote_cast",
    "vote_explain",
    "webhook_endpoint_save",
    "webhook_retry",
    "webhook_send",
]
