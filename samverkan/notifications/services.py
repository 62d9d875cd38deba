"""Creating notifications and delivering them by e-mail, at once or daily.

The user's action never waits for, nor fails with, the sending: domain services
call `announce`, which enqueues a background task after the commit; the task
finds the recipients, writes their notifications and sends the immediate ones.
A failed e-mail is tried again later (BACKOFF) and finally marked as failed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverkan.accounts.models import User

from .models import (
    DEFAULT_DELIVERY,
    Delivery,
    EmailState,
    Kind,
    Notification,
    Preference,
)

log = logging.getLogger(__name__)

# Waits before the second, third, ... attempt; after the last, the e-mail failed.
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=10),
    dt.timedelta(hours=1),
    dt.timedelta(hours=6),
)
MAX_ATTEMPTS = len(BACKOFF) + 1


def announce(event: str, object_id: int, actor: User | None = None) -> None:
    """After the commit, tell the people concerned that `event` happened.

    Enqueueing can fail (a full queue, a broken backend): that is logged and
    never undoes nor blocks what the user did.
    """
    from .tasks import announce_event

    actor_id = getattr(actor, "pk", None)

    def enqueue() -> None:
        try:
            announce_event.enqueue(event, object_id, actor_id)
        except Exception:
            log.exception("Could not enqueue notification %s %s", event, object_id)

    transaction.on_commit(enqueue)


def preferences(users: Iterable[User], kind: str) -> dict[int, tuple[bool, str]]:
    """Return user id -> (in the app, e-mail delivery) for `kind`."""
    ids = [user.pk for user in users]
    chosen = {
        user_id: (in_app, email)
        for user_id, in_app, email in Preference.objects.filter(
            user_id__in=ids, kind=kind
        ).values_list("user_id", "in_app", "email")
    }
    default = (True, DEFAULT_DELIVERY[Kind(kind)].value)
    return {user_id: chosen.get(user_id, default) for user_id in ids}


def preferences_of(user: User) -> dict[str, tuple[bool, str]]:
    """Return kind -> (in the app, e-mail delivery) for every kind."""
    chosen = {
        kind: (in_app, email)
        for kind, in_app, email in Preference.objects.filter(user=user).values_list(
            "kind", "in_app", "email"
        )
    }
    return {
        kind.value: chosen.get(kind.value, (True, DEFAULT_DELIVERY[kind].value))
        for kind in Kind
    }


def address_of(user: User) -> str:
    if user.email:
        return user.email
    person = getattr(user, "person", None)
    return getattr(person, "email", "") or ""


@transaction.atomic
def notify(
    *,
    users: Iterable[User],
    kind: str,
    title: str,
    text: str = "",
    url: str = "",
    key: str = "",
    exclude: User | None = None,
) -> list[Notification]:
    """Write a notification for each user who wants one; return those written.

    A user gets a notification with a given non-empty `key` only once, so a
    daily reminder of the same thing does not pile up.
    """
    recipients = {
        user.pk: user
        for user in users
        if user.is_active and (exclude is None or user.pk != exclude.pk)
    }
    if key:
        for user_id in Notification.objects.filter(
            user_id__in=recipients, key=key
        ).values_list("user_id", flat=True):
            recipients.pop(user_id, None)
    wanted = preferences(recipients.values(), kind)
    rows = []
    for user_id, user in recipients.items():
        in_app, delivery = wanted[user_id]
        if delivery != Delivery.NONE and not address_of(user):
            delivery = Delivery.NONE
        if not in_app and delivery == Delivery.NONE:
            continue
        rows.append(
            Notification(
                user=user,
                kind=kind,
                title=title[:300],
                text=text,
                url=url,
                key=key,
                in_app=in_app,
                delivery=delivery,
                email_state=(
                    EmailState.NOT_WANTED
                    if delivery == Delivery.NONE
                    else EmailState.PENDING
                ),
            )
        )
    created = Notification.objects.bulk_create(rows)
    immediate = [n.pk for n in created if n.delivery == Delivery.IMMEDIATE]
    if immediate:
        transaction.on_commit(lambda: deliver(immediate))
    return created


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def _failed(notifications: list[Notification], error: Exception) -> None:
    """Record a failed attempt; schedule the next or give up."""
    now = timezone.now()
    for notification in notifications:
        notification.attempts += 1
        notification.last_error = f"{type(error).__name__}: {error}"[:2000]
        if notification.attempts >= MAX_ATTEMPTS:
            notification.email_state = EmailState.FAILED
            notification.next_attempt_at = None
        else:
            notification.next_attempt_at = now + BACKOFF[notification.attempts - 1]
    Notification.objects.bulk_update(
        notifications, ["attempts", "last_error", "email_state", "next_attempt_at"]
    )


def _schedule_retry(notification_ids: list[int], when: dt.datetime) -> None:
    """Enqueue a later attempt where the task backend can wait; else the sweep
    (`samverkan send-notifications`) takes it."""
    from django_tasks import default_task_backend

    from .tasks import deliver_notifications

    if not default_task_backend.supports_defer:
        return
    try:
        deliver_notifications.using(run_after=when).enqueue(notification_ids)
    except Exception:
        log.exception("Could not schedule a retry of %s", notification_ids)


def _send(user: User, subject: str, body: str) -> None:
    send_mail(subject, body, None, [address_of(user)], fail_silently=False)


def deliver(notification_ids: Iterable[int]) -> int:
    """E-mail the pending immediate notifications among the ids; return the sent."""
    pending = list(
        Notification.objects.filter(
            pk__in=list(notification_ids),
            delivery=Delivery.IMMEDIATE,
            email_state=EmailState.PENDING,
        ).select_related("user__person")
    )
    sent = 0
    for notification in pending:
        body = render_to_string(
            "notifications/email.txt",
            {"notification": notification, "link": _absolute(notification.url)},
        )
        try:
            with translation.override(settings.LANGUAGE_CODE):
                _send(notification.user, notification.title, body)
        except Exception as error:  # any transport error: SMTP, DNS, refused
            log.warning("Notification %s not sent: %s", notification.pk, error)
            _failed([notification], error)
            if notification.email_state == EmailState.PENDING:
                _schedule_retry([notification.pk], notification.next_attempt_at)
            continue
        Notification.objects.filter(pk=notification.pk).update(
            email_state=EmailState.SENT, emailed_at=timezone.now(), next_attempt_at=None
        )
        sent += 1
    return sent


def retry_due(now: dt.datetime | None = None) -> int:
    """Send immediate e-mails whose retry time has come, or that no task took."""
    now = now or timezone.now()
    forgotten = now - dt.timedelta(minutes=15)
    due = Notification.objects.filter(
        delivery=Delivery.IMMEDIATE, email_state=EmailState.PENDING
    ).filter(
        # A retry whose time has come, or a first attempt that never ran.
        Q(next_attempt_at__lte=now)
        | Q(next_attempt_at__isnull=True, created__lte=forgotten)
    )
    return deliver(due.values_list("pk", flat=True))


def send_digests(*, today: dt.date) -> int:
    """Send each user one e-mail with the day's digest; return the e-mails sent."""
    waiting = defaultdict(list)
    for notification in (
        Notification.objects.filter(
            delivery=Delivery.DIGEST, email_state=EmailState.PENDING
        )
        .select_related("user__person")
        .order_by("user_id", "created", "pk")
    ):
        waiting[notification.user_id].append(notification)
    sent = 0
    for notifications in waiting.values():
        user = notifications[0].user
        if not user.is_active:
            continue
        body = render_to_string(
            "notifications/digest.txt",
            {
                "notifications": [(n, _absolute(n.url)) for n in notifications],
                "today": today,
            },
        )
        subject = _("Samverkan: %(count)s händelser %(date)s") % {
            "count": len(notifications),
            "date": today.isoformat(),
        }
        try:
            with translation.override(settings.LANGUAGE_CODE):
                _send(user, subject, body)
        except Exception as error:
            log.warning("Digest for user %s not sent: %s", user.pk, error)
            _failed(notifications, error)
            continue
        Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
            email_state=EmailState.SENT, emailed_at=timezone.now()
        )
        sent += 1
    return sent


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, in_app=True, read_at=None).count()


def mark_read(user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or those given) as read."""
    unread = Notification.objects.filter(user=user, read_at=None)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    return unread.update(read_at=timezone.now())


@transaction.atomic
def save_preferences(user: User, choices: dict[str, tuple[bool, str]]) -> None:
    """Store the user's choice for every kind in `choices`."""
    for kind, (in_app, email) in choices.items():
        Preference.objects.update_or_create(
            user=user, kind=kind, defaults={"in_app": in_app, "email": email}
        )
