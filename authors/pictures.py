"""Authors' photos, which their public pages show.

Changing such a picture changes the page: only someone who may change authors may
change it. Registered with newsroom.picture_changes in AuthorsConfig.ready.
"""

from authors.models import Author


def refused_uses(image, user):
    """The authors showing `image` whose pages `user` may not change."""
    if user.has_perm("authors.change_author"):
        return []
    return [f"the photo of {author.name}" for author in Author.objects.filter(photo=image)]
