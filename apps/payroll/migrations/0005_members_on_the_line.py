"""The member snapshot moves onto the line (a JSON list), copied over set-based before the old table goes."""

from django.db import migrations, models


def members_copy(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        sql = (
            "UPDATE payroll_payrollline l SET members = m.members FROM (SELECT line_id, "
            "jsonb_agg(jsonb_build_array(person_id, name, id_number) ORDER BY person_id) AS members "
            "FROM payroll_payrollmember GROUP BY line_id) m WHERE m.line_id = l.id"
        )
    else:
        sql = (
            "UPDATE payroll_payrollline SET members = (SELECT json_group_array("
            "json_array(m.person_id, m.name, m.id_number)) FROM payroll_payrollmember m "
            "WHERE m.line_id = payroll_payrollline.id) "
            "WHERE id IN (SELECT line_id FROM payroll_payrollmember)"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("payroll", "0004_line_indexes_dropped"),
    ]

    operations = [
        migrations.AddField(
            model_name="payrollline",
            name="members",
            field=models.JSONField(default=list, verbose_name="保障成员"),
        ),
        migrations.RunPython(members_copy, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="PayrollMember",
        ),
    ]
