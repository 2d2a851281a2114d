from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from articles.models import display_name
from people.models import Person, Production


class AwardEventQuerySet(models.QuerySet):
    def public(self):
        """Events readers may see; the rest are being prepared (an embargoed list)."""
        return self.filter(is_public=True)


class AwardEvent(models.Model):
    name = models.CharField(max_length=150, help_text="As readers say it: “2027 Academy Awards”.")
    slug = models.SlugField(max_length=160, unique=True)
    date = models.DateField(help_text="The day of the ceremony.")
    ceremony = models.CharField(
        max_length=200, blank=True, help_text="E.g. “The 99th Academy Awards ceremony”."
    )
    venue = models.CharField(
        max_length=200, blank=True, help_text="E.g. “Dolby Theatre, Los Angeles”."
    )
    live_story = models.ForeignKey(
        "articles.Article",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_events",
        help_text="The story covering the night live: each winner called is posted to it.",
    )
    is_public = models.BooleanField(
        "shown on the site",
        default=False,
        help_text="Leave off while the nominations are under embargo.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AwardEventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "name"]
        permissions = [("call_winner", "Can call (and undo) the winner of an award category")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("awards:event_detail", args=[self.slug])

    @property
    def page_key(self):
        """The key its winners page depends on (pagecache.purge_keys)."""
        return f"awards:{self.slug}"


class Category(models.Model):
    event = models.ForeignKey(AwardEvent, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=150, help_text="E.g. “Best Actor”.")
    order = models.PositiveSmallIntegerField(default=100, help_text="Lower comes first.")

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="award_category_once")
        ]

    def __str__(self):
        return f"{self.name}, {self.event}"


class NominationQuerySet(models.QuerySet):
    def won(self, now=None):
        """Winners of events readers may see, naming only people and productions readers
        may know of (Person.objects.public): a win does not give away a scoop's subject."""
        # Asked per nomination (EXISTS), not as "IN every public person": the planner
        # would list the whole public archive before looking at the few wins.
        people = Person.objects.public(now).filter(pk=models.OuterRef("person_id"))
        productions = Production.objects.public(now).filter(pk=models.OuterRef("production_id"))
        return self.filter(
            Q(person__isnull=True) | models.Exists(people),
            Q(production__isnull=True) | models.Exists(productions),
            won_at__isnull=False,
            category__event__is_public=True,
        )

    def with_public_links(self, now=None):
        """Each nomination knowing whether its person and production have a public page
        (person_is_public, production_is_public), for the winners page's links."""
        people = Person.objects.public(now).filter(pk=models.OuterRef("person_id"))
        productions = Production.objects.public(now).filter(pk=models.OuterRef("production_id"))
        return self.select_related("person", "production").annotate(
            person_is_public=models.Exists(people),
            production_is_public=models.Exists(productions),
        )

    def for_profiles(self):
        """What a person's or production's page says of each win."""
        return self.select_related("category__event", "person", "production").order_by(
            "-category__event__date", "category__order", "pk"
        )


class Nomination(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="nominations")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    production = models.ForeignKey(
        Production, null=True, blank=True, on_delete=models.PROTECT, related_name="nominations"
    )
    detail = models.CharField(
        max_length=200,
        blank=True,
        help_text="Anything else the nomination names, e.g. a song's title.",
    )
    order = models.PositiveSmallIntegerField(default=100)
    # Set and cleared only by awards.calls, which keeps the record of each call.
    won_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(production__isnull=False) | ~Q(detail=""),
                name="nomination_names_someone",
            )
        ]

    def __str__(self):
        return f"{self.nominee} ({self.category.name})"

    @property
    def is_winner(self):
        return self.won_at is not None

    @property
    def nominee(self):
        """Who or what is nominated, as readers read it: the person, else the production."""
        if self.person_id:
            return self.person.name
        if self.production_id:
            return self.production.title
        return self.detail

    @property
    def won_phrase(self):
        """“won Best Actor at the 2027 Academy Awards”."""
        return f"won {self.category.name} at the {self.category.event.name}"

    @property
    def award_text(self):
        """The award as schema.org's `award` text: “Best Actor, 2027 Academy Awards”."""
        return f"{self.category.name}, {self.category.event.name}"


class WinnerCall(models.Model):
    """One call of a winner, or its undoing: who, when, and the live update it posted."""

    class Action(models.TextChoices):
        WINNER = "winner", "Called the winner"
        UNDO = "undo", "Undid the call"

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="calls")
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    entry = models.ForeignKey(
        "live.Entry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.nomination}"

    @property
    def actor_name(self):
        """Who made the call; "–" when no one did (the demo's) or their account is gone."""
        return display_name(self.actor) if self.actor else "–"
