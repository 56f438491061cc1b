"""`{% load documents %}{% document_panel finding %}`: a case page's documents and the links to make one.

Case pages (finding, rectification order, commitment, measure, return visit, case) include this
panel; it lists the documents made from that object and offers the document types that belong to it.
"""

from __future__ import annotations

from django import template

from rouxing.orgs.access import can_write_org

from .. import selectors
from ..doctypes import DOC_TYPES
from ..services import issuer_roles
from ..views import source_link

register = template.Library()

SOURCE_DOC_TYPES = {
    "cases.Finding": ("warning", "interview", "reminder", "suggestion", "rectification"),
    "cases.RectificationOrder": ("rectification", "warning"),
    "cases.Commitment": ("commitment",),
    "cases.FlexibleMeasure": ("suggestion", "guidance", "interview", "reminder"),
    "cases.ReturnVisit": ("return_visit",),
    "cases.Case": ("interview", "warning", "return_visit"),
    "cases.Inspection": ("rectification", "suggestion"),
    "lists.ListVersion": ("list_publication",),
    "parties.Party": ("guidance", "reminder"),
}


@register.inclusion_tag("documents/_source_panel.html", takes_context=True)
def document_panel(context, source):
    user = context["request"].user
    label = source._meta.label
    org_id = getattr(source, "org_id", None) or getattr(getattr(source, "case", None), "org_id", None)
    may_write = can_write_org(user, org_id)
    links = [
        {"label": DOC_TYPES[code].label, "url": source_link(code, source)}
        for code in SOURCE_DOC_TYPES.get(label, ())
        if may_write and user.role in issuer_roles(code)
    ]
    return {"documents": selectors.documents_for_source(user, source), "links": links}
