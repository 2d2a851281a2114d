"""schema.org for award nights: the event itself. Built from loaded rows, no queries."""

from articles.seo import CONTEXT
from newsroom.siteurl import absolute


def award_event(event):
    data = {
        "@context": CONTEXT,
        "@type": "Event",
        "name": event.name,
        "startDate": event.date.isoformat(),
        "url": absolute(event.get_absolute_url()),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    if event.ceremony:
        data["description"] = event.ceremony
    if event.venue:
        data["location"] = {"@type": "Place", "name": event.venue}
    return data


def awards_of(nominations):
    """schema.org `award` texts for a person's or production's wins."""
    return [nomination.award_text for nomination in nominations]
