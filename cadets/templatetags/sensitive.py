"""`{% sensitive trainee "id_number" %}`: a sensitive value, always masked on pages. A viewer who
holds the reveal permission gets a link to the audited reveal (cadets/reveal.py) beside it."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cadets.idnumber import mask_id_number, mask_phone

register = template.Library()

MASKS = {"id_number": mask_id_number, "phone": mask_phone}


@register.simple_tag(takes_context=True)
def sensitive(context, obj, field: str, link: bool = False) -> str:
    masked = MASKS[field](getattr(obj, field) or "")
    user = context["request"].user
    if link and masked and user.has_perm("cadets.reveal_sensitive"):
        url = reverse("cadets:trainee_reveal", kwargs={"pk": obj.pk, "field": field})
        return format_html(
            '{} <a class="small ms-1" href="{}"><i class="bi bi-eye"></i> {}</a>',
            masked,
            url,
            _("Reveal"),
        )
    return masked
