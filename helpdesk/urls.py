from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from faq import views as faq_views
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
    path("accounts/login/", faq_views.LoginView.as_view(), name="login"),
    # Only sign in and out: password resets need outgoing mail, which this
    # deployment does not configure; staff reset passwords in the admin.
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("faq.urls")),
]

handler400 = "faq.views.bad_request_page"
handler500 = "faq.views.server_error"
