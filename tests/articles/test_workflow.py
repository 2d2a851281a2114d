"""Who may move a story where: every role against every transition, buttons or not."""

import datetime

import pytest
from django.utils import timezone

from articles import workflow
from articles.models import Article, WorkflowEvent

HOUR = datetime.timedelta(hours=1)
ROLES = ["writer", "other_writer", "editor", "publisher", "chief"]
STATES = ["draft", "review", "approved", "scheduled", "live", "withdrawn"]

# action: (roles allowed, states it starts from, resulting status or None for unchanged)
RULES = {
    "submit": ({"writer", "editor", "chief"}, {"draft"}, "review"),
    "approve": ({"editor", "chief"}, {"review"}, "approved"),
    "send_back": ({"editor", "chief"}, {"review", "approved", "withdrawn"}, "draft"),
    "publish": ({"publisher", "chief"}, {"approved", "scheduled"}, "published"),
    "schedule": ({"publisher", "chief"}, {"approved", "scheduled"}, "published"),
    "unschedule": ({"publisher", "chief"}, {"scheduled"}, "approved"),
    "withdraw": ({"publisher", "chief"}, {"live"}, "withdrawn"),
    "set_expiry": ({"publisher", "chief"}, {"approved", "scheduled", "live"}, None),
}


def state_fields(state):
    now = timezone.now()
    return {
        "draft": {"status": "draft", "publish_at": None},
        "review": {"status": "review", "publish_at": None},
        "approved": {"status": "approved", "publish_at": None},
        "scheduled": {"status": "published", "publish_at": now + 2 * HOUR},
        "live": {"status": "published", "publish_at": now - HOUR},
        "withdrawn": {"status": "withdrawn", "publish_at": now - 2 * HOUR},
    }[state]


@pytest.fixture
def people(writer, other_writer, editor, publisher, chief):
    return {
        "writer": writer,
        "other_writer": other_writer,
        "editor": editor,
        "publisher": publisher,
        "chief": chief,
    }


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", list(RULES))
@pytest.mark.parametrize("role", ROLES)
def test_every_role_against_every_transition(client, make_article, people, role, action, state):
    """A direct POST, as a forged request would send it: the server alone decides."""
    article = make_article(created_by=people["writer"], **state_fields(state))
    before = Article.objects.values().get(pk=article.pk)
    client.force_login(people[role])
    when = timezone.localtime(timezone.now() + 3 * HOUR).strftime("%Y-%m-%dT%H:%M:%S")

    response = client.post(
        f"/admin/articles/article/{article.pk}/workflow/",
        {"action": action, "note": "A reason", "when": when},
        follow=True,
    )

    roles, states, result = RULES[action]
    after = Article.objects.values().get(pk=article.pk)
    if role in roles and state in states:
        assert after["status"] == (result or before["status"])
        assert WorkflowEvent.objects.filter(article=article, action=action, actor=people[role])
        assert ": done." in response.text
    else:
        assert after == before
        assert not WorkflowEvent.objects.exists()
        assert "errornote" in response.text or 'class="error"' in response.text


def test_send_back_needs_a_note(make_article, editor):
    article = make_article(status="review", publish_at=None)
    with pytest.raises(workflow.WorkflowError, match="needs a note"):
        workflow.send_back(article, by=editor, note="  ")
    article.refresh_from_db()
    assert article.status == "review"


def test_withdraw_needs_a_reason_that_goes_into_the_history(make_article, publisher):
    article = make_article(status="published")
    with pytest.raises(workflow.WorkflowError, match="needs a note"):
        workflow.withdraw(article, by=publisher)
    assert Article.objects.get(pk=article.pk).status == "published"
    workflow.withdraw(article, by=publisher, note="The couple denied it.")
    assert article.events.get(action="withdraw").note == "The couple denied it."


def test_approving_with_open_fact_desk_findings_warns(client, make_article, make_person, editor):
    make_person(name="Leonard Nimoy", slug="leonard-nimoy")
    article = make_article(status="review", publish_at=None, body="<p>Leonard Nomoy said.</p>")
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{article.pk}/change/").text
    assert "open finding (see Checks below): approving passes it on unresolved" in page
    assert 'data-confirm="The fact desk has 1 open finding on names or ages. Approve anyway?"' in (
        page
    )


def test_history_records_who_from_to_and_note(make_article, writer, editor, publisher):
    article = make_article(created_by=writer, status="draft", publish_at=None)
    workflow.submit(article, by=writer)
    workflow.send_back(article, by=editor, note="Check the ages")
    workflow.submit(article, by=writer)
    workflow.approve(article, by=editor)
    workflow.publish(article, by=publisher)
    history = list(
        article.events.order_by("created_at", "pk").values_list(
            "actor__username", "from_status", "to_status", "note"
        )
    )
    assert history == [
        ("writer", "draft", "review", ""),
        ("editor", "review", "draft", "Check the ages"),
        ("writer", "draft", "review", ""),
        ("editor", "review", "approved", ""),
        ("publisher", "approved", "published", ""),
    ]
    article.refresh_from_db()
    assert article.is_live()
    assert article.first_published_at == article.publish_at


def test_schedule_in_the_past_publishes_now(make_article, publisher):
    article = make_article(status="approved", publish_at=None)
    workflow.schedule(article, by=publisher, publish_at=timezone.now() - HOUR)
    article.refresh_from_db()
    assert article.is_live()


def test_expiry_before_publication_is_refused(make_article, publisher):
    article = make_article(status="published", publish_at=timezone.now() + 2 * HOUR)
    with pytest.raises(workflow.WorkflowError, match="after the publication time"):
        workflow.set_expiry(article, by=publisher, expire_at=timezone.now() + HOUR)


def change_form_data(article, **overrides):
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "section": article.section_id,
        "standfirst": article.standfirst,
        "body": article.body,
        "tags": "",
        "base_version": article.version,
        "corrections-TOTAL_FORMS": 0,
        "corrections-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def test_writer_cannot_publish_by_posting_a_status(client, make_article, writer):
    article = make_article(created_by=writer, status="draft", publish_at=None)
    client.force_login(writer)
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(
            article,
            headline="Edited by the writer",
            status="published",
            publish_at_0="2020-01-01",
            publish_at_1="10:00",
        ),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Edited by the writer"  # their own draft: the words change
    assert article.status == "draft"  # ...but not the status
    assert article.publish_at is None


def test_writer_cannot_change_another_writers_draft(client, make_article, people):
    article = make_article(created_by=people["other_writer"], **state_fields("draft"))
    client.force_login(people["writer"])
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, headline="Hijacked"),
    )
    assert response.status_code == 403
    assert "nothing was changed" in response.text
    article.refresh_from_db()
    assert article.headline != "Hijacked"
    assert not article.events.filter(action="late_words").exists()


@pytest.mark.parametrize("state", ["review", "live"])
def test_writers_words_saved_after_their_story_moved_on_are_kept_not_applied(
    client, make_article, people, state
):
    article = make_article(created_by=people["writer"], **state_fields(state))
    client.force_login(people["writer"])
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, headline="A sharper headline", body="<p>One more quote.</p>"),
    )
    assert response.status_code == 409
    assert "nothing in the story was changed" in response.text
    assert "A sharper headline" in response.text and "One more quote." in response.text
    article.refresh_from_db()
    assert article.headline != "A sharper headline"
    kept = article.events.get(action="late_words")
    assert kept.actor == people["writer"]
    assert "A sharper headline" in kept.note and "One more quote." in kept.note

    client.force_login(people["editor"])
    page = client.get(f"/admin/articles/article/{article.pk}/change/").text
    panel = page.split('class="desk-late-words"')[1].split("</section>")[0]
    assert "Words saved after the story moved on" in panel
    assert "A sharper headline" in panel and "One more quote." in panel


def test_late_words_leave_the_editors_panel_once_the_story_is_saved(client, make_article, people):
    article = make_article(created_by=people["writer"], **state_fields("review"))
    client.force_login(people["writer"])
    client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, body="<p>One more quote.</p>"),
    )
    client.force_login(people["editor"])
    client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, body="<p>One more quote, taken in.</p>"),
    )
    page = client.get(f"/admin/articles/article/{article.pk}/change/").text
    assert 'class="desk-late-words"' not in page
    assert "One more quote." in page  # still in the history


def test_publisher_reads_but_does_not_rewrite(client, make_article, publisher):
    article = make_article(status="approved", publish_at=None)
    client.force_login(publisher)
    page = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert page.status_code == 200
    assert ">Publish now</button>" in page.text and ">Schedule</button>" in page.text
    assert ">Approve</button>" not in page.text
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form_data(article, headline="Rewritten"),
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("writer", ["Submit for review"], ["Approve", "Publish now", "Withdraw"]),
        ("editor", ["Submit for review"], ["Approve", "Publish now"]),
        ("publisher", [], ["Submit for review", "Approve", "Publish now"]),
    ],
)
def test_each_person_sees_only_their_buttons_on_a_draft(
    client, make_article, people, role, shown, hidden
):
    article = make_article(created_by=people["writer"], status="draft", publish_at=None)
    client.force_login(people[role])
    text = client.get(f"/admin/articles/article/{article.pk}/change/").text
    for label in shown:
        assert f">{label}</button>" in text
    for label in hidden:
        assert f">{label}</button>" not in text


def test_writer_can_pick_bylines(client, writer, make_author):
    make_author(name="Eddie Editor")
    make_author(name="Agency reporter")
    client.force_login(writer)
    params = {
        "app_label": "articles",
        "model_name": "byline",
        "field_name": "author",
        "term": "edi",
    }
    response = client.get("/admin/autocomplete/", params)
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Eddie Editor"]


def test_quick_views_and_dashboard(client, make_article, writer, editor):
    mine = make_article(headline="My own draft", created_by=writer, status="draft", publish_at=None)
    make_article(headline="Pitch in review", status="review", publish_at=None)
    client.force_login(writer)
    text = client.get("/admin/articles/article/?view=my_drafts").text
    assert mine.headline in text and "Pitch in review" not in text
    assert "My drafts" in client.get("/admin/").text
    client.force_login(editor)
    text = client.get("/admin/articles/article/?view=waiting").text
    assert "Pitch in review" in text and mine.headline not in text
    dashboard = client.get("/admin/").text
    assert "Waiting for review" in dashboard and "Pitch in review" in dashboard
