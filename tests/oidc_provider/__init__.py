"""A real OpenID provider for the single sign-on tests: django-oidc-provider in a Django of its
own (its own settings, SQLite file and process), with a token endpoint that misbehaves for the
accounts told to, so the site's real checks meet real forged tokens."""
