"""The base of every list filter in the product: Bootstrap widgets and a "全部" empty choice
(FILTERS_EMPTY_CHOICE_LABEL), so each app's FilterSet declares only its fields."""

import django_filters
from django import forms


class _StyledForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if is_select else "form-control form-control-sm"
            )


class StyledFilterSet(django_filters.FilterSet):
    # Styling happens in the form class, not in FilterSet.__init__: touching `self.form` there
    # would build the form before a subclass narrows its choices to the user's scope.
    def get_form_class(self):
        return type("StyledFilterForm", (_StyledForm, super().get_form_class()), {})
