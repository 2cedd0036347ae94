"""`{% sensitive trainee "id_number" %}`: a sensitive value, masked unless the viewer may reveal."""

from django import template

from cadets.idnumber import mask_id_number, mask_phone

register = template.Library()

MASKS = {"id_number": mask_id_number, "phone": mask_phone}


@register.simple_tag(takes_context=True)
def sensitive(context, obj, field: str) -> str:
    value = getattr(obj, field) or ""
    user = context["request"].user
    if user.has_perm("cadets.reveal_sensitive"):
        return value
    return MASKS[field](value)
