"""An account at an OpenID provider, known by its issuer and subject, and the user it is."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SignInIdentity(models.Model):
    """One provider account (issuer and `sub`), linked to one user.

    Users are found by this, never by their email or name: a provider lets people
    change those, and another provider (or a local account) may use the same ones.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_in_identities"
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(pgettext_lazy("OpenID Connect", "subject"), max_length=255)
    # Staff status this link gave (the provider put the person in a mapped group), so it
    # is taken back with the groups; staff status given by hand is left alone.
    staff_from_groups = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_sign_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("sign-in identity")
        verbose_name_plural = _("sign-in identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="identities_one_per_subject")
        ]

    def __str__(self) -> str:
        return f"{self.subject} at {self.issuer}"
