"""The staff side: editing, versions, the preview, the inbox and the statistics pages."""

from faq.admin import (  # noqa: F401 (registers the model admins)
    articles,
    inbox,
    questions,
    tokens,
    topics,
    webhooks,
)
