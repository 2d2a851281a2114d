"""Paging through long, newest-first lists without counting them.

A section or a busy tag holds tens of thousands of stories; counting them on every
page view costs more than showing the page. A Window fetches one row more than it
shows, which is all it needs to know whether another page follows. It answers the
same questions as Django's Page, so the pagination partial serves both.
"""

from django.http import Http404

# The largest offset SQLite and PostgreSQL take (a signed 64-bit integer); a page that
# starts further on cannot exist, and asking the database for it is an error, not a 404.
LAST_OFFSET = 2**63 - 1


class Window:
    paginator = None  # no total: the partial shows "Page 3", not "Page 3 of N"

    def __init__(self, rows, number, per_page):
        self.number = number
        self.object_list = rows[:per_page]
        self._more = len(rows) > per_page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._more

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def window(request, queryset, per_page, empty_is_missing=False):
    """The requested page of an ordered `queryset`.

    A page number that is not a number, or a page past the end (however far), is a
    404; so is an empty first page when `empty_is_missing` (a tag no live story carries).
    """
    try:
        number = int(request.GET.get("page") or 1)
    except ValueError:
        raise Http404("That page number is not a number.") from None
    start = (number - 1) * per_page
    if number < 1 or start > LAST_OFFSET:
        raise Http404("That page does not exist.")
    rows = list(queryset[start : start + per_page + 1])
    if not rows and (number > 1 or empty_is_missing):
        raise Http404("That page does not exist.")
    return Window(rows, number, per_page)
