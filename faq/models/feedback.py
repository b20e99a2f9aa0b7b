"""What readers tell us: votes on "Was this helpful?" and counted views."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from faq.models.articles import Article
from faq.models.languages import language_field, language_valid
from faq.models.visitors import OfVisitorQuerySet, Visitor

COMMENT_MAX_LENGTH = 1000


class VoteReason(models.TextChoices):
    STEPS_FAILED = "steps_failed", _("The steps did not work")
    OUT_OF_DATE = "out_of_date", _("It is out of date")
    HARD_TO_FOLLOW = "hard_to_follow", _("It was hard to follow")
    NOT_WHAT_I_NEEDED = "not_what_i_needed", _("It was not what I was looking for")
    OTHER = "other", _("Something else")


class Vote(models.Model):
    """One visitor's answer to "Was this helpful?" for one article."""

    Reason = VoteReason

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="votes", verbose_name=_("article")
    )
    visitor = models.ForeignKey(Visitor, on_delete=models.CASCADE, related_name="votes")
    helpful = models.BooleanField(_("helpful"))
    # The article's vote_era when cast: a reader votes once per era, and old
    # eras' votes stay for the statistics of the versions they judged.
    era = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(_("reason"), max_length=20, choices=VoteReason.choices, blank=True)
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    language = language_field("The language of the reader's latest answer.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    objects = OfVisitorQuerySet["Vote"].as_manager()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["visitor", "article", "era"], name="faq_vote_one_per_visitor"
            ),
            # A reason explains a "No"; a "Yes" never carries one.
            models.CheckConstraint(
                condition=Q(helpful=False) | (Q(reason="") & Q(comment="")),
                name="faq_vote_reason_only_on_no",
            ),
            models.CheckConstraint(
                condition=Q(reason__in=["", *VoteReason.values]), name="faq_vote_reason_valid"
            ),
            language_valid("vote"),
        ]
        indexes = [
            models.Index(fields=["article", "helpful"], name="faq_vote_article_helpful"),
            models.Index(fields=["article", "updated_at"], name="faq_vote_article_updated"),
        ]

    def __str__(self) -> str:
        if self.helpful:
            return _("Yes on article %(id)s") % {"id": self.article_id}
        return _("No on article %(id)s") % {"id": self.article_id}


class ArticleView(models.Model):
    """A counted read: at most one per visitor per article per calendar day."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="views")
    # "u:<user id>", "a:<cookie id>" or "h:<hash of address and browser>" for
    # readers without a cookie; no Visitor row is made just to read a page.
    visitor_key = models.CharField(max_length=48)
    day = models.DateField()
    # The language of the day's first counted read: a reader who switches
    # language the same day is still one view.
    language = language_field("The language the page was read in.")

    class Meta:
        # One index for both of its readers: the page asks for a reader's view of
        # today by all three columns; the statistics in every language count an
        # article's days by the first two. (With a second index on those two, a
        # planner without fresh statistics could pick it for the page and read
        # all of the day's views on every request.)
        constraints = [
            models.UniqueConstraint(
                fields=["article", "day", "visitor_key"], name="faq_view_once_a_day"
            ),
            language_valid("view"),
        ]
        # The statistics in one language count an article's days from this index
        # alone (SQLite read every view's row: 2 s against 0.06 s for 90 days of
        # 400,000 views). It cannot pass for the one above: the page's lookup
        # names no language, so it would find only the article's views in it.
        indexes = [
            models.Index(fields=["article", "language", "day"], name="faq_view_article_language")
        ]

    def __str__(self) -> str:
        return f"view of article {self.article_id} on {self.day}"
