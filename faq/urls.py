from django.urls import path

from faq import (
    converters,  # noqa: F401 (registers the <id:…> converter)
    views,
)

app_name = "faq"

urlpatterns = [
    path("", views.home, name="home"),
    path("faq/<id:pk>/", views.article_redirect, name="article-short"),
    path("faq/<id:pk>/<slug:slug>/", views.article_detail, name="article"),
    # Forms post under the article's address; a stale slug there is harmless.
    path("faq/<id:pk>/<slug:slug>/vote/", views.vote, name="vote"),
    path("faq/<id:pk>/<slug:slug>/vote/reason/", views.vote_reason, name="vote-reason"),
    path("faq/<id:pk>/<slug:slug>/steps/<id:step_id>/", views.step_toggle, name="step"),
    path("faq/<id:pk>/<slug:slug>/steps/<id:step_id>/stuck/", views.stuck, name="stuck"),
    path("faq/<id:pk>/<slug:slug>/progress/reset/", views.run_reset, name="run-reset"),
    path("faq/<id:pk>/<slug:slug>/progress/outcome/", views.run_outcome, name="run-outcome"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("topics/<slug:slug>/feed/", views.articles_feed, name="topic-feed"),
    path("feed/", views.articles_feed, name="feed"),
    path("search/", views.search, name="search"),
    path("search/suggest/", views.suggest, name="suggest"),
    path("search/open/<id:pk>/", views.search_open, name="search-open"),
    path("ask/", views.ask, name="ask"),
    path("ask/answers/", views.ask_answers, name="ask-answers"),
    path("ask/open/<id:pk>/", views.ask_open, name="ask-open"),
    path("ask/sent/<reference:reference>/", views.ask_sent, name="ask-sent"),
    # The interface strings of static/js, as a script (the CSP allows no inline one).
    path("jsi18n/", views.javascript_catalog, name="jsi18n"),
]
