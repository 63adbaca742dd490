from django.db import models


class SearchDocument(models.Model):
    """One searchable document. The engine knows text, ids and filter values, not the models
    they come from: `key` is the caller's reference (e.g. "catalog.item:42").

    The *_tokens columns hold pre-segmented, space-joined tokens; the FTS5 table (SQLite) or
    the tsvector columns (PostgreSQL) index them. Filters are tokens too (`tags`): unit and
    its ancestors `org12`, category `cat3`, key areas `ka5`, year `y2016`, validity
    `vvalid`, so that filtering happens inside the full-text index.
    """

    key = models.CharField(max_length=64, unique=True)
    title = models.CharField(max_length=300)
    fileno = models.CharField(max_length=80, blank=True, db_index=True)
    content = models.TextField(blank=True)
    url = models.CharField(max_length=200, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    title_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    grams = models.TextField(blank=True)
    tags = models.TextField(blank=True)

    class Meta:
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"

    def __str__(self):
        return self.key


class Synonym(models.Model):
    """Query-time synonyms and abbreviations: a query for `term` also finds any of
    `synonyms` (comma-separated), and a query for one of those also finds `term`."""

    term = models.CharField("词语", max_length=40, unique=True)
    synonyms = models.CharField("同义词/全称", max_length=200, help_text="多个用逗号分隔")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "同义词"
        verbose_name_plural = "同义词"
        ordering = ["term"]

    def __str__(self):
        return f"{self.term} → {self.synonyms}"

    def words(self) -> list[str]:
        return [w.strip() for w in self.synonyms.replace("，", ",").split(",") if w.strip()]


class DictionaryWord(models.Model):
    """An extra word for the segmenter (re-index after changes)."""

    word = models.CharField("词语", max_length=40, unique=True)

    class Meta:
        verbose_name = "分词词典"
        verbose_name_plural = "分词词典"

    def __str__(self):
        return self.word
