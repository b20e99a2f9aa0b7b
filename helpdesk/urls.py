from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from faq import views as faq_views
from faq.api import api
from faq.http import safe_page
from faq.sitemaps import ArticleSitemap

urlpatterns = [
    path("healthz", faq_views.healthz, name="healthz"),
    path("readyz", faq_views.readyz, name="readyz"),
    # Pages without a <link rel="icon"> (the admin's) make browsers ask for this.
    path("favicon.ico", faq_views.favicon, name="favicon"),
    path("robots.txt", faq_views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        safe_page(sitemap),
        {"sitemaps": {"articles": ArticleSitemap}},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Single sign-on (OpenID Connect), 404 unless configured: outside the language prefixes,
    # since the provider is given one fixed callback address.
    path("accounts/oidc/start/", safe_page(faq_views.SignInStart.as_view()), name="oidc_start"),
    path(
        "accounts/oidc/callback/",
        safe_page(faq_views.SignInCallback.as_view()),
        name="oidc_callback",
    ),
    # The switcher's form: Django's set_language, refusing a language we do not have.
    path("i18n/setlang/", faq_views.set_language, name="set_language"),
]

# Readers' pages in each language: English at the addresses it always had, Swedish
# under /sv/ and German under /de/.
urlpatterns += i18n_patterns(
    path("accounts/login/", faq_views.LoginView.as_view(), name="login"),
    # Only sign in and out: password resets need outgoing mail, which this
    # deployment does not configure; staff reset passwords in the admin.
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("faq.urls")),
    prefix_default_language=False,
)

handler400 = "faq.views.bad_request_page"
handler500 = "faq.views.server_error"
