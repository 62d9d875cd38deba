from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Deviation


@task()
def notify_concerned(deviation_id: int) -> int:
    """Tell the concerned party's representatives that a deviation awaits them."""
    from samverkan.matters.services import uptake_contacts

    deviation = Deviation.objects.select_related(
        "concerned_party", "reporting_party"
    ).get(pk=deviation_id)
    recipients = uptake_contacts(deviation.concerned_party, timezone.localdate())
    if not recipients:
        return 0
    return send_mail(
        _("Ny avvikelse att besvara: %(reference)s")
        % {"reference": deviation.reference},
        _(
            "%(reporter)s har rapporterat en avvikelse som berör %(concerned)s "
            "(%(category)s). Svara senast %(due)s i Samverkan."
        )
        % {
            "reporter": deviation.reporting_party.name,
            "concerned": deviation.concerned_party.name,
            "category": deviation.get_category_display(),
            "due": deviation.answer_due.isoformat(),
        },
        None,
        recipients,
    )
