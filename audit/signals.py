"""Sign-ins, failed sign-ins, lockouts and role changes go to the audit log."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from .services import Action, audit_record

User = get_user_model()


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs) -> None:
    audit_record(action=Action.LOGIN, actor=user, request=request)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    audit_record(
        action=Action.LOGIN_FAILED,
        request=request,
        actor_label=str(credentials.get("username", ""))[:150],
    )


@receiver(user_locked_out)
def on_lockout(sender, request, username, ip_address, **kwargs) -> None:
    audit_record(action=Action.LOCKOUT, request=request, actor_label=str(username or "")[:150])


ROLE_FIELDS = {"role", "org_unit", "is_superuser"}


@receiver(pre_save, sender=User)
def remember_old_role(sender, instance, update_fields=None, **kwargs) -> None:
    # Sign-in saves last_login alone: no need to look up the old role then.
    if instance.pk and (update_fields is None or ROLE_FIELDS & set(update_fields)):
        old = (
            User.objects.filter(pk=instance.pk)
            .values("role", "org_unit_id", "is_superuser")
            .first()
        )
        instance._audit_old_role = old


@receiver(post_save, sender=User)
def on_role_change(sender, instance, created, **kwargs) -> None:
    old = instance.__dict__.pop("_audit_old_role", None)
    new = {
        "role": instance.role,
        "org_unit_id": instance.org_unit_id,
        "is_superuser": instance.is_superuser,
    }
    if old is not None and old != new:
        # The request that made the change, if any (django-simple-history keeps it per thread).
        request = getattr(HistoricalRecords.context, "request", None)
        reason = f"{_role_text(old)} → {_role_text(new)}"
        audit_record(action=Action.ROLE_CHANGED, request=request, subject=instance, reason=reason)


def _role_text(values: dict) -> str:
    """A role as people read it — "县委组织部 · 甲县" — not its codes and unit id."""
    from accounts.models import OrgUnit, Role

    parts = [str(Role(values["role"]).label) if values["role"] else "—"]
    if values["org_unit_id"]:
        parts.append(
            OrgUnit.objects.filter(pk=values["org_unit_id"]).values_list("name", flat=True).first()
            or "—"
        )
    if values["is_superuser"]:
        parts.append(str(_("Administrator")))
    return " · ".join(parts)
