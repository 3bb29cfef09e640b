"""Provider webhook requests as the providers send them, for tests and ``bench/bench_webhooks.py``.

Each builder returns ``(path, body bytes, headers)`` for one delivery, in the documented payload shape of:
Amazon SES event publishing through an SNS HTTP(S) subscription, Mailgun's webhooks (JSON, signed with
the webhook signing key), Postmark's bounce, spam-complaint and delivery webhooks, and SendGrid's Event
Webhook (a JSON array). Basic auth carries ``ANYMAIL["WEBHOOK_SECRET"]`` the way a webhook URL of the
form ``https://user:secret@host/anymail/...`` makes the provider send it.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import uuid

from django.conf import settings
from django.utils import timezone


def basic_auth(secret: str | None = None) -> str:
    secret = settings.ANYMAIL["WEBHOOK_SECRET"] if secret is None else secret
    return "Basic " + base64.b64encode(secret.encode()).decode()


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def post(client, request, *, auth: str | None = None):
    """POST one built request with ``client`` (a Django test client), with basic auth unless ``auth=""``."""
    path, body, headers = request
    extra = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}
    if auth != "":
        extra["HTTP_AUTHORIZATION"] = auth or basic_auth()
    content_type = headers.get("Content-Type", "application/json")
    return client.post(path, data=body, content_type=content_type, **extra)


# Amazon SES (event publishing to an SNS topic, SNS posting to our HTTPS endpoint) -------------------


def ses(kind: str, delivery, *, bounce_type: str = "Permanent", sns_id: str | None = None, when=None):
    """``kind``: "Bounce", "Complaint" or "Delivery". ``delivery.provider_message_id`` is SES's own id
    (the one its SMTP interface returns); the original Message-ID travels in ``commonHeaders``."""
    when = when or timezone.now()
    address = delivery.subscriber.email
    mail = {
        "timestamp": _iso(when - datetime.timedelta(seconds=3)),
        "source": "headlines@ledger.example",
        "sourceArn": "arn:aws:ses:us-east-1:123456789012:identity/ledger.example",
        "sendingAccountId": "123456789012",
        "messageId": delivery.provider_message_id,
        "destination": [address],
        "headersTruncated": False,
        "headers": [
            {"name": "From", "value": "The Test Ledger <headlines@ledger.example>"},
            {"name": "To", "value": address},
            {"name": "Message-ID", "value": delivery.message_id},
        ],
        "commonHeaders": {
            "from": ["The Test Ledger <headlines@ledger.example>"],
            "to": [address],
            "messageId": delivery.message_id,
            "subject": "Morning Ledger",
        },
        "tags": {"ses:configuration-set": ["newsletter"]},
    }
    event = {"eventType": kind, "mail": mail}
    if kind == "Bounce":
        event["bounce"] = {
            "feedbackId": f"0100018c-{uuid.uuid4()}-000000",
            "bounceType": bounce_type,
            "bounceSubType": "General" if bounce_type == "Permanent" else "MailboxFull",
            "bouncedRecipients": [
                {
                    "emailAddress": address,
                    "action": "failed",
                    "status": "5.1.1" if bounce_type == "Permanent" else "4.2.2",
                    "diagnosticCode": "smtp; 550 5.1.1 user unknown"
                    if bounce_type == "Permanent"
                    else "smtp; 452 4.2.2 mailbox full",
                }
            ],
            "timestamp": _iso(when),
            "reportingMTA": "dns; a8-70.smtp-out.amazonses.com",
        }
    elif kind == "Complaint":
        event["complaint"] = {
            "feedbackId": f"0100018c-{uuid.uuid4()}-000000",
            "complaintSubType": None,
            "complainedRecipients": [{"emailAddress": address}],
            "timestamp": _iso(when),
            "userAgent": "Mail-Complaints/1.0",
            "complaintFeedbackType": "abuse",
            "arrivalDate": _iso(when),
        }
    elif kind == "Delivery":
        event["delivery"] = {
            "timestamp": _iso(when),
            "processingTimeMillis": 540,
            "recipients": [address],
            "smtpResponse": "250 2.0.0 OK",
            "reportingMTA": "a8-70.smtp-out.amazonses.com",
        }
    sns_id = sns_id or str(uuid.uuid4())
    topic = "arn:aws:sns:us-east-1:123456789012:ses-newsletter-events"
    body = {
        "Type": "Notification",
        "MessageId": sns_id,
        "TopicArn": topic,
        "Message": json.dumps(event),
        "Timestamp": _iso(when),
        "SignatureVersion": "1",
        "Signature": base64.b64encode(hashlib.sha256(sns_id.encode()).digest()).decode(),
        "SigningCertURL": "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000.pem",
        "UnsubscribeURL": f"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={topic}:1",
    }
    headers = {
        "Content-Type": "text/plain; charset=UTF-8",  # what SNS sends, though the body is JSON
        "x-amz-sns-message-type": "Notification",
        "x-amz-sns-message-id": sns_id,
        "x-amz-sns-topic-arn": topic,
        "x-amz-sns-subscription-arn": f"{topic}:1",
        "User-Agent": "Amazon Simple Notification Service Agent",
    }
    return "/anymail/amazon_ses/tracking/", json.dumps(body).encode(), headers


# Mailgun (webhooks, JSON body with a signature block) -----------------------------------------------


def mailgun(kind: str, delivery, *, severity: str = "permanent", token: str | None = None, key: str | None = None):
    """``kind``: "failed" (with ``severity``), "complained" or "delivered". Mailgun names the message by
    its Message-ID header, without angle brackets."""
    now = timezone.now().timestamp()
    token = token or uuid.uuid4().hex + uuid.uuid4().hex[:18]
    key = settings.ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"] if key is None else key
    timestamp = str(int(now))
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    address = delivery.subscriber.email
    event = {
        "id": uuid.uuid4().hex[:22],
        "timestamp": now,
        "log-level": "error" if kind == "failed" else "warn" if kind == "complained" else "info",
        "event": kind,
        "recipient": address,
        "recipient-domain": address.rpartition("@")[2],
        "message": {
            "headers": {
                "to": address,
                "message-id": delivery.message_id.strip("<>"),
                "from": "The Test Ledger <headlines@ledger.example>",
                "subject": "Morning Ledger",
            },
            "attachments": [],
            "size": 6195,
        },
        "envelope": {"transport": "smtp", "sender": "headlines@ledger.example", "targets": address},
        "flags": {"is-routed": False, "is-authenticated": True, "is-system-test": False, "is-test-mode": False},
        "tags": [],
        "user-variables": {},
        "campaigns": [],
    }
    if kind == "failed":
        event["severity"] = severity
        event["reason"] = "bounce" if severity == "permanent" else "generic"
        event["delivery-status"] = {
            "attempt-no": 1,
            "code": 550 if severity == "permanent" else 452,
            "message": "5.1.1 The email account that you tried to reach does not exist."
            if severity == "permanent"
            else "4.2.2 Mailbox full",
            "description": "",
            "mx-host": "mx.mail.example",
            "tls": True,
            "certificate-verified": True,
            "session-seconds": 0.4,
        }
    elif kind == "delivered":
        event["delivery-status"] = {"code": 250, "message": "OK", "description": "", "tls": True, "attempt-no": 1}
    body = {"signature": {"timestamp": timestamp, "token": token, "signature": signature}, "event-data": event}
    headers = {"Content-Type": "application/json", "User-Agent": "mailgun/treq-16.12.0"}
    return "/anymail/mailgun/tracking/", json.dumps(body).encode(), headers


# Postmark (bounce, spam complaint and delivery webhooks) --------------------------------------------


def postmark(kind: str, delivery, *, event_id: int | None = None, when=None):
    """``kind``: "HardBounce", "SoftBounce", "SpamComplaint" or "Delivery". Postmark names the message
    by its own MessageID (what its API answered when the message was sent)."""
    when = when or timezone.now()
    address = delivery.subscriber.email
    event_id = event_id if event_id is not None else uuid.uuid4().int % 10**15
    if kind == "Delivery":
        body = {
            "RecordType": "Delivery",
            "ServerID": 23,
            "MessageStream": "broadcast",
            "MessageID": delivery.provider_message_id,
            "Recipient": address,
            "Tag": "",
            "DeliveredAt": _iso(when),
            "Details": "Test delivery webhook details",
            "Metadata": {},
        }
    else:
        names = {
            "HardBounce": ("Bounce", 1, "Hard bounce", "smtp;550 5.1.1 The email account does not exist."),
            "SoftBounce": ("Bounce", 4096, "Soft bounce", "smtp;452 4.2.2 Mailbox full"),
            "SpamComplaint": ("SpamComplaint", 512, "Spam complaint", "Test spam complaint details"),
        }
        record, code, name, details = names[kind]
        body = {
            "RecordType": record,
            "ID": event_id,
            "Type": kind,
            "TypeCode": code,
            "Name": name,
            "Tag": "",
            "MessageID": delivery.provider_message_id,
            "Metadata": {},
            "ServerID": 23,
            "MessageStream": "broadcast",
            "Description": "The server was unable to deliver your message.",
            "Details": details,
            "Email": address,
            "From": "headlines@ledger.example",
            "BouncedAt": _iso(when),
            "DumpAvailable": True,
            "Inactive": kind != "SoftBounce",
            "CanActivate": True,
            "Subject": "Morning Ledger",
            "Content": "",
        }
    return "/anymail/postmark/tracking/", json.dumps(body).encode(), {"Content-Type": "application/json"}


# SendGrid (Event Webhook: a JSON array of events) -----------------------------------------------------


def sendgrid_event(kind: str, delivery, *, bounce_type: str = "bounce", event_id: str | None = None) -> dict:
    """One event of the array; ``kind``: "bounce" (``bounce_type`` "bounce" or "blocked"), "spamreport",
    "delivered". SendGrid names an SMTP-sent message by its Message-ID header (``smtp-id``)."""
    event = {
        "email": delivery.subscriber.email,
        "timestamp": int(timezone.now().timestamp()),
        "smtp-id": delivery.message_id,
        "event": kind,
        "category": ["newsletter"],
        "sg_event_id": event_id or base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="),
        "sg_message_id": f"{uuid.uuid4().hex[:22]}.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0",
    }
    if kind == "bounce":
        event.update(
            type=bounce_type,
            reason="550 5.1.1 The email account that you tried to reach does not exist.",
            status="5.1.1",
            bounce_classification="Invalid Address",
            tls=1,
            ip="168.1.1.1",
        )
    elif kind == "delivered":
        event.update(response="250 OK", ip="168.1.1.1", tls=1, cert_err=0)
    return event


def sendgrid(events: list[dict]):
    return "/anymail/sendgrid/tracking/", json.dumps(events).encode(), {"Content-Type": "application/json"}
