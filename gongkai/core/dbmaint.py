"""Database upkeep. SQLite plans queries well only with statistics (ANALYZE): without them a
facet count over 100,000 items took 415 ms instead of 24 ms in our measurements. PostgreSQL's
autovacuum gathers statistics itself; ANALYZE there is harmless."""

from django.db import connection


def analyze() -> str:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")
    return connection.vendor
