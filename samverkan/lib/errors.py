"""Domain errors: raised by services, turned into messages by views and API."""

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A request the domain refuses; `message` is meant for the user."""

    status_code = 400
    code = "domain_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CompositionRuleBroken(DomainError, ValidationError):
    """A membership would break the composition rules of its body.

    Also a ValidationError, so model and form validation show it as such.
    """

    status_code = 409
    code = "composition_rule_broken"

    def __init__(self, messages: list[str]) -> None:
        DomainError.__init__(self, " ".join(messages))
        ValidationError.__init__(self, messages)
        self.rule_messages = messages


class TransitionNotAllowed(DomainError):
    """A status change the workflow does not allow."""

    status_code = 409
    code = "transition_not_allowed"


class PreconditionFailed(DomainError):
    """A step that needs something first (an analysis, a reason …)."""

    status_code = 409
    code = "precondition_failed"


class PersonalIdentityFound(DomainError):
    """Text or a file holds a personal identity number; nothing was stored."""

    status_code = 400
    code = "personal_identity_found"


class SignInLocked(DomainError):
    """Too many failed sign-ins for one username: it is locked for a while."""

    status_code = 429
    code = "sign_in_locked"


class InvitationInvalid(DomainError):
    """An invitation link that is unknown, used or expired."""

    status_code = 410
    code = "invitation_invalid"


class IdentityNotRecognised(DomainError):
    """An external identity that matches no person in Samverkan."""

    status_code = 403
    code = "identity_not_recognised"


class PersonInPublicRecord(DomainError):
    """A person who appears in records that must be kept cannot be removed."""

    status_code = 409
    code = "person_in_public_record"

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons
