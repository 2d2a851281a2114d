from django import template
from django.utils.safestring import mark_safe

from articles.factdesk import link_first_mentions

register = template.Library()


@register.filter
def linked_body(article):
    """The body with each attached person's and production's first mention linked.

    Uses the prefetched people and productions (ArticleQuerySet.for_page): no queries.
    """
    html = link_first_mentions(article.body, article.people.all(), article.productions.all())
    return mark_safe(html)  # sanitised again by link_first_mentions
