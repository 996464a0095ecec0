"""Business numbers: unique and required, once every row has one (0004 filled them)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assistance", "0004_number_add"),
    ]

    operations = [
        migrations.AlterField(
            model_name="application",
            name="number",
            field=models.CharField(max_length=32, unique=True, verbose_name="受理编号"),
        ),
        migrations.AlterField(
            model_name="case",
            name="number",
            field=models.CharField(max_length=32, unique=True, verbose_name="保障编号"),
        ),
        migrations.AlterField(
            model_name="standardchangerun",
            name="number",
            field=models.CharField(max_length=32, unique=True, verbose_name="调标编号"),
        ),
    ]
