"""Production: secrets from the environment (or *_FILE), HTTPS-only cookies, HSTS, PostgreSQL."""

from rouxing.config.env import env_int, env_str

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
# The audit MAC key and the backup key must come from the environment or a secret file (*_FILE).
ROUXING_AUDIT_KEY = env_str("ROUXING_AUDIT_KEY")
ROUXING_BACKUP_KEY = env_str("ROUXING_BACKUP_KEY")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = env_int("ROUXING_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health checks answer plain HTTP on loopback (systemd, the load balancer) without the HTTPS redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
