from django import template

from articles.dashboard import waiting_for

register = template.Library()


@register.inclusion_tag("admin/_desk_dashboard.html")
def desk_dashboard(user):
    return {"lists": waiting_for(user)}
