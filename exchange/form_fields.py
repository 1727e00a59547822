"""Form fields shared by the exchange's forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

BIGINT = 2**63


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids no database column can hold before they reach a query.

    Django checks each submitted id with a query; on SQLite an id beyond 64 bits raises
    ``OverflowError`` there (a 500) instead of the field's "not a valid value" error.
    """

    def _check_values(self, value):
        for pk in value or ():
            if _out_of_range(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)  # type: ignore[misc]  # private Django API, not in django-stubs


def _out_of_range(value) -> bool:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return False  # not a number: the field reports it as an invalid choice
    return not -BIGINT <= number < BIGINT


class BoundedModelChoiceField(forms.ModelChoiceField):
    """The single-choice twin of :class:`BoundedModelMultipleChoiceField`."""

    def to_python(self, value):
        if value not in self.empty_values and _out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
