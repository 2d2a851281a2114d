"""Authors: the names stories are signed with, with or without a login on the desk."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils.text import Truncator, slugify

from newsroom import pagecache, redirects

X_HANDLE = RegexValidator(
    r"^@?[A-Za-z0-9_]{1,15}$", "An X handle is 1 to 15 letters, digits or underscores."
)


class AuthorQuerySet(models.QuerySet):
    def for_page(self):
        return self.select_related("photo")


class Author(models.Model):
    name = models.CharField(max_length=150, help_text="As the byline shows it.")
    slug = models.SlugField(max_length=160, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="login",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text="The desk login that writes as this author. Leave empty for contributors "
        "without one (freelancers, agency copy).",
    )
    job_title = models.CharField(
        max_length=100, blank=True, help_text="Shown with the name, e.g. “Entertainment reporter”."
    )
    bio = models.TextField(blank=True, help_text="A short plain-text biography.")
    photo = models.ForeignKey(
        "newsroom.Image", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    website = models.URLField(blank=True, help_text="Their own site, if they have one.")
    x_handle = models.CharField(
        "X handle",
        max_length=16,
        blank=True,
        validators=[X_HANDLE],
        help_text="Their account on X, e.g. @desk_reporter.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.x_handle = self.x_handle.lstrip("@")
        old_slug = redirects.slug_before(self)
        super().save(*args, **kwargs)
        redirects.renamed(self, old_slug)
        pagecache.purge()  # bylines on every page and card show the name

    def get_absolute_url(self):
        return reverse("authors:author_detail", args=[self.slug])

    @property
    def meta_description(self):
        """What search results and share cards say of the author's page."""
        if self.bio:
            return Truncator(" ".join(self.bio.split())).chars(160)
        role = f", {self.job_title}" if self.job_title else ""
        return f"Stories by {self.name}{role}."

    @property
    def same_as(self):
        """Their own pages elsewhere (schema.org sameAs)."""
        urls = [self.website] if self.website else []
        if self.x_handle:
            urls.append(f"https://x.com/{self.x_handle}")
        return urls


def free_slug(name):
    """A slug for a new author named `name` that no author has yet."""
    base = slugify(name)[:150] or "author"
    slug, n = base, 2
    while Author.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def own_author(user):
    """The author `user` writes as, made from their full name (else username) the first time."""
    author = Author.objects.filter(user=user).first()
    if author is not None:
        return author
    name = user.get_full_name() or user.get_username()
    try:
        with transaction.atomic():
            return Author.objects.create(user=user, name=name, slug=free_slug(name))
    except IntegrityError:  # made a moment ago by another request of theirs
        return Author.objects.get(user=user)
