from django.db import connection

from gongkai.search.backends.base import SearchBackend


def backend_for(vendor: str | None = None) -> SearchBackend:
    vendor = vendor or connection.vendor
    if vendor == "sqlite":
        from gongkai.search.backends.sqlite import SQLiteBackend

        return SQLiteBackend()
    if vendor == "postgresql":
        from gongkai.search.backends.postgres import PostgresBackend

        return PostgresBackend()
    raise LookupError(f"no search backend for database vendor {vendor!r}")
