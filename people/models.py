import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from newsroom import pagecache, redirects, rights


def years_between(start, end):
    """Whole years from `start` to `end`.

    Someone born on 29 February turns a year older on 1 March in common years,
    as UK law counts it.
    """
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def filing_name(name):
    """'Tom Cruise' → 'Cruise, Tom': people are filed by surname."""
    *given, surname = name.split() or [""]
    return f"{surname}, {' '.join(given)}" if given else surname


WIKIDATA_ID = RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata item is Q and a number, e.g. Q37079.")


def wikidata_field():
    return models.CharField(
        "Wikidata item",
        max_length=20,
        blank=True,
        validators=[WIKIDATA_ID],
        help_text="The item's identifier on Wikidata, e.g. Q37079: tells search engines who "
        "or what this is.",
    )


def same_as(wikidata_id, imdb_url):
    """The pages elsewhere that describe the same person or production (schema.org sameAs)."""
    urls = []
    if wikidata_id:
        urls.append(f"https://www.wikidata.org/wiki/{wikidata_id}")
    if imdb_url:
        urls.append(imdb_url)
    return urls


def _named_by_a_live_story(field, now):
    # articles refers to people by name only, so importing it here makes no circle.
    from articles.models import Article

    return models.Exists(Article.objects.live(now).filter(**{field: models.OuterRef("pk")}))


PUBLIC_HELP = (
    "Give a public page even when no live story is about them. Leave it off for anyone "
    "added for a story not out yet: their page appears, to the second, when it goes live."
)


class PersonQuerySet(models.QuerySet):
    def for_page(self):
        return self.select_related("photo", "photo__replace_with")

    def public(self, now=None):
        """Who readers may know of: marked public, or named by a live story.

        A person added for a scoop under embargo stays unknown until the story is out.
        """
        return self.filter(models.Q(shown_publicly=True) | _named_by_a_live_story("people", now))


class Person(models.Model):
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    sort_name = models.CharField(
        max_length=150,
        blank=True,
        db_index=True,
        help_text="How the name is filed A–Z, e.g. “Cruise, Tom”. Filled from the name if empty.",
    )
    also_known_as = models.TextField(
        blank=True, help_text="Other names the person is known by, one per line."
    )
    birth_date = models.DateField(null=True, blank=True)
    death_date = models.DateField(null=True, blank=True)
    birthplace = models.CharField(max_length=150, blank=True)
    bio = models.TextField(blank=True, help_text="A short plain-text biography.")
    photo = models.ForeignKey(
        "newsroom.Image", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    wikidata_id = wikidata_field()
    imdb_id = models.CharField(
        "IMDb name",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^nm[0-9]{7,9}$", "An IMDb name is nm and 7 to 9 digits.")],
        help_text="The person's IMDb identifier, e.g. nm0000129.",
    )
    shown_publicly = models.BooleanField(
        "public without a story", default=False, help_text=PUBLIC_HELP
    )
    # Indexed: the fact desk asks for the newest change each time it checks a story.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(death_date__isnull=True)
                | models.Q(birth_date__isnull=True)
                | models.Q(death_date__gte=models.F("birth_date")),
                name="person_dies_after_birth",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.sort_name.strip():
            self.sort_name = filing_name(self.name)
        old_slug = redirects.slug_before(self)
        super().save(*args, **kwargs)
        redirects.renamed(self, old_slug)
        pagecache.purge()

    def get_absolute_url(self):
        return reverse("people:person_detail", args=[self.slug])

    @cached_property
    def shown_photo(self):
        """The photo readers see: the person's, its stand-in once its licence ends, or None."""
        return rights.to_show(self.photo)

    @property
    def same_as(self):
        imdb = f"https://www.imdb.com/name/{self.imdb_id}/" if self.imdb_id else ""
        return same_as(self.wikidata_id, imdb)

    @property
    def aliases(self):
        return [line.strip() for line in self.also_known_as.splitlines() if line.strip()]

    @property
    def is_dead(self):
        return self.death_date is not None

    def age_on(self, day):
        """Age in whole years on `day`; None if unknown, not yet born, or already dead."""
        if isinstance(day, datetime.datetime):
            day = timezone.localtime(day).date()
        if self.birth_date is None or day < self.birth_date:
            return None
        if self.death_date is not None and day > self.death_date:
            return None
        return years_between(self.birth_date, day)

    @property
    def age_at_death(self):
        if self.birth_date is None or self.death_date is None:
            return None
        return years_between(self.birth_date, self.death_date)

    @property
    def age(self):
        """Age today in the newsroom's time zone, or at death."""
        if self.is_dead:
            return self.age_at_death
        return self.age_on(timezone.localdate())


class ProductionQuerySet(models.QuerySet):
    def for_page(self):
        return self.select_related("poster", "poster__replace_with")

    def public(self, now=None):
        """As PersonQuerySet.public: marked public, or named by a live story."""
        return self.filter(
            models.Q(shown_publicly=True) | _named_by_a_live_story("productions", now)
        )


class Production(models.Model):
    class Kind(models.TextChoices):
        FILM = "film", "Film"
        TV = "tv", "TV series"
        STAGE = "stage", "Stage"
        ALBUM = "album", "Album"
        OTHER = "other", "Other"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=210, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FILM)
    release_date = models.DateField(null=True, blank=True)
    release_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Filled from the release date when there is one."
    )
    franchise = models.CharField(max_length=150, blank=True)
    synopsis = models.TextField(blank=True)
    poster = models.ForeignKey(
        "newsroom.Image", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    wikidata_id = wikidata_field()
    imdb_id = models.CharField(
        "IMDb title",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^tt[0-9]{7,9}$", "An IMDb title is tt and 7 to 9 digits.")],
        help_text="The production's IMDb identifier, e.g. tt9603212.",
    )
    shown_publicly = models.BooleanField(
        "public without a story", default=False, help_text=PUBLIC_HELP
    )
    # Indexed: the fact desk asks for the newest change each time it checks a story.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ProductionQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def save(self, *args, **kwargs):
        # The year is derived from a full date so lists can sort on one column.
        if self.release_date:
            self.release_year = self.release_date.year
        old_slug = redirects.slug_before(self)
        super().save(*args, **kwargs)
        redirects.renamed(self, old_slug)
        pagecache.purge()

    def get_absolute_url(self):
        return reverse("people:production_detail", args=[self.slug])

    @cached_property
    def shown_poster(self):
        """The poster readers see: its own, its stand-in once its licence ends, or None."""
        return rights.to_show(self.poster)

    @property
    def same_as(self):
        imdb = f"https://www.imdb.com/title/{self.imdb_id}/" if self.imdb_id else ""
        return same_as(self.wikidata_id, imdb)

    @property
    def year(self):
        return self.release_year


class CreditQuerySet(models.QuerySet):
    def for_person_page(self, now=None):
        """A person's credits in productions readers may know of."""
        # Asked per credit (EXISTS), not as "IN every public production", which has the
        # planner list the whole public catalogue first.
        public = Production.objects.public(now).filter(pk=models.OuterRef("production_id"))
        return (
            self.filter(models.Exists(public))
            .select_related("production")
            .order_by("-production__release_year", "production__title", "billing", "pk")
        )

    def for_production_page(self, now=None):
        """A production's cast and crew that readers may know of."""
        public = Person.objects.public(now).filter(pk=models.OuterRef("person_id"))
        return (
            self.filter(models.Exists(public))
            .select_related("person")
            .order_by("billing", "person__name", "pk")
        )


class Credit(models.Model):
    class Role(models.TextChoices):
        ACTOR = "actor", "Actor"
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        PRODUCER = "producer", "Producer"
        HOST = "host", "Host"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    production = models.ForeignKey(Production, on_delete=models.CASCADE, related_name="credits")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.ACTOR)
    character = models.CharField(max_length=150, blank=True, help_text="For actors and hosts.")
    billing = models.PositiveSmallIntegerField(default=100, help_text="Lower comes first.")

    objects = CreditQuerySet.as_manager()

    class Meta:
        ordering = ["billing", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "production", "role", "character"], name="credit_unique"
            )
        ]

    def __str__(self):
        if self.character:
            return f"{self.person} as {self.character} in {self.production}"
        return f"{self.person}, {self.get_role_display().lower()}, {self.production}"

    @property
    def is_cast(self):
        return self.role in (self.Role.ACTOR, self.Role.HOST)


def group_credits_by_production(credits):
    """[(production, [credit, ...]), ...] keeping the order credits came in."""
    groups = {}
    for credit in credits:
        groups.setdefault(credit.production, []).append(credit)
    return list(groups.items())
