"""Two-factor sign-in for staff: an authenticator app's codes (TOTP, via django-otp).

Optional for everyone; with NEWSROOM_REQUIRE_2FA_FOR_PUBLISHERS on, anyone who can
publish must set it up before the admin lets them do anything else. Setting it up
also gives ten backup codes, each good for one sign-in without the phone. Someone who
loses their phone signs in with a backup code, or asks an administrator to delete
their device (Admin › TOTP devices), signs in with the password alone and sets up
again.
"""

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"
BACKUP_NAME = "Backup codes"
BACKUP_COUNT = 10


def confirmed_device(user):
    """The user's working authenticator, or None."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def verify(device, token):
    """Does `token` match `device` now? Repeated failures slow it down (django-otp throttling)."""
    token = "".join((token or "").split())
    if not token.isdigit():
        return False
    with transaction.atomic():
        # Locked, so one code cannot be used twice by two requests at once.
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        return locked.verify_token(token)


def make_backup_codes(user):
    """Ten new single-use codes for `user`; any earlier ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(BACKUP_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def verify_backup(user, token):
    """The backup-code device if `token` is one of `user`'s unused codes (now used up)."""
    token = "".join((token or "").split()).lower()
    if not token.isalnum():
        return None
    with transaction.atomic():
        # Locked, so one code cannot be used twice by two requests at once.
        device = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if device is not None and device.verify_token(token):
            return device
    return None


def is_required_for(user):
    """Must `user` sign in with a code? Anyone who can publish, when the setting is on."""
    return settings.NEWSROOM_REQUIRE_2FA_FOR_PUBLISHERS and user.has_perm(
        "articles.publish_article"
    )


def qr_code_data_url(text):
    """`text` as a QR code, an SVG data: URL drawn here (the secret goes to no other service)."""
    buffer = io.BytesIO()
    qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def grouped(secret):
    """A base32 secret in groups of four, easier to type."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label="Code from the app",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def enrol(request):
    """Set up an authenticator app: scan the code (or type the secret), then confirm a code.

    Once it is set up, the same page makes new backup codes.
    """
    if confirmed_device(request.user) is not None:
        if request.method == "POST" and "new_backup_codes" in request.POST:
            codes = make_backup_codes(request.user)
            return render(request, "admin/two_factor.html", _context(request, codes=codes))
        left = StaticToken.objects.filter(device__user=request.user).count()
        context = _context(request, enrolled=True, backup_codes_left=left)
        return render(request, "admin/two_factor.html", context)
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": DEVICE_NAME}
    )
    form = TokenForm(request.POST or None)
    if form.is_valid():
        if verify(device, form.cleaned_data["otp_token"]):
            device.refresh_from_db()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)  # this session has just proved the code
            messages.success(request, "Two-factor sign-in is on: you will be asked for a code.")
            codes = make_backup_codes(request.user)
            return render(request, "admin/two_factor.html", _context(request, codes=codes))
        form.add_error("otp_token", "That code did not match. Check the phone's clock and retry.")
    secret = base64.b32encode(device.bin_key).decode()
    context = _context(
        request,
        form=form,
        secret=grouped(secret),
        qr_code=qr_code_data_url(device.config_url),
        required=is_required_for(request.user),
    )
    return render(request, "admin/two_factor.html", context)


def _context(request, **extra):
    return {**admin.site.each_context(request), "title": "Two-factor sign-in", **extra}


def _may_pass_unenrolled(path):
    # Where someone who must enrol may still go: enrolment itself, and out.
    allowed = ["two_factor", "admin:login", "admin:logout", "admin:jsi18n"]
    return path in [reverse(name) for name in allowed]


class TwoFactorMiddleware:
    """In the admin: a session that skipped its code is signed out; publishers enrol first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        in_admin = request.path.startswith(reverse("admin:index"))
        if in_admin and user.is_authenticated and not user.is_verified():
            refused = self.check(request, user)
            if refused is not None:
                return refused
        return self.get_response(request)

    def check(self, request, user):
        if confirmed_device(user) is not None:
            # Signed in some other way than with the code (or before setting it up elsewhere).
            logout(request)
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if is_required_for(user) and not _may_pass_unenrolled(request.path):
            return redirect("two_factor")
        return None
