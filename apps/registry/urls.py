"""Registry pages: search, households and their members, people, incomes and assets, import and export."""

from django.urls import path

from apps.registry.views import browse, changes, households, imports

app_name = "registry"
urlpatterns = [
    path("search/", browse.search, name="search"),
    path("households/", browse.household_list, name="household_list"),
    path("households/new/", households.household_create_view, name="household_create"),
    path("households/new/member-row/", households.household_member_row, name="household_member_row"),
    path("households/<int:pk>/", browse.household_detail, name="household_detail"),
    path("households/<int:pk>/edit/", households.household_edit, name="household_edit"),
    path("households/<int:pk>/members/add/", households.member_add, name="member_add"),
    path("households/<int:pk>/members/move-in/", households.member_move_in, name="member_move_in"),
    path(
        "households/<int:pk>/members/<int:person_pk>/remove/", households.member_remove, name="member_remove"
    ),
    path("households/<int:pk>/head/", households.head_change, name="head_change"),
    path("households/<int:pk>/split/", households.household_split_view, name="household_split"),
    path("households/<int:pk>/merge/", households.household_merge_view, name="household_merge"),
    path("households/<int:pk>/incomes/add/", changes.income_add_view, name="income_add"),
    path(
        "households/<int:pk>/incomes/<int:income_pk>/delete/",
        changes.income_delete_view,
        name="income_delete",
    ),
    path("households/<int:pk>/assets/add/", changes.asset_add_view, name="asset_add"),
    path("households/<int:pk>/assets/<int:asset_pk>/delete/", changes.asset_delete_view, name="asset_delete"),
    path("persons/<int:pk>/", browse.person_detail, name="person_detail"),
    path("persons/<int:pk>/edit/", changes.person_edit, name="person_edit"),
    path("persons/<int:pk>/reveal/<str:field>/", browse.person_reveal, name="person_reveal"),
    path(
        "persons/<int:pk>/duplicates/<int:flag_pk>/resolve/",
        changes.duplicate_resolve_view,
        name="duplicate_resolve",
    ),
    # 导入 and the household list's XLSX export
    path("import/", imports.import_page, name="import"),
    path("import/template.xlsx", imports.import_template, name="import_template"),
    path("import/report.xlsx", imports.import_report, name="import_report"),
    path("households/export.xlsx", imports.household_export_view, name="household_export"),
]
