"""The staff side: editing, the inbox and the statistics, on Helpdesk FAQ's admin site."""

from faq.admin import articles, inbox  # noqa: F401 (registers the model admins)
