"""What search engines read of a live story: schema.org LiveBlogPosting with its updates.

Built from rows the page has loaded already: no queries.
"""

from articles import seo
from newsroom.siteurl import absolute
from newsroom.templatetags.newsroom import machine_time

# The updates a crawler is given: the page's own, newest first.
UPDATES_IN_STRUCTURED_DATA = 30


def blog_update(entry, story_url):
    """One entry as a schema.org BlogPosting inside the live story."""
    url = f"{story_url}#{entry.anchor}"
    data = {
        "@type": "BlogPosting",
        "@id": url,
        "url": url,
        "headline": (entry.headline or entry.summary)[:110],
        "articleBody": entry.text,
        "datePublished": machine_time(entry.published_at),
        "dateModified": machine_time(max(entry.updated_at, entry.published_at)),
    }
    if entry.author:
        data["author"] = {"@type": "Person", "name": entry.author_name}
    return data


def live_blog_posting(article, coverage, entries):
    """The story as a LiveBlogPosting: the NewsArticle's fields, the coverage's start and
    end, and its updates (`entries`, public ones with their authors loaded)."""
    data = seo.news_article(article)
    url = absolute(article.get_absolute_url())
    updates = sorted(entries, key=lambda e: (e.published_at, e.pk), reverse=True)
    data.update(
        {
            "@type": "LiveBlogPosting",
            "@id": url,
            "coverageStartTime": machine_time(coverage.start()),
            "coverageEndTime": machine_time(coverage.end()),
            "liveBlogUpdate": [
                blog_update(entry, url) for entry in updates[:UPDATES_IN_STRUCTURED_DATA]
            ],
        }
    )
    if updates:
        newest = max(max(e.updated_at, e.published_at) for e in updates)
        data["dateModified"] = machine_time(max(newest, article.updated_at, article.publish_at))
    return data
