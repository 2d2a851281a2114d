import hashlib
from itertools import chain

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import Tag, TaggedItem

from articles import cachekeys, slugs
from newsroom import pagecache, redirects, rights
from newsroom.sanitize import clean_html

# The longest headline the desk saves: search engines' article results show no more,
# and structured data (articles.seo) may not carry more. The column allows 200.
HEADLINE_LIMIT = 110

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
    # The blocks app's: inline pictures, embeds, pull quotes, key points, and their buttons.
    "StoryPicture": True,
    "StoryEmbed": True,
    "PullQuote": True,
    "KeyPoints": True,
}


class SectionQuerySet(models.QuerySet):
    def for_navigation(self):
        """The section list for every page's header, from the cache when it can be."""
        return pagecache.remember("nav-sections", self._with_urls)

    def _with_urls(self):
        sections = list(self.only("name", "slug", "order"))
        for section in sections:
            section.url = section.get_absolute_url()  # reversed once, not on every page
        return sections


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

    def save(self, *args, **kwargs):
        old_slug = redirects.slug_before(self)
        super().save(*args, **kwargs)
        redirects.renamed(self, old_slug)
        pagecache.purge()

    def get_absolute_url(self):
        return reverse("articles:section_detail", args=[self.slug])


# A story's picture and the one standing in for it once its licence ends (Article.hero).
HERO = ("hero_image", "hero_image__replace_with")


class ArticleQuerySet(models.QuerySet):
    def live(self, now=None):
        """What readers may see: published, publish_at passed, not expired, no embargo on."""
        now = now or timezone.now()
        lifted = Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)
        return self.live_or_scheduled(now).filter(lifted, publish_at__lte=now)

    def on_desk_for(self, user, now=None):
        """The stories `user` may see on the desk: one under embargo only by its own people.

        Its writers (who made it, and whose bylines it carries), editors and publishers
        see it; other writers do not, so an exclusive stays with the people working on it.
        """
        if user.has_perm("articles.edit_any_article") or user.has_perm("articles.publish_article"):
            return self
        now = now or timezone.now()
        open_to_all = Q(embargo_until__isnull=True) | Q(embargo_until__lte=now)
        signed = Byline.objects.filter(author__user=user).values("article")
        return self.filter(open_to_all | Q(created_by=user) | Q(pk__in=signed))

    def live_or_scheduled(self, now=None):
        """Published and not expired: what readers see now or will at publish_at. Desk use."""
        now = now or timezone.now()
        unexpired = Q(expire_at__isnull=True) | Q(expire_at__gt=now)
        return self.filter(unexpired, status=Article.Status.PUBLISHED)

    def in_state(self, status):
        """Stories in one workflow state: for the desk's own lists, never for readers."""
        return self.filter(status=status)

    def going_live_between(self, start, end):
        """Scheduled stories whose publication time falls in (start, end]."""
        return self.filter(
            status=Article.Status.PUBLISHED, publish_at__gt=start, publish_at__lte=end
        )

    def live_tags(self):
        """Tags a reader can reach a live story through; the rest have no public page."""
        # EXISTS stops at each tag's first live story instead of listing every live one.
        return Tag.objects.filter(Exists(self.live().filter(tags=OuterRef("pk"))))

    def live_sections(self):
        """Sections with at least one live story: the rest are not offered to search engines."""
        return Section.objects.filter(Exists(self.live().filter(section=OuterRef("pk"))))

    def live_authors(self):
        """Authors with at least one live story: the rest have no public page."""
        authors = Byline._meta.get_field("author").related_model.objects
        return authors.filter(Exists(self.live().filter(bylines__author=OuterRef("pk"))))

    def newest_first(self):
        return self.order_by("-publish_at", "-pk")

    def for_cards(self):
        """What a story card shows: section and picture (or its stand-in), nothing per row
        (no body). Its bylines are fetched for the cards made afresh (stories.card_items);
        add with_authors() for anything else that shows them."""
        return self.select_related("section", *HERO).defer("body", "agency_copy").newest_first()

    def for_page(self):
        """Everything the article page shows, in a fixed number of queries."""
        return self.for_story_row().prefetch_related(*story_relations())

    def for_story_row(self):
        """The story and what its first screen needs; the rest (Article.load_relations)
        only when a piece of its page has to be made afresh."""
        return self.select_related("section", *HERO)

    def related_to(self, article, limit=4):
        """Stories sharing people with `article` first, then tags; one query.

        Reads article.people and article.tags, so prefetch them (for_page does).
        """
        people = [person.pk for person in article.people.all()]
        tags = [tag.pk for tag in article.tags.all()]
        if not people and not tags:
            return self.none()
        # Rank only the newest few hundred candidates: popular tags span thousands of stories.
        # Start from the link tables (indexed by person and by tag), not from the archive.
        about_people = Article.people.through.objects.filter(person_id__in=people)
        tagged = TaggedItem.objects.filter(
            tag_id__in=tags, content_type=ContentType.objects.get_for_model(Article)
        )
        candidates = (
            self.exclude(pk=article.pk)
            .filter(
                Q(pk__in=about_people.values("article_id")) | Q(pk__in=tagged.values("object_id"))
            )
            .newest_first()
            .values("pk")[:300]
        )
        return (
            self.filter(pk__in=candidates)
            .filter(Q(people__in=people) | Q(tags__in=tags))
            .annotate(
                shared_people=Count("people", filter=Q(people__in=people), distinct=True),
                shared_tags=Count("tags", filter=Q(tags__in=tags), distinct=True),
            )
            .for_cards()
            .order_by("-shared_people", "-shared_tags", "-publish_at", "-pk")[:limit]
        )

    def card_rows(self):
        """The stories as light rows (CardRow): ids and places only, one query. What names
        their cards, and the stories themselves, are read only if needed, for all the
        rows at once."""
        return _card_rows(self.values_list(*CardRow.COLUMNS))

    def front_page(self, latest, per_section, among=300):
        """(the newest `latest` stories, the newest `per_section` of each section), as card
        rows (card_rows): one query.

        Chosen among the newest `among` stories only, so the cost stays flat however
        large the archive grows (a section silent that long drops off the home page).
        """
        recent = list(self.newest_first().values_list(*CardRow.COLUMNS)[:among])
        chosen = {}
        for row in recent:
            picks = chosen.setdefault(row[1], [])
            if len(picks) < per_section:
                picks.append(row)
        shown = {row[0]: row for row in [*recent[:latest], *chain(*chosen.values())]}
        # One batch: the page shows them in several lists, loaded together if at all.
        rows = {row.pk: row for row in _card_rows(shown.values())}
        return (
            [rows[pk] for pk, *_ in recent[:latest]],
            [rows[pk] for picks in chosen.values() for pk, *_ in picks],
        )


class CardRow:
    """A story in a list of cards, by id: what places it on a page, and on demand what
    names its card (stories.story_version) and the story itself, read for its whole batch."""

    COLUMNS = ("pk", "section_id", "is_lead")
    __slots__ = (*COLUMNS, "batch")

    def __init__(self, pk, section_id, is_lead):
        self.pk, self.section_id, self.is_lead, self.batch = pk, section_id, is_lead, None

    @property
    def updated_at(self):
        return self.batch.version(self.pk)[0]

    @property
    def hero_image_id(self):
        return self.batch.version(self.pk)[1]

    def story(self):
        """The story itself, loaded with the rest of its batch (for_cards and bylines)."""
        return self.batch.story(self.pk)


class _CardBatch:
    """Card rows whose versions, then stories, load together the first time any is wanted.

    By id, live or not: the rows' own query decided what the page lists. A story deleted
    since has neither.
    """

    def __init__(self, rows):
        self.pks, self.versions, self.stories = [row.pk for row in rows], None, None
        for row in rows:
            row.batch = self

    def version(self, pk):
        if self.versions is None:
            found = Article.objects.filter(pk__in=self.pks).order_by()
            self.versions = {
                pk: (updated_at, hero)
                for pk, updated_at, hero in found.values_list("pk", "updated_at", "hero_image_id")
            }
        return self.versions.get(pk, (None, None))

    def story(self, pk):
        if self.stories is None:
            found = Article.objects.for_cards().prefetch_related(with_authors())
            self.stories = found.in_bulk(self.pks)
        return self.stories.get(pk)


def listed(*lists):
    """A short name for which stories these lists of card rows (or stories) hold, in
    order: for a kept piece of a page showing them ({% kept %})."""
    names = "|".join(",".join(str(story.pk) for story in stories) for stories in lists)
    return hashlib.sha256(names.encode()).hexdigest()[:32]


def _card_rows(values):
    rows = [CardRow(*columns) for columns in values]
    _CardBatch(rows)
    return rows


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
    source = models.CharField(
        max_length=200, blank=True, help_text="Agency or publication the story draws on."
    )
    is_lead = models.BooleanField(
        "lead story", default=False, help_text="Eligible for the top of the home page."
    )
    # Set by the live app's desk panel, not by the story's form (live/entries.py).
    is_live_coverage = models.BooleanField("live coverage", default=False, editable=False)

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(null=True, blank=True, db_index=True)
    expire_at = models.DateTimeField(null=True, blank=True)
    embargo_until = models.DateTimeField(
        "under embargo until",
        null=True,
        blank=True,
        help_text="Nothing about the story is public before this moment, whatever its "
        "schedule, and on the desk only its writer, editors and publishers see it.",
    )
    first_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set once publish_due has recorded the expiry, so it is recorded only once.
    expiry_recorded = models.BooleanField(default=False, editable=False)
    # Set while a scheduled story waits to go live; publish_due records "went live" once
    # and clears it, whatever saves happen between the moment and its next run.
    awaiting_went_live = models.BooleanField(default=False, editable=False)
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

    agency_copy = models.TextField(
        blank=True, editable=False, help_text="The wire text this draft was made from, unchanged."
    )
    agency_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    seo_title = models.CharField("SEO title", max_length=70, blank=True)
    seo_description = models.CharField("SEO description", max_length=160, blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        permissions = [
            ("edit_any_article", "Can edit anyone's article"),
            ("approve_article", "Can approve articles or send them back"),
            ("publish_article", "Can publish, schedule, withdraw and set expiry"),
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="article_live_idx"),
            models.Index(
                fields=["section", "status", "publish_at"], name="article_section_live_idx"
            ),
            # The page cache asks after every purge when the next story expires or
            # comes out of embargo: without these it read the whole archive to find out.
            models.Index(fields=["status", "expire_at"], name="article_expiry_idx"),
            models.Index(fields=["status", "embargo_until"], name="article_embargo_idx"),
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

    # Columns only publish_due and the workflow write; a save of a copy read before
    # their last change must not put an old value back.
    BOOKKEEPING = ("expiry_recorded", "awaiting_went_live")

    def save(self, *args, **kwargs):
        self.body = clean_html(self.body)
        if self.status == self.Status.PUBLISHED and self.publish_at is None:
            # A published story with no time set goes live now.
            self.publish_at = timezone.now()
        self.publish_at = self.held_by_embargo(self.publish_at)
        stored = self._stored("slug", "headline")
        if kwargs.get("update_fields") is None or "slug" in kwargs["update_fields"]:
            self.slug = slugs.on_save(self, stored)  # before it goes live with this save
        old_slug = stored[0] if stored else None
        # The pages showing the story as it was: its old address and section too.
        before = [] if self._state.adding else cachekeys.of_stories([self.pk])
        was_live = not self._state.adding and Article.objects.live().filter(pk=self.pk).exists()
        if self.is_live() and self.first_published_at is None:
            self.first_published_at = self.publish_at
        kept = set(self.BOOKKEEPING)
        if self.is_scheduled():
            self.awaiting_went_live = True
            kept.discard("awaiting_went_live")
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in kept
            ]
        super().save(*args, **kwargs)
        # Readers (and search engines) may have the old address of a story once live.
        redirects.renamed(self, old_slug, keep=self.first_published_at is not None)
        # Readers may have the old copy a moment longer only while the story stays live.
        is_live = self.is_live()
        cachekeys.purge_stories(
            [self.pk], stale_ok=is_live, publicness_may_change=was_live != is_live, also=before
        )

    def get_absolute_url(self):
        return reverse("articles:article_detail", args=[self.slug])

    @property
    def page_key(self):
        """The key the story's own pages depend on (pagecache.purge_keys; see urls.py)."""
        return f"story:{self.slug}"

    def load_relations(self):
        """Fetch story_relations() once, unless the query already did (for_page), and its
        section and picture, unless the query joined them (for_story_row)."""
        if "corrections" not in getattr(self, "_prefetched_objects_cache", {}):
            models.prefetch_related_objects([self], *story_relations())
        if not Article.section.is_cached(self):
            joined = type(self).objects.for_story_row()  # both in one query
            self.refresh_from_db(fields=["section", "hero_image"], from_queryset=joined)
        return self

    def is_under_embargo(self, now=None):
        return bool(self.embargo_until and self.embargo_until > (now or timezone.now()))

    def held_by_embargo(self, publish_at):
        """`publish_at`, or the embargo's end if that is later: an embargo is never broken."""
        if publish_at and self.embargo_until and publish_at < self.embargo_until:
            return self.embargo_until
        return publish_at

    def _stored(self, *fields):
        """These fields' values in the database now (None for a new story). One query."""
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list(*fields).first()

    def is_scheduled(self, now=None):
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and bool(
            self.publish_at and self.publish_at > now
        )

    def is_expired(self, now=None):
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and bool(
            self.expire_at and self.expire_at <= now
        )

    def display_state(self, now=None):
        """The state as the desk speaks of it: published shows as scheduled or expired."""
        if self.is_scheduled(now):
            return "scheduled", "Scheduled"
        if self.is_expired(now):
            return "expired", "Expired"
        return self.status, self.get_status_display()

    def is_live(self, now=None):
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.publish_at is not None
            and self.publish_at <= now
            and (self.expire_at is None or self.expire_at > now)
            and not self.is_under_embargo(now)
        )

    def edits_wait_for_approval(self, now=None):
        """Once readers have seen it, and while it is out, a saved edit waits for a second
        person's approval before it replaces what they read (articles.live_edits)."""
        return (
            self.pk is not None
            and self.first_published_at is not None
            and self.status == self.Status.PUBLISHED
            and not self.is_expired(now)
        )

    @cached_property
    def hero(self):
        """The picture readers see on this story: its hero, the hero's stand-in, or None.

        Decided once per loaded story, so a page and the name it is cached under agree.
        """
        return rights.to_show(self.hero_image)

    @property
    def caption(self):
        """The caption under the picture readers see; the story's own is for its own hero."""
        hero = self.hero
        if hero is None:
            return ""
        if hero.pk == self.hero_image_id and self.hero_caption:
            return self.hero_caption
        return hero.caption

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


class Byline(models.Model):
    """One author's place in a story's byline: article.bylines.all() is in reading order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    # An author who signed stories stays: deleting one would unsign them silently.
    author = models.ForeignKey("authors.Author", on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0, help_text="Lower comes first.")

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="byline_once_per_story")
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


def story_relations():
    """What a story's page shows besides its row: tags, people, productions, bylines and
    corrections, a query each."""
    return ("tags", "people", "productions", with_authors(), "corrections")


def with_authors():
    """A story's bylines with their authors, in order: one query for any number of stories."""
    return Prefetch("bylines", queryset=Byline.objects.select_related("author"))


DELETED_ACCOUNT = "a deleted account"


def display_name(user):
    return user.get_full_name() or user.get_username()


class WorkflowEvent(models.Model):
    """One move of an article from one state to another, with who, when and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=10, choices=Article.Status.choices)
    to_status = models.CharField(max_length=10, choices=Article.Status.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    # Moves made by publish_due, never by a person.
    CLOCK_ACTIONS = ("went_live", "expired")

    def __str__(self):
        return f"{self.article}: {self.from_status} → {self.to_status}"

    @property
    def actor_name(self):
        """Who made the move, as the history shows it, even when no person did."""
        if self.actor is not None:
            return display_name(self.actor)
        return "the newsroom’s clock" if self.action in self.CLOCK_ACTIONS else DELETED_ACCOUNT

    @property
    def what(self):
        """The event in words for the history: "Send back", "Went live", "Picture changed"."""
        return self.action.replace("_", " ").capitalize()


class Revision(models.Model):
    """A snapshot of an article's words and links after a save; never changed or deleted."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    summary = models.CharField(max_length=300, blank=True)
    snapshot = models.JSONField()
    # Saved for a story readers have seen, but not shown to them: waiting for approval.
    waiting = models.BooleanField(default=False)

    class Meta:
        ordering = ["-version", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "version"], name="revision_version_unique")
        ]

    def __str__(self):
        return f"{self.article} v{self.version}"

    @property
    def author_name(self):
        """Who saved this version; their account may since have been deleted."""
        return display_name(self.created_by) if self.created_by is not None else DELETED_ACCOUNT


class Correction(models.Model):
    """A dated public note at the foot of a live article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField(help_text="Shown to readers, e.g. “This article was updated to …”")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # A correction changes the story: readers see a new "Updated" time.
        Article.objects.filter(pk=self.article_id).update(updated_at=self.created_at)
        cachekeys.purge_stories([self.article_id], publicness_may_change=False)


class PreviewLink(models.Model):
    """A shareable, expiring, revocable link to one unpublished article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Preview of {self.article}"

    def is_active(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class SearchEntry(models.Model):
    """An article's searchable text in plain words, kept in step by articles.search.

    The database's own full-text engine indexes this table (FTS5 on SQLite, a tsvector
    on PostgreSQL); whether a match may be shown is still decided by live().
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    headline = models.TextField()
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True)
    tags = models.TextField(blank=True)
    people = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self):
        return self.headline


class PendingEdit(models.Model):
    """Changes to a story readers have seen, kept from them until a second person agrees.

    One waits per story at most: everyone's further edits go into it. Approved, it
    replaces the live text at once or at a chosen moment (articles.live_edits).
    """

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for approval"
        SCHEDULED = "scheduled", "Approved, goes live later"
        APPLIED = "applied", "Went live"
        DISCARDED = "discarded", "Discarded"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="pending_edits")
    # The story as it will read once approved, in a revision's shape (articles.revisions).
    snapshot = models.JSONField()
    # Corrections written with these changes: [{"text": ..., "by": user id}], shown with them.
    corrections = models.JSONField(default=list, blank=True)
    # Everyone who changed it: none of them may approve it but a publisher.
    edited_by = models.JSONField(default=list, blank=True)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.WAITING, db_index=True
    )
    apply_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    OPEN = (State.WAITING, State.SCHEDULED)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(state__in=["waiting", "scheduled"]),
                name="one_open_pending_edit_per_story",
            )
        ]

    def __str__(self):
        return f"Changes to {self.article} ({self.get_state_display().lower()})"
