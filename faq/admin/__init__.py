"""The staff side: editing, versions, the preview, the inbox and the statistics pages."""

from faq.admin import articles, inbox, questions  # noqa: F401 (registers the model admins)
