from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_outbound_message"),
    ]

    operations = [
        migrations.CreateModel(
            name="NumberSequence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind_code", models.CharField(max_length=4, verbose_name="编号类别")),
                ("county_code", models.CharField(max_length=6, verbose_name="县（区）代码")),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                ("last_serial", models.PositiveIntegerField(default=0, verbose_name="已用流水号")),
            ],
            options={"verbose_name": "编号序列", "verbose_name_plural": "编号序列"},
        ),
        migrations.AddConstraint(
            model_name="numbersequence",
            constraint=models.UniqueConstraint(
                fields=("kind_code", "county_code", "year"), name="one_number_sequence"
            ),
        ),
    ]
