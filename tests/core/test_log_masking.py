"""Personal numbers masked in every log handler (core.masking.MaskingFilter, configured in settings.LOGGING)."""

from __future__ import annotations

import io
import logging

import pytest
from django.test import Client

from rouxing.core.masking import MaskingFilter, mask_log_text

ID = "350402199001011234"
MOBILE = "13912345678"
USCC = "91350400MA2Y8XKL3R"


def _configured_handlers():
    handlers = set()
    for name in ("", "django", "django.request", "django.server", "axes", "rouxing"):
        logger = logging.getLogger(name)
        while logger is not None:
            handlers.update(logger.handlers)
            logger = logger.parent if logger.propagate else None
    return [h for h in handlers if type(h).__module__.startswith("logging")]  # not pytest's capture handlers


@pytest.fixture
def console():
    """The real console handler of settings.LOGGING, writing into a buffer for the test."""
    [handler] = [h for h in _configured_handlers() if isinstance(h, logging.StreamHandler)]
    buffer = io.StringIO()
    old = handler.setStream(buffer)
    yield buffer
    handler.setStream(old)


def test_every_configured_handler_has_the_masking_filter():
    handlers = _configured_handlers()
    assert handlers
    for handler in handlers:
        assert any(isinstance(f, MaskingFilter) for f in handler.filters), handler


def test_mask_log_text_masks_the_three_kinds():
    text = mask_log_text(f"id={ID} tel={MOBILE} uscc={USCC} order=20261204")
    assert ID not in text and MOBILE not in text and USCC not in text
    assert "350402********1234" in text and "139****5678" in text and "913504********KL3R" in text
    assert "order=20261204" in text


def test_a_message_with_arguments_is_masked_in_the_output(console):
    logging.getLogger("rouxing.test").warning("lookup of %s by phone %s for %s", ID, MOBILE, USCC)
    output = console.getvalue()
    assert "lookup of 350402********1234 by phone 139****5678 for 913504********KL3R" in output
    assert ID not in output and MOBILE not in output and USCC not in output


def test_an_exception_text_is_masked(console):
    try:
        raise ValueError(f"身份证号码 {ID} 无效")
    except ValueError:
        logging.getLogger("rouxing.test").exception("import failed")
    output = console.getvalue()
    assert "ValueError: 身份证号码 350402********1234 无效" in output and ID not in output


@pytest.mark.django_db
def test_a_request_log_line_with_numbers_in_the_url_is_masked(demo, console):
    # django.request logs a 404 with the path: the path holds an ID number
    response = demo.client("sm_officer1").get(f"/parties/{ID}/nothing-here/")
    assert response.status_code == 404
    output = console.getvalue()
    assert "350402********1234" in output and ID not in output


@pytest.mark.django_db
def test_a_failed_login_with_an_id_number_as_username_is_masked_in_the_log(demo, console, settings):
    logging.getLogger("axes").setLevel(logging.INFO)
    try:
        Client().post("/accounts/login/", {"username": ID, "password": "wrong-password"})
    finally:
        logging.getLogger("axes").setLevel(logging.WARNING)
    output = console.getvalue()
    # (axes itself prints the username as asterisks; the filter is the second line of defence)
    assert "AXES: New login failure" in output and ID not in output
