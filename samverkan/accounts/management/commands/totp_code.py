"""Print the current code of a user's authenticator app.

For the demo (`make run`) and for trying the two-factor sign-in without a
phone. Whoever can run it can read the database anyway.
"""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Skriv ut den aktuella engångskoden för en användares autentiseringsapp."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: object, username: str, **options: object) -> None:
        # The newest device: the one being paired if pairing is under way.
        device = (
            TOTPDevice.objects.filter(user__username=username).order_by("-pk").first()
        )
        if device is None:
            raise CommandError(f"{username} har ingen autentiseringsapp.")
        code = totp(
            device.bin_key, step=device.step, t0=device.t0, digits=device.digits
        )
        self.stdout.write(f"{code:0{device.digits}d}")
