import pytest

from live import entries
from live.models import Coverage


@pytest.fixture
def live_story(make_article):
    """A live story covering an award night, with two key points and no updates yet."""
    story = make_article(
        headline="Award night live", slug="award-night-live", is_live_coverage=True
    )
    Coverage.objects.create(story=story, key_points="Best Actor is next\nThe host is late")
    return story


@pytest.fixture
def post(editor):
    """Post an update as `by` (an editor unless told): published at once for editors."""

    def post(story, body="<p>A winner is called.</p>", by=None, **options):
        return entries.post(story, by or editor, body, **options)

    return post
