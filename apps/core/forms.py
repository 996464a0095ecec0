"""What every app's forms lean on: a fast <select>, and putting a service's reasons next to the fields
they are about."""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from policy.errors import ValidationFailed


class FastSelect(forms.Select):
    """A <select> written out in Python. Django renders each option through a template, about 0.1 ms apiece,
    and the area lists have hundreds: that was most of the household list's time on a county account."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = set(self.format_value(value))
        out = [format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))]

        def option(key: Any, label: Any) -> str:
            key = "" if key is None else str(key)
            selected = " selected" if key in chosen else ""
            return f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>'

        for key, label in self.choices:
            if isinstance(label, list | tuple):
                out.append(f'<optgroup label="{escape(str(key))}">')
                out.extend(option(k, lab) for k, lab in label)
                out.append("</optgroup>")
            else:
                out.append(option(key, label))
        out.append("</select>")
        return mark_safe("".join(out))


def errors_apply(
    exc: ValidationFailed, *forms_: forms.Form, formset: Any = None, index_map: dict[int, int] | None = None
) -> None:
    """Put a service's reasons next to their fields.

    A key goes to the first form that has a field of that name; ``members-<i>-<field>`` goes to row
    ``index_map[i]`` of ``formset`` and ``members`` above the rows; anything else becomes a message at the
    top of the first form.
    """
    for key, reasons in exc.errors.items():
        target, field = forms_[0], None
        if formset is not None and key == "members":
            formset._non_form_errors = formset.error_class(
                [*formset.non_form_errors(), *reasons], error_class="nonform", renderer=formset.renderer
            )
            continue
        if formset is not None and key.startswith("members-"):
            _, index, *rest = key.split("-", 2)
            row = (index_map or {}).get(int(index), int(index)) if index.isdigit() else len(formset.forms)
            if row < len(formset.forms):
                target = formset.forms[row]
                field = rest[0] if rest and rest[0] in target.fields else None
        else:
            owner = next((f for f in forms_ if key in f.fields), None)
            if owner is not None:
                target, field = owner, key
        for reason in reasons:
            target.add_error(field, reason)
