"""Original cataloguing: templates, label sheets, a library's choices, and the one
local-studies marker, filled for older records by the heading rule they were read by until
now (a subject heading naming the province or a configured place)."""

import re

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q

from libnet.core import clock

_UNIT_WORDS = ("Tỉnh ", "Thành phố ")


def mark_local_studies(apps, schema_editor):
    BibRecord = apps.get_model("catalog", "BibRecord")
    AdminUnit = apps.get_model("network", "AdminUnit")
    places = [
        str(p)
        for p in getattr(settings, "LIBNET_LOCAL_STUDIES_PLACES", None) or []
        if str(p).strip()
    ]
    if not places:
        today = clock.today()
        for name in (
            AdminUnit.objects.filter(level="province", valid_from__lte=today)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .values_list("name", flat=True)
        ):
            for word in _UNIT_WORDS:
                name = name.removeprefix(word)
            if name.strip() and name.strip() not in places:
                places.append(name.strip())
    if places:
        BibRecord.objects.filter(
            subjects__regex="|".join(re.escape(place) for place in places)
        ).update(is_local_studies=True)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0009_record_lists"),
        ("network", "0003_seed_reporting_rules_and_levels"),
    ]

    operations = [
        migrations.CreateModel(
            name="CataloguingTemplate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "record_type",
                    models.CharField(
                        default="a",
                        help_text="e.g. a, e, g, i",
                        max_length=1,
                        verbose_name="type of record (leader/06)",
                    ),
                ),
                (
                    "bibliographic_level",
                    models.CharField(
                        default="m",
                        help_text="m or s",
                        max_length=1,
                        verbose_name="bibliographic level (leader/07)",
                    ),
                ),
                (
                    "fields",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="names of the form's fields",
                        verbose_name="fields of the form",
                    ),
                ),
                (
                    "defaults",
                    models.JSONField(blank=True, default=dict, verbose_name="default values"),
                ),
                (
                    "marc_fields",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text='e.g. [{"tag": "336", "subfields": [["a", "văn bản"], ["2", "rdacontent"]]}]',
                        verbose_name="MARC fields added",
                    ),
                ),
                (
                    "item_type",
                    models.CharField(
                        choices=[
                            ("book", "Book"),
                            ("textbook", "Textbook"),
                            ("reference", "Reference book"),
                            ("periodical", "Periodical"),
                            ("map", "Map"),
                            ("audiovisual", "Audio-visual"),
                            ("other", "Other"),
                        ],
                        default="book",
                        max_length=12,
                        verbose_name="copy type",
                    ),
                ),
                (
                    "by_quantity",
                    models.BooleanField(
                        default=False, verbose_name="copies registered by quantity"
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="in use")),
                (
                    "position",
                    models.PositiveSmallIntegerField(default=100, verbose_name="position"),
                ),
            ],
            options={
                "verbose_name": "cataloguing template",
                "verbose_name_plural": "cataloguing templates",
                "ordering": ["position", "code"],
            },
        ),
        migrations.AddField(
            model_name="bibrecord",
            name="is_local_studies",
            field=models.BooleanField(
                db_index=True, default=False, verbose_name="local-studies material"
            ),
        ),
        migrations.CreateModel(
            name="CataloguingSettings",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "class_scheme",
                    models.CharField(
                        default="ddc", max_length=20, verbose_name="classification scheme"
                    ),
                ),
                (
                    "author_mark_rule",
                    models.CharField(
                        choices=[
                            ("given_name", "Given name of a Vietnamese author (Nguyễn Du → DU)"),
                            ("first_word", "First word of the main heading (Nguyễn Du → NGU)"),
                            (
                                "initials",
                                "Initial of the heading and of the title (Nguyễn Du, Truyện Kiều → NT)",
                            ),
                        ],
                        default="given_name",
                        max_length=12,
                        verbose_name="author mark",
                    ),
                ),
                (
                    "label_sheet",
                    models.CharField(default="a4-3x8", max_length=40, verbose_name="label sheet"),
                ),
                (
                    "label_content",
                    models.CharField(
                        choices=[
                            ("both", "Spine and barcode"),
                            ("spine", "Spine only"),
                            ("barcode", "Barcode only"),
                        ],
                        default="both",
                        max_length=8,
                        verbose_name="label content",
                    ),
                ),
                (
                    "library",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="cataloguing_settings",
                        to="network.library",
                    ),
                ),
            ],
            options={
                "verbose_name": "cataloguing settings",
                "verbose_name_plural": "cataloguing settings",
            },
        ),
        migrations.CreateModel(
            name="LabelSheet",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "page_width",
                    models.DecimalField(
                        decimal_places=1, default=210, max_digits=5, verbose_name="page width"
                    ),
                ),
                (
                    "page_height",
                    models.DecimalField(
                        decimal_places=1, default=297, max_digits=5, verbose_name="page height"
                    ),
                ),
                (
                    "columns",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(10),
                        ],
                        verbose_name="columns",
                    ),
                ),
                (
                    "rows",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(30),
                        ],
                        verbose_name="rows",
                    ),
                ),
                (
                    "margin_top",
                    models.DecimalField(
                        decimal_places=1, default=0, max_digits=5, verbose_name="top margin"
                    ),
                ),
                (
                    "margin_left",
                    models.DecimalField(
                        decimal_places=1, default=0, max_digits=5, verbose_name="left margin"
                    ),
                ),
                (
                    "pitch_x",
                    models.DecimalField(
                        decimal_places=1,
                        help_text="left edge to left edge",
                        max_digits=5,
                        verbose_name="horizontal pitch",
                    ),
                ),
                (
                    "pitch_y",
                    models.DecimalField(
                        decimal_places=1,
                        help_text="top edge to top edge",
                        max_digits=5,
                        verbose_name="vertical pitch",
                    ),
                ),
                (
                    "label_width",
                    models.DecimalField(decimal_places=1, max_digits=5, verbose_name="label width"),
                ),
                (
                    "label_height",
                    models.DecimalField(
                        decimal_places=1, max_digits=5, verbose_name="label height"
                    ),
                ),
                (
                    "library",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="network.library",
                    ),
                ),
            ],
            options={
                "verbose_name": "label sheet",
                "verbose_name_plural": "label sheets",
                "ordering": ["code"],
            },
        ),
        migrations.RunPython(mark_local_studies, migrations.RunPython.noop),
    ]
