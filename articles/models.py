from django.conf import settings
from django.db import models
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from newsroom.sanitize import clean_html

# What the editor's toolbar offers; newsroom.sanitize has the matching allow-list.
BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False},
    "HorizontalRule": True,
    "HardBreak": True,
    "History": True,
}


class SectionQuerySet(models.QuerySet):
    def for_navigation(self):
        return self.only("name", "slug", "order")


class Section(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(default=100, help_text="Lower comes first.")
    description = models.CharField(max_length=300, blank=True)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section_detail", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    def live(self, now=None):
        """What readers may see: published, publish_at passed, not expired."""
        now = now or timezone.now()
        unexpired = Q(expire_at__isnull=True) | Q(expire_at__gt=now)
        return self.filter(unexpired, status=Article.Status.PUBLISHED, publish_at__lte=now)

    def matching(self, query):
        """A plain substring match; the search backends refine ranking."""
        return self.filter(
            Q(headline__icontains=query)
            | Q(standfirst__icontains=query)
            | Q(body__icontains=query)
            | Q(tags__name__iexact=query)
        ).distinct()

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")

    def for_cards(self):
        """What a story card shows: section and picture, nothing per row."""
        return self.select_related("section", "hero_image").newest_first()

    def for_page(self):
        """Everything the article page shows, in a fixed number of queries."""
        return self.select_related("section", "hero_image").prefetch_related(
            "tags", "people", "productions", "bylines"
        )

    def top_per_section(self, per_section):
        """The newest `per_section` stories of each section, in one query."""
        ranked = self.for_cards().annotate(
            rank_in_section=Window(
                RowNumber(),
                partition_by=[F("section_id")],
                order_by=[F("publish_at").desc(), F("pk").desc()],
            )
        )
        return ranked.filter(rank_in_section__lte=per_section)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=210, unique=True)
    standfirst = models.TextField(
        max_length=400, blank=True, help_text="The sentence or two under the headline."
    )
    body = ProseEditorField(extensions=BODY_EDITOR_EXTENSIONS, sanitize=clean_html, blank=True)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    hero_image = models.ForeignKey(
        "newsroom.Image", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hero_caption = models.CharField(
        max_length=300, blank=True, help_text="Leave empty to use the picture's own caption."
    )
    tags = TaggableManager(blank=True)
    people = models.ManyToManyField(
        "people.Person", blank=True, related_name="articles", help_text="Who the story is about."
    )
    productions = models.ManyToManyField("people.Production", blank=True, related_name="articles")
    bylines = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="bylined_articles"
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="Agency or publication the story draws on."
    )
    is_lead = models.BooleanField(
        "lead story", default=False, help_text="Eligible for the top of the home page."
    )

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(null=True, blank=True, db_index=True)
    expire_at = models.DateTimeField(null=True, blank=True)
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles_created",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    seo_title = models.CharField("SEO title", max_length=70, blank=True)
    seo_description = models.CharField("SEO description", max_length=160, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="article_live_idx"),
            models.Index(
                fields=["section", "status", "publish_at"], name="article_section_live_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expire_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(expire_at__gt=F("publish_at")),
                name="article_expires_after_publication",
            )
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            # A published story with no time set goes live now.
            self.publish_at = timezone.now()
        if self.is_live() and self.first_published_at is None:
            self.first_published_at = self.publish_at
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:article_detail", args=[self.slug])

    def is_live(self, now=None):
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= now
            and (self.expire_at is None or self.expire_at > now)
        )

    @property
    def caption(self):
        if self.hero_caption:
            return self.hero_caption
        return self.hero_image.caption if self.hero_image else ""

    @property
    def meta_title(self):
        return self.seo_title or self.headline

    @property
    def meta_description(self):
        return self.seo_description or self.standfirst[:160]

    @property
    def was_updated(self):
        """True when the story changed noticeably after it went out."""
        return bool(self.publish_at and (self.updated_at - self.publish_at).total_seconds() > 300)
