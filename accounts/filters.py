"""The base of every list filter in the product: Bootstrap widgets and a "全部" empty choice, so
each app's FilterSet declares only its fields."""

import django_filters
from django import forms


class StyledFilterSet(django_filters.FilterSet):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )
