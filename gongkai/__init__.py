"""Gongkai (政务公开平台): government information disclosure, end to end."""

__version__ = "0.1.0"
