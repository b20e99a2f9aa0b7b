"""What the search index reads, and what readers searched."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q

from faq.models.articles import Article
from faq.models.languages import language_field, language_valid

QUERY_MAX_LENGTH = 200


class SearchDocumentQuerySet(models.QuerySet["SearchDocument"]):
    def for_reader(self, language: str) -> "SearchDocumentQuerySet":
        """The one document per article a reader in `language` searches: the article in
        that language, else its source text."""
        translated = SearchDocument.objects.filter(article=OuterRef("article"), language=language)
        return self.filter(Q(language=language) | Q(source=True) & ~Exists(translated))


class SearchDocument(models.Model):
    """A published article's text in one language as the search engines index it: its
    source text under its source language, and one per translation; drafts have none.

    Written only by services.search_index_update. On SQLite an FTS5 table
    mirrors it (kept by triggers, made in migration 0018); on PostgreSQL
    `vector` holds its weighted tsvector, in its language's configuration, under
    a GIN index.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="search_documents")
    language = language_field("The language this text is in.")
    # The article's own text, not a translation: what readers of a language the
    # article is not translated into find.
    source = models.BooleanField(default=True)
    question = models.TextField()
    steps = models.TextField(blank=True)
    answer = models.TextField(blank=True)
    # PostgreSQL only; stays NULL on SQLite, where the FTS5 table does its job.
    vector = SearchVectorField(null=True, editable=False)
    question_vector = SearchVectorField(null=True, editable=False)

    objects = SearchDocumentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="faq_searchdocument_one_per_language"
            ),
            language_valid("searchdocument"),
        ]
        indexes = [models.Index(fields=["language"], name="faq_searchdocument_language")]

    def __str__(self) -> str:
        return f"{self.question} ({self.language})"


class SearchEmbedding(models.Model):
    """The meaning of one part of a search document (its question, its answer, or one
    step) as the semantic model reads it: a unit vector of float32s.

    Written only by services.search_index_update, with the document; `model` names the
    model that made it, so that rows another model made are remade, not compared."""

    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="embeddings"
    )
    # "question", "answer", or "step-<n>" for the document's n-th step.
    part = models.CharField(max_length=16)
    model = models.CharField(max_length=64)
    vector = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["document", "part"], name="faq_searchembedding_one_per_part"
            ),
        ]
        indexes = [models.Index(fields=["model"], name="faq_searchembedding_model")]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.part}"


class SearchDay(models.Model):
    """One normalised query in one language on one day: how often it was searched, found
    and opened."""

    day = models.DateField()
    query = models.CharField(max_length=QUERY_MAX_LENGTH)
    language = language_field("The language the reader searched in.")
    searches = models.PositiveIntegerField(default=0)
    # Results the latest search of the day found: the index moves slowly, so
    # the last count stands for the day.
    results = models.PositiveIntegerField(default=0)
    opened = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "query", "language"], name="faq_searchday_unique_language"
            ),
            models.CheckConstraint(condition=~Q(query=""), name="faq_searchday_query_not_empty"),
            language_valid("searchday"),
        ]
        indexes = [models.Index(fields=["day"], name="faq_searchday_day")]

    def __str__(self) -> str:
        return f"{self.query} ({self.day}, {self.language})"


class RelatedArticle(models.Model):
    """One of the articles closest in meaning to an article, as the search embeddings
    judge it: what the article page lists under "Related articles".

    Written only by services.related_update and related_rebuild, from the embeddings
    of each article's text in the site's language (benchmarks/related.py measured them
    against shared topics)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="neighbours")
    related = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "related"], name="faq_related_once"),
            models.CheckConstraint(
                condition=~Q(article=models.F("related")), name="faq_related_not_itself"
            ),
            models.CheckConstraint(
                condition=Q(similarity__gte=-1.0) & Q(similarity__lte=1.0),
                name="faq_related_similarity_range",
            ),
        ]
        indexes = [
            models.Index(fields=["article", "-similarity"], name="faq_related_nearest"),
        ]

    def __str__(self) -> str:
        return f"{self.article_id} ~ {self.related_id} ({self.similarity:.2f})"
