"""The catalog filter form (GET). Invalid values are reported and ignored, never a 500."""

from __future__ import annotations

from django import forms

from gongkai.catalog.models import Item
from gongkai.portal import queries

INDENT = "\u3000"  # a full-width space per tree level in the option labels


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return INDENT * obj.depth + obj.name


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return (INDENT + obj.name) if obj.parent_id else obj.name


class CatalogFilterForm(forms.Form):
    org = UnitChoiceField(label="发布机构", queryset=None, required=False, empty_label="全部")
    category = forms.ModelChoiceField(
        label="信息类别", queryset=None, required=False, empty_label="全部"
    )
    topic = TopicChoiceField(label="主题分类", queryset=None, required=False, empty_label="全部")
    area = forms.ModelChoiceField(
        label="重点领域", queryset=None, required=False, empty_label="全部"
    )
    year = forms.TypedChoiceField(label="发布年份", required=False, coerce=int, empty_value=None)
    validity = forms.ChoiceField(
        label="有效性", required=False, choices=[("", "全部"), *Item.Validity.choices]
    )

    def __init__(self, data=None, *, unit=None):
        super().__init__(data)
        self.fields["category"].queryset = queries.categories()
        self.fields["topic"].queryset = queries.topics_in_tree_order()
        self.fields["area"].queryset = queries.key_areas()
        self.fields["year"].choices = [("", "全部")] + [
            (y, f"{y}年") for y in queries.published_years()
        ]
        if unit is None:
            self.fields["org"].queryset = queries.active_units()
        else:  # a unit's own catalog: the unit is fixed by the URL
            del self.fields["org"]

    def filters(self) -> dict:
        """The valid, non-empty filter values."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: value for name, value in cleaned.items() if value not in (None, "")}

    def active(self) -> list[tuple[str, str, str]]:
        """(parameter, label, value shown) of each filter in use, for the 已选条件 line."""
        shown = []
        for name, value in self.filters().items():
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField):
                text = value.name
            else:
                text = dict(field.choices).get(value, str(value))
            shown.append((name, str(field.label), str(text)))
        return shown


class SearchForm(forms.Form):
    """The search page's box, filters, sort and page (GET). A bad value is reported on its
    field and ignored; the search still runs with the rest."""

    q = forms.CharField(label="检索词", required=False, max_length=100)
    org = UnitChoiceField(
        label="发布机构（含下属单位）", queryset=None, required=False, empty_label="全部"
    )
    category = forms.ModelChoiceField(
        label="信息类别", queryset=None, required=False, empty_label="全部"
    )
    area = forms.ModelChoiceField(
        label="重点领域", queryset=None, required=False, empty_label="全部"
    )
    year_from = forms.IntegerField(label="起始年份", required=False, min_value=1949, max_value=2100)
    year_to = forms.IntegerField(label="截止年份", required=False, min_value=1949, max_value=2100)
    validity = forms.ChoiceField(
        label="有效性", required=False, choices=[("", "全部"), *Item.Validity.choices]
    )
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[("relevance", "相关度"), ("date", "发布日期")],
    )
    page = forms.IntegerField(label="页码", required=False, min_value=1, max_value=10_000)

    FILTER_FIELDS = ("org", "category", "area", "year_from", "year_to", "validity")

    def __init__(self, data=None):
        super().__init__(data)
        self.fields["org"].queryset = queries.active_units()
        self.fields["category"].queryset = queries.categories()
        self.fields["area"].queryset = queries.key_areas()
        for name in ("year_from", "year_to"):
            self.fields[name].widget.attrs.update(placeholder="如 2016", inputmode="numeric")
        self.fields["q"].widget.attrs.update(type="search")

    def values(self) -> dict:
        """Every field's valid value (None or "" when missing or invalid)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        values = {name: cleaned.get(name) for name in self.fields}
        if values["year_from"] and values["year_to"] and values["year_from"] > values["year_to"]:
            self.add_error("year_to", "截止年份不能早于起始年份")
            values["year_to"] = None
        return values

    def visible_errors(self):
        """(label, message) of every invalid field, for the line above the results."""
        return [
            (str(self.fields[name].label), message)
            for name, messages in self.errors.items()
            if name in self.fields
            for message in messages
        ]
