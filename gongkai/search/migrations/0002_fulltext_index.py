"""The full-text structures of the database in use: an FTS5 table with triggers on SQLite,
stored tsvector columns with GIN indexes on PostgreSQL (gongkai/search/backends/)."""

from django.db import migrations


def install(apps, schema_editor):
    from gongkai.search.backends import backend_for

    backend_for(schema_editor.connection.vendor).install(schema_editor)


def uninstall(apps, schema_editor):
    from gongkai.search.backends import backend_for

    backend_for(schema_editor.connection.vendor).uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(install, uninstall)]
