"""The step tracker: runs through an article's steps, their checks, and stuck reports."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from faq.models.articles import Article
from faq.models.languages import language_field, language_valid
from faq.models.steps import Step
from faq.models.visitors import OfVisitorQuerySet, Visitor

STUCK_MESSAGE_MAX_LENGTH = 1000


class RunQuerySet(OfVisitorQuerySet["Run"]):
    def active(self) -> "RunQuerySet":
        """Runs not reset: each visitor has at most one per article."""
        return self.filter(reset_at__isnull=True)


class Run(models.Model):
    """One visitor's pass through an article's steps; a reset ends it and a new one starts."""

    class Outcome(models.TextChoices):
        NONE = "", _("Not said")
        WORKED = "worked", _("It worked")
        FAILED = "failed", _("It did not work")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="runs")
    visitor = models.ForeignKey(Visitor, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # Set the first time every step was ticked; kept for statistics.
    finished_at = models.DateTimeField(null=True, blank=True)
    reset_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True, default="")
    # The funnel's rollup, kept by the tick services and recounted when an
    # editor renumbers the steps: the position of the furthest live step this
    # run ticked, so "went on" and "stopped" count runs, not every check.
    furthest_position = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # The funnel by language counts the runs started in it, whatever language
    # the later ticks were made in.
    language = language_field("The language the run started in.")

    objects = RunQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["visitor", "article"],
                condition=Q(reset_at__isnull=True),
                name="faq_run_one_active",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(finished_at__isnull=False),
                name="faq_run_outcome_needs_finish",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["", "worked", "failed"]), name="faq_run_outcome_valid"
            ),
            language_valid("run"),
        ]
        indexes = [models.Index(fields=["article", "started_at"], name="faq_run_article_started")]

    def __str__(self) -> str:
        return f"run {self.pk} of article {self.article_id}"


class Check(models.Model):
    """A step marked done within a run."""

    # Found by run through the indexes below, which start with it.
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="checks", db_index=False)
    # Steps an editor removes keep their rows (Step.removed_at), so their checks
    # stay for the funnel; progress counts only checks on steps still there.
    # Found by step through the funnel's index, which starts with it.
    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="checks", db_index=False)
    checked_at = models.DateTimeField(default=timezone.now)
    # The funnel's rollup. The run's start, copied (it never changes), so a
    # period's checks of a step are one range of the index below, without a
    # visit to the runs.
    run_started_at = models.DateTimeField(editable=False)
    # Seconds since the tick of the live step just before, in this run; null
    # when that step was not ticked first. Set on insert, nulled when that
    # tick is taken back, recounted when an editor renumbers the steps.
    seconds = models.FloatField(null=True, blank=True, editable=False)
    language = language_field("The language the tick was made in.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "step"], name="faq_check_once_per_run"),
            language_valid("check"),
        ]
        indexes = [
            # Covers the funnel: a step's checks in a period, counted and their
            # times read from the index alone.
            models.Index(
                fields=["step", "run_started_at", "seconds"], name="faq_check_step_started"
            ),
        ]

    def __str__(self) -> str:
        return f"step {self.step_id} done in run {self.run_id}"


class StuckReport(models.Model):
    """A reader's "I'm stuck on this step", with what they had already done."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="stuck_reports")
    step = models.ForeignKey(
        Step, on_delete=models.SET_NULL, null=True, blank=True, related_name="stuck_reports"
    )
    # Copies, so a report still reads right after the steps are edited.
    step_position = models.PositiveSmallIntegerField()
    step_text = models.TextField(blank=True)
    visitor = models.ForeignKey(
        Visitor, on_delete=models.SET_NULL, null=True, blank=True, related_name="stuck_reports"
    )
    run = models.ForeignKey(
        Run, on_delete=models.SET_NULL, null=True, blank=True, related_name="stuck_reports"
    )
    done_positions = models.JSONField(default=list, blank=True)
    message = models.TextField(max_length=STUCK_MESSAGE_MAX_LENGTH, blank=True)
    language = language_field("The language the reader said it in.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [language_valid("stuckreport")]
        indexes = [
            models.Index(fields=["article", "step_position"], name="faq_stuck_article_step"),
            models.Index(fields=["article", "created_at"], name="faq_stuck_article_created"),
        ]

    def __str__(self) -> str:
        return f"stuck on step {self.step_position} of article {self.article_id}"
