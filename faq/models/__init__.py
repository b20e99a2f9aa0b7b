"""The knowledge base's models, split by concern."""

from faq.models.articles import (
    Article,
    ArticleQuerySet,
    Team,
    Topic,
    TopicQuerySet,
)
from faq.models.audiences import Audience, audiences_for
from faq.models.content import ContentVersion
from faq.models.feedback import COMMENT_MAX_LENGTH, ArticleView, Vote
from faq.models.inbox import InboxItem, InboxItemQuerySet
from faq.models.integrations import (
    ApiToken,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from faq.models.languages import language_codes
from faq.models.questions import AskDeflection, Mail, Question, Reply
from faq.models.schedule import ReviewOverdueSent, ScheduledTask
from faq.models.search import (
    QUERY_MAX_LENGTH,
    RelatedArticle,
    SearchDay,
    SearchDocument,
    SearchEmbedding,
)
from faq.models.steps import Step, StepQuerySet
from faq.models.tracking import STUCK_MESSAGE_MAX_LENGTH, Check, Run, RunQuerySet, StuckReport
from faq.models.translations import (
    ArticleTranslation,
    ArticleTranslationQuerySet,
    StepTranslation,
    TopicTranslation,
    stale_translation_exists,
)
from faq.models.visitors import Visitor, VisitorRef

__all__ = [
    "COMMENT_MAX_LENGTH",
    "QUERY_MAX_LENGTH",
    "STUCK_MESSAGE_MAX_LENGTH",
    "ApiToken",
    "Article",
    "ArticleQuerySet",
    "ArticleTranslation",
    "ArticleTranslationQuerySet",
    "ArticleView",
    "AskDeflection",
    "Audience",
    "Check",
    "ContentVersion",
    "InboxItem",
    "InboxItemQuerySet",
    "Mail",
    "Question",
    "RelatedArticle",
    "Reply",
    "ReviewOverdueSent",
    "Run",
    "RunQuerySet",
    "ScheduledTask",
    "SearchDay",
    "SearchDocument",
    "SearchEmbedding",
    "Step",
    "StepQuerySet",
    "StepTranslation",
    "StuckReport",
    "Team",
    "Topic",
    "TopicQuerySet",
    "TopicTranslation",
    "Visitor",
    "VisitorRef",
    "Vote",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "audiences_for",
    "language_codes",
    "stale_translation_exists",
]
