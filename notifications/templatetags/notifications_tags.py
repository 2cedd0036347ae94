from django import template

from ..selectors import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The bell's count for the signed-in user: one cheap query, only where the bell shows."""
    user = context["request"].user
    return unread_count(user) if user.is_authenticated else 0
