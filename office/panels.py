"""The documents section of the trainee page: links to the printable growth file and plan.
No query (the rules registry only; the trainee page's query count is pinned): the assessment
registration forms are listed in the growth file itself."""

from django.utils.translation import gettext_lazy as _

from cadets.panels import Panel, register

from .list_actions import can


@register(order=90, section="overview", audience=lambda user: can(user, "office.print_documents"))
def documents_panel(request, trainee) -> Panel | None:
    if not can(request.user, "office.print_documents"):
        return None
    return Panel(title=_("Documents"), template="office/_documents_panel.html")
