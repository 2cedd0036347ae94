from django import template

from ..list_actions import actions_for

register = template.Library()


@register.inclusion_tag("partials/list_actions.html", takes_context=True)
def list_actions(context, name: str, **params):
    """The buttons other apps add to this page (accounts/list_actions.py); `params` are added
    to the page's own query, e.g. `{% list_actions "assessments" cycle=cycle.pk %}`."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in params.items():
        query[key] = str(value)
    return {"actions": actions_for(request, name, query)}
