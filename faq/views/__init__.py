"""Thin views: parse, call one service or selector, render."""

from faq.views.accounts import LoginView
from faq.views.ask import ask, ask_answers, ask_open, ask_sent
from faq.views.catalog import javascript_catalog
from faq.views.feedback import vote, vote_reason
from faq.views.feeds import articles_feed
from faq.views.languages import set_language
from faq.views.oidc import SignInCallback, SignInStart
from faq.views.pages import (
    article_detail,
    article_redirect,
    bad_request_page,
    favicon,
    healthz,
    home,
    readyz,
    robots_txt,
    server_error,
    topic_detail,
)
from faq.views.search import search, search_open, suggest
from faq.views.steps import run_outcome, run_reset, step_toggle, stuck

__all__ = [
    "LoginView",
    "SignInCallback",
    "SignInStart",
    "article_detail",
    "article_redirect",
    "articles_feed",
    "ask",
    "ask_answers",
    "ask_open",
    "ask_sent",
    "bad_request_page",
    "favicon",
    "healthz",
    "home",
    "javascript_catalog",
    "readyz",
    "robots_txt",
    "run_outcome",
    "run_reset",
    "search",
    "search_open",
    "server_error",
    "set_language",
    "step_toggle",
    "stuck",
    "suggest",
    "topic_detail",
    "vote",
    "vote_reason",
]
