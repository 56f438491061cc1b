"""Local development: embedded SQLite, demo data, DEBUG off unless asked for."""

from rouxing.config.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", False)
# The embedded default runs no worker: PDFs are made inside the request unless asked otherwise.
ROUXING_PDF_ASYNC = env_bool("ROUXING_PDF_ASYNC", False)
