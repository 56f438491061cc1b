"""Server-side session ending: logout everywhere, account disabling and administrator action (security.md)."""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone


def sessions_of(user_ids: set[int]) -> list[Session]:
    """Live database sessions belonging to any of `user_ids`."""
    wanted = {str(pk) for pk in user_ids}
    found = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) in wanted:
            found.append(session)
    return found


def end_sessions(user_ids: set[int]) -> int:
    """Delete every live session of the given users; returns how many were ended."""
    sessions = sessions_of(user_ids)
    Session.objects.filter(pk__in=[s.pk for s in sessions]).delete()
    return len(sessions)
