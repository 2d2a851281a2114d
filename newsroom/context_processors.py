from django.conf import settings

from articles import seo
from articles.models import Section


def site(request):
    """Site name and the section navigation, on every page (one cached query)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "DEFAULT_SHARE_IMAGE": seo.default_share_image_url(),
        # Left uncalled: the template calls it, so pages without the header pay nothing.
        "nav_sections": Section.objects.for_navigation,
    }
