"""Business numbers: unique and required, once every row has one (0004 filled them)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_number_add"),
    ]

    operations = [
        migrations.AlterField(
            model_name="onlineapplication",
            name="number",
            field=models.CharField(max_length=32, unique=True, verbose_name="网上申请编号"),
        ),
        migrations.AlterField(
            model_name="onlineapplication",
            name="reference",
            field=models.CharField(max_length=20, unique=True, verbose_name="查询码"),
        ),
    ]
