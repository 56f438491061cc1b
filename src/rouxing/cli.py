"""The `rouxing` command: every Django management command, with dashes allowed in names.

    rouxing init              migrate, load the demo data (SQLite default), print demo logins
    rouxing serve             serve the web UI on http://127.0.0.1:8000 (development server)
    rouxing serve --production [ADDR:PORT]   the same on gunicorn (settings: rouxing.config.settings.prod)
    rouxing worker            the task worker (PDF conversion and other background work)
    rouxing schedule          the daily jobs (定时任务); --once for a systemd timer
    rouxing decide FILE.json  evaluate a decision (`-` reads standard input); exit 2 on bad input
    rouxing lint-lists        check list versions for defects
    rouxing audit-verify      verify the audit hash chain
    rouxing <any manage.py command>
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "serve" and "--production" in argv[2:]:
        rest = [a for a in argv[2:] if a != "--production"]
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rouxing.config.settings.prod")
        argv = [argv[0], "serve_production", *rest]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rouxing.config.settings.dev")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    if len(argv) > 1 and argv[1] == "serve":
        argv = [argv[0], "runserver", "--noreload", *(argv[2:] or ["127.0.0.1:8000"])]
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
