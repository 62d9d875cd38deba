"""Background work: fan an event out to its recipients, send e-mail, retry."""

from django_tasks import task

from . import services
from .events import EVENTS


@task()
def announce_event(event: str, object_id: int, actor_id: int | None = None) -> int:
    """Write the notifications of one event; return how many were written."""
    from samverkan.accounts.models import User

    message = EVENTS[event](object_id)
    if message is None:
        return 0
    exclude = message.exclude
    if exclude is None and actor_id is not None:
        exclude = User.objects.filter(pk=actor_id).first()
    return len(
        services.notify(
            users=message.users,
            kind=message.kind,
            title=message.title,
            text=message.text,
            url=message.url,
            key=message.key,
            exclude=exclude,
        )
    )


@task()
def deliver_notifications(notification_ids: list[int]) -> int:
    """Send the immediate e-mails among the ids (a retry scheduled earlier)."""
    return services.deliver(notification_ids)
