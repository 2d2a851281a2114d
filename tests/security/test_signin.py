"""Staff sign-in: lock-out, no account enumeration, safe redirects, two-factor codes, sessions."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from newsroom import signin

LOGIN = "/admin/login/"
PASSWORD = "a-long-test-password"  # what tests/conftest.py gives every member of staff


def sign_in(client, username, password, address="127.0.0.1", **fields):
    data = {"username": username, "password": password, "next": "/admin/", **fields}
    return client.post(LOGIN, data, REMOTE_ADDR=address)


def is_signed_in(client):
    return "_auth_user_id" in client.session


def code_for(device):
    """The code the person's authenticator app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits):06d}"


@pytest.fixture
def device(editor):
    return TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)


# Lock-out ---------------------------------------------------------------------------------


def test_fifth_wrong_password_locks_the_account_from_that_address(client, editor):
    for _ in range(4):
        assert sign_in(client, "editor", "wrong").status_code == 200
    locked = sign_in(client, "editor", "wrong")
    assert locked.status_code == 429
    assert "Sign-in paused" in locked.text
    assert "15 minutes" in locked.text
    assert "ask an administrator" in locked.text

    # Even the right password is refused while locked, and nobody is signed in.
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    assert not is_signed_in(client)


def test_lock_out_is_per_address_for_one_account(client, editor):
    for _ in range(5):
        sign_in(client, "editor", "wrong", address="203.0.113.9")
    assert sign_in(client, "editor", PASSWORD, address="198.51.100.7").status_code == 302
    assert is_signed_in(client)


def test_one_address_trying_many_accounts_is_locked_out(client, editor, settings):
    for n in range(settings.NEWSROOM_SIGNIN_ADDRESS_LIMIT - 1):
        assert sign_in(client, f"guess{n}", "wrong").status_code == 200
    assert sign_in(client, "guess-last", "wrong").status_code == 429
    # A real account from that address is paused too; from elsewhere it works.
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    assert sign_in(client, "editor", PASSWORD, address="198.51.100.7").status_code == 302


def test_lock_out_lifts_after_the_cool_off(client, editor, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    for _ in range(5):
        sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 16, tzinfo=datetime.UTC), tick=False)
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_an_administrator_unlocks_an_account_in_the_admin(client, editor, chief):
    for _ in range(5):
        sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", PASSWORD).status_code == 429

    admin = type(client)()
    admin.force_login(chief)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "editor" in listing.text
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    unlock = {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    assert admin.post("/admin/axes/accessattempt/", unlock).status_code == 302

    assert sign_in(client, "editor", PASSWORD).status_code == 302
    assert is_signed_in(client)


def test_lock_out_counts_the_address_the_trusted_proxy_saw(client, editor, settings):
    settings.NEWSROOM_PROXY_COUNT = 1
    for n in range(5):
        # The visitor writes whatever they like on the left; the proxy appends the truth.
        forwarded = f"10.0.0.{n}, 203.0.113.9"
        client.post(
            LOGIN,
            {"username": "editor", "password": "wrong"},
            REMOTE_ADDR="192.0.2.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"
    again = client.post(
        LOGIN,
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.1",
        HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9",
    )
    assert again.status_code == 429


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "198.51.100.1", "192.0.2.1"),  # no proxy: the header is the visitor's own words
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        (2, "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "198.51.100.1", "192.0.2.1"),  # fewer hops than configured: trust nothing
    ],
)
def test_client_address_follows_the_proxy_setting(settings, proxies, forwarded, expected):
    settings.NEWSROOM_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert signin.client_ip(request) == expected


# No enumeration ---------------------------------------------------------------------------


def normalised(response, username):
    text = response.content.decode().replace(username, "USERNAME")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)


def test_unknown_user_and_wrong_password_get_the_same_answer(client, editor, django_user_model):
    django_user_model.objects.create_user("reader", password=PASSWORD)  # not staff
    django_user_model.objects.create_user(
        "leaver", password=PASSWORD, is_staff=True, is_active=False
    )
    answers = {
        "unknown": sign_in(client, "nobody", "wrong"),
        "wrong password": sign_in(client, "editor", "wrong"),
        "not staff": sign_in(client, "reader", PASSWORD),
        "inactive": sign_in(client, "leaver", PASSWORD),
    }
    names = {"unknown": "nobody", "wrong password": "editor", "not staff": "reader"}
    names["inactive"] = "leaver"
    bodies = {kind: normalised(answer, names[kind]) for kind, answer in answers.items()}
    assert {answer.status_code for answer in answers.values()} == {200}
    assert len(set(bodies.values())) == 1
    assert "Please enter the correct username and password" in bodies["unknown"]


class CountingHasher(MD5PasswordHasher):
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


def test_unknown_user_costs_a_password_hash_like_a_real_one(client, editor, settings):
    # Django hashes the password even when there is no such user, so the time taken
    # does not tell whether the account exists.
    settings.PASSWORD_HASHERS = ["tests.security.test_signin.CountingHasher"]
    CountingHasher.calls = 0
    sign_in(client, "nobody", "wrong")
    unknown = CountingHasher.calls
    CountingHasher.calls = 0
    sign_in(client, "editor", "wrong")
    assert unknown == CountingHasher.calls == 1


def test_there_is_no_password_reset_that_could_reveal_an_address(client):
    # Staff reset each other's passwords in the admin; see SECURITY.md.
    with pytest.raises(NoReverseMatch):
        reverse("admin_password_reset")
    assert "Forgotten" not in client.get(LOGIN).text


# Safe redirects ---------------------------------------------------------------------------

ELSEWHERE = [
    "//evil.example",
    "https:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/admin/",
    "http:/\\/evil.example",
    "javascript:alert(1)",
    " //evil.example",
]


@pytest.mark.parametrize("target", ELSEWHERE)
def test_sign_in_never_sends_anyone_to_another_site(client, editor, target):
    response = sign_in(client, "editor", PASSWORD, next=target)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_sign_in_follows_next_on_this_site(client, editor):
    response = sign_in(client, "editor", PASSWORD, next="/admin/articles/article/")
    assert response["Location"] == "/admin/articles/article/"


@pytest.mark.parametrize("target", ELSEWHERE)
def test_sign_out_never_sends_anyone_to_another_site(client, editor, target):
    client.force_login(editor)
    response = client.post("/admin/logout/", {"next": target})
    assert not is_signed_in(client)
    location = response.headers.get("Location", "")
    assert "evil" not in location and "javascript" not in location


@pytest.mark.parametrize("target", ELSEWHERE)
def test_workflow_buttons_never_send_anyone_to_another_site(client, editor, make_article, target):
    article = make_article(status="review", publish_at=None)
    client.force_login(editor)
    response = client.post(
        f"/admin/articles/article/{article.pk}/workflow/",
        {"action": "approve", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/article/{article.pk}/change/"


# Two-factor sign-in -----------------------------------------------------------------------


def test_staff_with_an_authenticator_must_give_its_code(client, device, time_machine):
    without = sign_in(client, "editor", PASSWORD)
    assert without.status_code == 200
    assert "Please enter the correct username and password" in without.text
    assert not is_signed_in(client)

    wrong = sign_in(client, "editor", PASSWORD, otp_token="000000")
    assert wrong.status_code == 200 and not is_signed_in(client)

    later = timezone.now() + datetime.timedelta(seconds=5)  # a wrong code slows the next try
    time_machine.move_to(later, tick=False)
    right = sign_in(client, "editor", PASSWORD, otp_token=code_for(device))
    assert right.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_code_works_only_once(client, device):
    code = code_for(device)
    assert sign_in(client, "editor", PASSWORD, otp_token=code).status_code == 302
    other = type(client)()
    assert sign_in(other, "editor", PASSWORD, otp_token=code).status_code == 200


def test_guessing_codes_locks_out_like_guessing_passwords(client, device):
    for _ in range(5):
        sign_in(client, "editor", PASSWORD, otp_token="123456")
    assert sign_in(client, "editor", PASSWORD, otp_token=code_for(device)).status_code == 429


def test_a_session_that_skipped_the_code_is_signed_out_of_the_admin(client, editor, device):
    client.force_login(editor)  # as if signed in without the code
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert not is_signed_in(client)


def test_staff_set_up_an_authenticator_with_a_qr_code(client, editor, time_machine):
    client.force_login(editor)
    assert 'href="/admin/two-factor/"' in client.get("/admin/").text  # on every admin page
    page = client.get("/admin/two-factor/")
    assert page.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in page.text  # drawn here, sent nowhere
    device = TOTPDevice.objects.get(user=editor, confirmed=False)

    wrong = client.post("/admin/two-factor/", {"otp_token": "000000"})
    assert "did not match" in wrong.text
    device.refresh_from_db()
    assert not device.confirmed

    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=5), tick=False)
    done = client.post("/admin/two-factor/", {"otp_token": code_for(device)})
    assert done.status_code == 200
    assert "Your backup codes" in done.text and done.text.count("<li><code>") == 10
    device.refresh_from_db()
    assert device.confirmed
    # This session proved the code, so it stays in.
    assert client.get("/admin/").status_code == 200
    page = client.get("/admin/two-factor/").text
    assert "is on for your account" in page and "Backup codes left: 10" in page


def test_a_backup_code_signs_in_once_without_the_phone(client, editor, device):
    from newsroom import twofactor

    codes = twofactor.make_backup_codes(editor)
    assert sign_in(client, "editor", PASSWORD, otp_token=codes[0].upper()).status_code == 302
    assert client.get("/admin/articles/article/").status_code == 200  # a verified session
    again = type(client)()
    assert sign_in(again, "editor", PASSWORD, otp_token=codes[0]).status_code == 200
    assert not is_signed_in(again)


def test_new_backup_codes_replace_the_old_ones(client, editor, device):
    from newsroom import twofactor

    old = twofactor.make_backup_codes(editor)
    assert sign_in(client, "editor", PASSWORD, otp_token=old[0]).status_code == 302
    page = client.post("/admin/two-factor/", {"new_backup_codes": "1"})
    assert page.status_code == 200 and "Your backup codes" in page.text
    assert sign_in(type(client)(), "editor", PASSWORD, otp_token=old[1]).status_code == 200


def test_publishers_must_set_up_two_factor_when_the_desk_requires_it(
    client, publisher, writer, settings
):
    settings.NEWSROOM_REQUIRE_2FA_FOR_PUBLISHERS = True
    client.force_login(publisher)
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/two-factor/"
    page = client.get("/admin/two-factor/")
    assert "Anyone who publishes must sign in with a code" in page.text

    client.force_login(writer)
    assert client.get("/admin/articles/article/").status_code == 200


def test_two_factor_is_optional_by_default(client, publisher):
    client.force_login(publisher)
    assert client.get("/admin/articles/article/").status_code == 200


def test_an_administrator_can_remove_a_lost_device(client, chief, device):
    client.force_login(chief)
    listing = client.get("/admin/otp_totp/totpdevice/")
    assert listing.status_code == 200
    assert device.key not in listing.text  # secrets are never shown again
    client.post(
        "/admin/otp_totp/totpdevice/",
        {"action": "delete_selected", "_selected_action": [device.pk], "post": "yes"},
    )
    assert not TOTPDevice.objects.exists()
    assert sign_in(type(client)(), "editor", PASSWORD).status_code == 302


# Sessions and passwords -------------------------------------------------------------------


def test_a_sign_in_expires(client, editor, settings, time_machine):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    time_machine.move_to(start, tick=False)
    sign_in(client, "editor", PASSWORD)
    assert client.get("/admin/").status_code == 200
    later = start + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    time_machine.move_to(later, tick=False)
    assert client.get("/admin/").status_code == 302


def test_sign_in_cookies_are_out_of_reach_of_scripts(client, editor):
    client.get(LOGIN)
    response = sign_in(client, "editor", PASSWORD)
    session = response.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert client.cookies["csrftoken"]["httponly"]


@pytest.mark.parametrize(
    "password",
    ["short-1", "password1234", "123456789012345"],
)
def test_weak_passwords_are_refused(editor, password):
    with pytest.raises(ValidationError):
        password_validation.validate_password(password, user=editor)


def test_a_long_uncommon_password_is_accepted(editor):
    password_validation.validate_password("velvet-rope-premiere-1987", user=editor)


def test_administrators_never_see_anyones_backup_codes(client, chief, editor):
    from django_otp.plugins.otp_static.models import StaticDevice

    from newsroom import twofactor

    codes = twofactor.make_backup_codes(editor)
    device = StaticDevice.objects.get(user=editor)
    client.force_login(chief)
    for url in [
        "/admin/otp_static/staticdevice/",
        f"/admin/otp_static/staticdevice/{device.pk}/change/",
    ]:
        page = client.get(url)
        assert page.status_code == 200
        assert not [code for code in codes if code in page.text], url
