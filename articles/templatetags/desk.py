import json

from django import template
from django.utils import timezone

from articles.admin_factdesk import FIX_FIELDS
from articles.dashboard import pictures_expiring, waiting_for
from articles.scheduling import describe

register = template.Library()


@register.inclusion_tag("admin/_desk_dashboard.html")
def desk_dashboard(user):
    return {
        "lists": waiting_for(user),
        "pictures": pictures_expiring(user),
        "can_schedule": user.has_perm("articles.publish_article"),
    }


@register.simple_tag
def newsroom_zone():
    return timezone.get_current_timezone_name()


@register.simple_tag
def newsroom_now_local():
    """Now on the newsroom's clock, for the schedule form's "that time has passed" hint."""
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M:%S")


@register.filter
def local_input(moment):
    """A datetime as a datetime-local input value on the newsroom's clock."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M:%S") if moment else ""


@register.filter
def exact_time(moment):
    """'25 Oct 2026, 01:30:00 BST (UTC+01:00)'."""
    return describe(moment) if moment else ""


@register.filter
def fix_value(finding):
    """A fact-desk finding as the value of its fix button (read by admin_actions)."""
    return json.dumps({key: getattr(finding, key) for key in FIX_FIELDS})
