"""`{% filter_fields form %}`: a list page's filter fields, each a column with its label, as the
template loop `{% for field in form %}<div class="col-6 col-md-3 col-lg"><label …
for="{{ field.id_for_label }}">{{ field.label }}</label>{{ field }}</div>{% endfor %}` writes
them (the same markup and spacing: tests/accounts/test_filter_form_tag.py compares the two),
written in Python: the loop took as long as the widgets themselves (issue 9)."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def filter_fields(form) -> str:
    return mark_safe(  # noqa: S308 - the id and label are escaped, the widget is Django's HTML
        "".join(
            '\n    <div class="col-6 col-md-3 col-lg">\n      <label class="form-label small mb-0"'
            f' for="{conditional_escape(field.id_for_label)}">{conditional_escape(field.label)}'
            f"</label>\n      {field}\n    </div>\n  "
            for field in form
        )
    )
