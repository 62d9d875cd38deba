from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A sign-in. The person it belongs to is `Person.user` (organisation)."""

    class Meta(AbstractUser.Meta):
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        swappable = "AUTH_USER_MODEL"
