"""Single sign-on with OpenID Connect: the provider as configured (provider.py) and the
authentication backend that turns its verified answer into a signed-in user (backend.py)."""
