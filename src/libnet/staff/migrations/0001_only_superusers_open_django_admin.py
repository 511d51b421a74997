"""Accounts made before: every libnet account had is_staff and could open /admin/.

Django admin is not scoped to a library, so only superusers (the administrators of the whole
installation) keep it; the others keep their libnet roles and lose nothing else.
"""

from django.conf import settings
from django.db import migrations


def only_superusers_are_staff(apps, schema_editor):
    app_label, model_name = settings.AUTH_USER_MODEL.split(".")
    user_model = apps.get_model(app_label, model_name)
    user_model.objects.filter(is_staff=True, is_superuser=False).update(is_staff=False)


class Migration(migrations.Migration):
    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [migrations.RunPython(only_superusers_are_staff, migrations.RunPython.noop)]
