"""Photos of people and posters of productions, which their public pages show.

Those pages are always public, so changing such a picture is changing the page:
only someone who may change the person or production may change their picture.
Registered with newsroom.picture_changes in PeopleConfig.ready.
"""

from people.models import Person, Production


def refused_uses(image, user):
    """The people and productions showing `image` whose pages `user` may not change."""
    uses = []
    if not user.has_perm("people.change_person"):
        uses += [f"the photo of {p.name}" for p in Person.objects.filter(photo=image)]
    if not user.has_perm("people.change_production"):
        uses += [f"the poster of {p}" for p in Production.objects.filter(poster=image)]
    return uses
