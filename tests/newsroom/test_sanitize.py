import pytest

from newsroom.sanitize import clean_html


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<p>Hi</p><script>alert('x')</script>", ["<script", "alert("]),
        ('<p onclick="steal()">Hi</p>', ["onclick", "steal("]),
        ('<img src="x" onerror="steal()">', ["onerror", "<img"]),
        ('<a href="javascript:alert(1)">click</a>', ["javascript:"]),
        ('<a href="JaVaScRiPt:alert(1)">click</a>', ["alert("]),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', ["data:"]),
        ('<p style="position:fixed;top:0">Hi</p>', ["style=", "position:fixed"]),
        ('<iframe src="https://evil.example/"></iframe>', ["<iframe", "evil.example"]),
        ("<svg><script>alert(1)</script></svg>", ["<svg", "<script"]),
        ('<form action="https://evil.example"><input></form>', ["<form", "<input"]),
        ("<style>body{display:none}</style>", ["<style", "display:none"]),
        ("<p>unclosed <b>bold <script>x()</script>", ["<script"]),
    ],
)
def test_dangerous_markup_is_removed(dirty, forbidden):
    clean = clean_html(dirty)
    for needle in forbidden:
        assert needle.lower() not in clean.lower()


@pytest.mark.parametrize(
    "safe",
    [
        "<p>A paragraph.</p>",
        "<h2>A heading</h2>",
        "<h3>A smaller heading</h3>",
        "<ul><li>one</li><li>two</li></ul>",
        "<ol><li>first</li></ol>",
        "<p><strong>bold</strong> and <em>italic</em></p>",
        "<blockquote><p>Quoted words.</p></blockquote>",
    ],
)
def test_safe_formatting_survives(safe):
    assert clean_html(safe) == safe


def test_links_survive_with_a_safe_rel():
    clean = clean_html('<p><a href="https://example.org/story">a link</a></p>')
    assert 'href="https://example.org/story"' in clean
    assert 'rel="noopener noreferrer"' in clean


def test_article_body_is_sanitised_on_save(make_article, client):
    article = make_article(
        body='<p onmouseover="x()">Text <a href="javascript:alert(1)">link</a></p>'
        "<script>bad()</script>"
    )
    article.refresh_from_db()
    assert "onmouseover" not in article.body
    assert "javascript:" not in article.body
    assert "<script" not in article.body
    page = client.get(article.get_absolute_url()).content.decode()
    assert "bad()" not in page
    assert "<p>Text <a" in page
