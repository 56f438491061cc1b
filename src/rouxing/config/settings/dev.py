"""Local development: embedded SQLite, demo data, DEBUG off unless asked for."""

from rouxing.config.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DJANGO_DEBUG", False)
