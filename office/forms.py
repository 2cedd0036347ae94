from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .sheets import MAX_UPLOAD_BYTES, MSG_EMPTY_FILE, SheetError, check_upload


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=format_lazy(
            _("An .xlsx or .csv file with the headers of the template, at most {mb} MB."),
            mb=MAX_UPLOAD_BYTES // (1024 * 1024),
        ),
        error_messages={"empty": MSG_EMPTY_FILE},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload.name, upload.size)
        except SheetError as error:
            raise forms.ValidationError(str(error)) from None
        return upload
