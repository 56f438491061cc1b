"""Valid official codes for tests (check characters computed by python-stdnum)."""

from stdnum.cn import ric, uscc


def make_uscc(serial: int, region: str = "350421") -> str:
    body = f"91{region}MA{serial:07d}"
    return body + uscc.calc_check_digit(body)


def bad_check_char(code: str) -> str:
    last = "0" if code[-1] != "0" else "1"
    return code[:-1] + last


def make_id_number(region: str = "350421", birth: str = "19800101", serial: str = "123") -> str:
    body = f"{region}{birth}{serial}"
    return body + ric.calc_check_digit(body)
