"""The numbered steps an article is made of, each its own row so progress can point at it."""

import reversion
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from faq.models.articles import NO_FALLBACK, Article, translated_annotations


class StepQuerySet(models.QuerySet["Step"]):
    def live(self) -> "StepQuerySet":
        """Steps readers see: not removed by an editor."""
        return self.filter(removed_at__isnull=True)

    def removed(self) -> "StepQuerySet":
        return self.filter(removed_at__isnull=False)

    def with_translation(self, language: str) -> "StepQuerySet":
        """Annotate each step with its text and alt text in `language` (see TRANSLATED)."""
        return translated_annotations(self, language, ("body_html", "image_alt"))


class LiveStepManager(models.Manager["Step"]):
    """The default manager hides removed steps, so no page or form can show one by mistake."""

    def get_queryset(self) -> StepQuerySet:
        return StepQuerySet(self.model, using=self._db).live()


@reversion.register(exclude=("body_html", "removed_at", "copied_from"), follow=("translations",))
class Step(models.Model):
    """One numbered step of an article, its own row so progress can point at it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("position"))
    body = models.TextField(
        _("body"), help_text=_("Markdown. Put commands in `backticks` to get a copy button.")
    )
    body_html = models.TextField(blank=True, editable=False)
    # An editor's delete only sets this: the step's checks and stuck reports
    # stay, so the funnel keeps its past counts, marked as removed.
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A screenshot, stored by faq.services.step_image_set as renditions of a
    # few widths; `image` is the widest, `image_renditions` lists them all as
    # {"name", "width"} from narrow to wide for the page's srcset.
    image = models.FileField(max_length=200, blank=True, editable=False)
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_renditions = models.JSONField(default=list, blank=True, editable=False)
    image_alt = models.CharField(
        _("image alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the screenshot shows, for readers who cannot see it."),
    )

    # On a pending rewrite's step: the article's step it rewrites, which keeps its id
    # (and so its checks and stuck reports) when the rewrite is approved.
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    objects = LiveStepManager()
    fallback = NO_FALLBACK
    all_objects = StepQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        # Related lookups (check.step, report.step) must still find removed steps.
        base_manager_name = "all_objects"
        constraints = [
            # faq.services.step_list_save moves positions out of the way
            # before renumbering, so a reorder never collides mid-way. A
            # removed step keeps the number it last had, for the record.
            models.UniqueConstraint(
                fields=["article", "position"],
                condition=Q(removed_at__isnull=True),
                name="faq_step_unique_position",
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="faq_step_position_positive"),
            # A screenshot without words leaves out readers who cannot see it.
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""), name="faq_step_image_has_alt"
            ),
            models.CheckConstraint(
                condition=Q(image="")
                | Q(
                    image_width__isnull=False,
                    image_height__isnull=False,
                    image_width__gt=0,
                    image_height__gt=0,
                ),
                name="faq_step_image_has_size",
            ),
        ]

    def __str__(self) -> str:
        return _("Step %(number)s") % {"number": self.position}

    @property
    def image_srcset(self) -> str:
        """The renditions as a srcset: "url 480w, url 960w"."""
        storage = self.image.storage
        return ", ".join(f"{storage.url(r['name'])} {r['width']}w" for r in self.image_renditions)
