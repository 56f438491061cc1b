"""The public site's sub-navigation (公示首页, 四张清单, 行政处罚决定公示, 双随机抽查公示) with the current
section marked, and every public version reachable from its bureau's page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from rouxing.lists.models import ListVersion

pytestmark = pytest.mark.django_db
SECTIONS = ("公示首页", "四张清单", "行政处罚决定公示", "双随机抽查公示")


def _nav(html: str) -> str:
    return re.search(r'<nav class="portal-nav[^"]*" id="portal-nav".*?</nav>', html, re.S).group(0)


def _current(nav: str) -> list[str]:
    return re.findall(r'aria-current="page">([^<]+)</a>', nav)


@pytest.mark.parametrize("url,section", [
    (reverse("portal:index"), "公示首页"), (reverse("portal:decisions"), "行政处罚决定公示"),
    (reverse("portal:draws"), "双随机抽查公示"), (reverse("portal:bureau", args=["SM-YJJ"]), "四张清单")])
def test_each_portal_page_has_the_sub_navigation_with_its_section_marked(demo, url, section):
    # when a visitor opens a public page
    html = Client().get(url).content.decode()
    nav = _nav(html)
    # then all four sections are offered and only its own is marked current
    for label in SECTIONS:
        assert f">{label}</a>" in nav
    assert _current(nav) == [section]


def test_home_has_no_bare_links_above_the_heading(demo):
    html = Client().get(reverse("portal:index")).content.decode()
    assert '<p class="actions" id="portal-nav">' not in html
    assert html.count('id="portal-nav"') == 1


def test_bureau_page_links_every_public_version(demo):
    # given every bureau with published or superseded versions
    public = ListVersion.objects.filter(status__in=["published", "superseded"]).select_related("org")
    codes = sorted({v.org.code for v in public})
    assert codes
    for code in codes:
        # when its page is opened
        html = Client().get(reverse("portal:bureau", args=[code])).content.decode()
        # then each of its public versions has a link to the version page
        for version in public.filter(org__code=code):
            assert f'href="{reverse("portal:version", args=[version.pk])}"' in html, (code, version.label)
