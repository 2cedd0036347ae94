"""The trainee list's rows (cadets/trainee_list.html, 25 a page). Two things a row shows cost
more than the rest of the row together: the link (Django's URL resolver, once a row) and
`get_status_display` (which rebuilds the field's choices on every call). Here the link is
reversed once a page and the status label is looked up."""

from django import template

from accounts.reversing import url_for_pk
from cadets.models import Trainee

register = template.Library()

STATUS_LABELS = dict(Trainee.Status.choices)
_URL_PARTS = "cadets.trainee_url"


@register.simple_tag(takes_context=True)
def trainee_url(context, trainee: Trainee) -> str:
    """`{% url 'cadets:trainee_detail' trainee.pk %}`, with the URL reversed once a page."""
    link = context.render_context.get(_URL_PARTS)
    if link is None:
        link = context.render_context[_URL_PARTS] = url_for_pk("cadets:trainee_detail")
    return link(trainee.pk)


@register.filter
def status_label(trainee: Trainee) -> str:
    """`trainee.get_status_display`: the label of the status, or the status itself."""
    return STATUS_LABELS.get(trainee.status, trainee.status)
