"""Background work for matters: e-mail receipts and reminders."""

from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Matter


@task()
def send_receipt(matter_id: int) -> int:
    """Send the registration receipt to contact and registrant; return the count."""
    matter = Matter.objects.select_related("body", "contact", "created_by").get(
        pk=matter_id
    )
    recipients = {
        address
        for address in (
            matter.contact.email if matter.contact else "",
            matter.created_by.email if matter.created_by else "",
        )
        if address
    }
    if not recipients:
        return 0
    subject = _("Ärendet har registrerats: %(number)s") % {
        "number": matter.registry_number
    }
    body = _(
        "Ert ärende ”%(title)s” har tagits emot av %(body)s och registrerats med "
        "diarienummer %(number)s. Ange numret när ni hör av er om ärendet."
    ) % {
        "title": matter.title,
        "body": matter.body.name,
        "number": matter.registry_number,
    }
    return send_mail(subject, body, None, sorted(recipients))
