"""The story page: under the site's name."""

ADD = "/admin/articles/article/add/"


def test_the_admin_carries_the_sites_name(staff_client, settings):
    settings.SITE_NAME = "Celebrity Wire"
    index = staff_client.get("/admin/").text
    assert "Django administration" not in index and "Site administration" not in index
    assert '<a href="/admin/">Celebrity Wire</a>' in index
    assert "<title>Celebrity Wire newsroom | Celebrity Wire</title>" in index
    assert "<h1>Celebrity Wire newsroom</h1>" in index
    assert "<title>Add article | Celebrity Wire</title>" in staff_client.get(ADD).text
