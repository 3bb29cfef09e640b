from django import forms
from django.core.validators import validate_email

from .addresses import normalise_email, refusal

HONEYPOT_FIELD = "website"


class SignupForm(forms.Form):
    """The public signup form. No CSRF token: it is served inside cached pages (see views)."""

    email = forms.CharField(
        label="Email address",
        max_length=254,
        strip=False,  # a trailing newline is an error, not trimmed
        widget=forms.EmailInput(attrs={"autocomplete": "email", "required": True, "placeholder": "you@example.com"}),
        error_messages={"required": "Enter your email address.", "max_length": "That address is too long."},
    )
    newsletter = forms.SlugField(widget=forms.HiddenInput, required=False)
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)
    # A field people never see; bots that fill every input give themselves away.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_email(self):
        value = self.cleaned_data["email"]
        if any(char in value for char in "\r\n\x00") or any(ord(char) < 32 for char in value):
            raise forms.ValidationError("An email address can't contain line breaks or control characters.")
        value = normalise_email(value)  # strips spaces and tabs, after the check above; one form per inbox
        if "," in value or ";" in value or " " in value:
            raise forms.ValidationError("Enter one email address only.")
        reason = refusal(value)
        if reason:
            raise forms.ValidationError(reason)
        try:
            validate_email(value)
        except forms.ValidationError as error:
            raise forms.ValidationError("That doesn't look like an email address. Check it and try again.") from error
        return value

    def clean_source(self):
        source = self.cleaned_data.get("source", "")
        return source if source.startswith(("http://", "https://", "/")) and "\n" not in source else ""

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))
