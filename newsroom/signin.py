"""Staff sign-in: the admin's login form, the visitor's address, and lock-out after failures.

Counting failures and locking out is django-axes' work (settings: AXES_*); this
module adds what the desk needs on top. Every refusal reads the same, whether the
account is unknown, the password wrong, the account not staff or the code wrong,
so the form never tells anyone which accounts exist.
"""

from axes.handlers.database import AxesDatabaseHandler
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse

from newsroom import twofactor


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or what the NEWSROOM_PROXY_COUNT proxies saw."""
    proxies = settings.NEWSROOM_PROXY_COUNT
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    # Each trusted proxy appends the address it was reached from; anything further left
    # was written by the visitor and proves nothing.
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


class SignInAttempts(AxesDatabaseHandler):
    """Axes' failure records, with one limit per account-and-address and a looser one per address.

    Relies on AXES_LOCKOUT_PARAMETERS listing [username, ip_address] first, ip_address second.
    """

    def get_failures(self, request, credentials=None):
        account, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # Axes compares one number with AXES_FAILURE_LIMIT: an address's failures are
        # scaled so that reaching NEWSROOM_SIGNIN_ADDRESS_LIMIT reaches that number.
        scaled = address * settings.AXES_FAILURE_LIMIT // settings.NEWSROOM_SIGNIN_ADDRESS_LIMIT
        return max(account, scaled)


class StaffLoginForm(AdminAuthenticationForm):
    """Username and password, and the authenticator code for those who have set one up."""

    otp_token = forms.CharField(
        label="Authenticator code",
        required=False,
        max_length=20,
        help_text="Only if you have set up two-factor sign-in. Without the phone, a backup code.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": (
            "Please enter the correct username and password for a staff account, and your "
            "authenticator code if you have set one up. Note that both fields may be "
            "case-sensitive."
        ),
    }

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)  # staff only, refused like a wrong password
        device = twofactor.confirmed_device(user)
        if device is None:
            return
        token = self.cleaned_data.get("otp_token", "")
        if not twofactor.verify(device, token):
            device = twofactor.verify_backup(user, token)
        if device is None:
            # A wrong code counts as a failed sign-in, so guessing codes locks out too.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.cleaned_data.get("username")},
                request=self.request,
            )
            raise self.get_invalid_login_error()
        user.otp_device = device  # django_otp marks the session verified on login


def locked_out(request, original_response=None, credentials=None):
    """The page after too many failures: what happened, for how long, who can unlock it."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {**admin.site.each_context(request), "title": "Sign-in paused", "minutes": minutes}
    # 429, and the same page whoever was named: it says nothing about the account.
    return render(request, "admin/locked_out.html", context, status=429)


def admin_login(request):
    """The admin's sign-in page, as Django's own but with StaffLoginForm."""
    site = admin.site
    if request.method == "GET" and site.has_permission(request):
        return redirect("admin:index")
    context = {
        **site.each_context(request),
        "title": "Log in",
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.user.get_username(),
    }
    if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
        context[REDIRECT_FIELD_NAME] = reverse("admin:index")
    request.current_app = site.name
    # LoginView only follows a `next` on this host (url_has_allowed_host_and_scheme).
    view = LoginView.as_view(
        authentication_form=StaffLoginForm,
        template_name="admin/login.html",
        extra_context=context,
    )
    return view(request)
