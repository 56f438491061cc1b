"""Test data factories (factory_boy) for the core records: a bureau with its justice bureau, a user of any
role, a party, an inspection, a finding and a case.

Each test builds what it needs instead of leaning on the session-wide demo set; values are valid for the
models' validators (统一社会信用代码 with its check digit, org codes). Records are created directly, in the
state the services leave them in (like tests/cases/conftest.py), so that a test of a service or a page
starts from a known row set.

    org = OrgFactory()                      # an enforcement bureau with its own 司法局
    officer = UserFactory(org=org, role=Role.OFFICER)
    case = CaseFactory(org=org, status="approved")
"""

from __future__ import annotations

import datetime as dt

import factory
from factory.django import DjangoModelFactory
from stdnum.cn import uscc

PASSWORD = "Factory-Pass-2025"


def _uscc(n: int) -> str:
    base = f"91350400{n:09d}"[:17]
    return base + uscc.calc_check_digit(base)


class JusticeBureauFactory(DjangoModelFactory):
    """A 司法局 (justice bureau) that supervises enforcement bureaus."""

    class Meta:
        model = "orgs.Org"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"F{n:03d}-SFJ")
    name = factory.Sequence(lambda n: f"测试{n:03d}市司法局")
    short_name = factory.Sequence(lambda n: f"测{n:03d}司")
    level = "city"
    kind = "justice"
    region = "350400"


class OrgFactory(DjangoModelFactory):
    """An enforcement bureau (应急管理局) with its own justice bureau."""

    class Meta:
        model = "orgs.Org"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"F{n:03d}-YJJ")
    name = factory.Sequence(lambda n: f"测试{n:03d}市应急管理局")
    short_name = factory.Sequence(lambda n: f"测{n:03d}应急")
    level = "city"
    kind = "enforcement"
    region = "350400"
    contact_person = "测试联系人"
    contact_phone = "0598-8000000"
    justice_bureau = factory.SubFactory(JusticeBureauFactory)


class UserFactory(DjangoModelFactory):
    """An account of one role in one bureau (a 司法局监督员 belongs to the justice bureau: pass `org`)."""

    class Meta:
        model = "orgs.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"factory_user{n}")
    org = factory.SubFactory(OrgFactory)
    role = "officer"
    full_name = factory.Sequence(lambda n: f"测试人员{n}")
    badge_no = factory.Sequence(lambda n: f"3504009{n:04d}")
    is_active = True

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class PartyFactory(DjangoModelFactory):
    """An enterprise (生产经营单位) of a bureau, general industry."""

    class Meta:
        model = "parties.Party"

    org = factory.SubFactory(OrgFactory)
    kind = "enterprise"
    name = factory.Sequence(lambda n: f"测试{n:04d}机械制造有限公司")
    uscc = factory.Sequence(_uscc)
    legal_rep = "张测试"
    address = "福建省三明市测试路1号"
    phone = "0598-8111111"
    industry = "general"
    grade = "B"


class ViolationFactory(DjangoModelFactory):
    """A catalogue violation (违法行为) under 《安全生产法》第九十七条 with a 0–50,000 元 range."""

    class Meta:
        model = "lists.Violation"
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TEST-F-097-{n:03d}")
    name = factory.Sequence(lambda n: f"未如实记录安全生产教育和培训情况的（测试{n}）")
    fine_min = 0
    fine_max = 50000
    hearing_threshold = 30000
    penalty = factory.LazyFunction(lambda: [{"law": "中华人民共和国安全生产法", "article": 97, "paragraph": 1,
                                             "item": 4}])


class InspectionFactory(DjangoModelFactory):
    """An inspection (执法检查) of a party of the bureau, by an officer of the bureau."""

    class Meta:
        model = "cases.Inspection"
        skip_postgeneration_save = True

    org = factory.SubFactory(OrgFactory)
    party = factory.SubFactory(PartyFactory, org=factory.SelfAttribute("..org"))
    inspected_on = dt.date(2024, 9, 27)
    place = "企业生产车间"
    created_by = factory.SubFactory(UserFactory, org=factory.SelfAttribute("..org"), role="officer")

    @factory.post_generation
    def officers(self, create, extracted, **kwargs):
        if create:
            self.officers.set(extracted or [self.created_by])


STORED_DECISION = {
    "outcome": "standard", "outcome_label": "一般行政处罚", "mandatory": False, "list_item": None,
    "legal_basis": [], "measures": [], "exclusions": ["not_corrected"], "discretionary_options": [],
    "unmet_conditions": [], "refer_to_police": False, "coercion": None,
    "fine": {"statutory_min": 0, "statutory_max": 50000, "band_min": 15000, "band_max": 35000},
    "explanation": "逾期未改正，依法给予一般行政处罚。", "trace": [], "engine_version": "factory",
    "list_version": "factory",
}


class FindingFactory(DjangoModelFactory):
    """A problem found (检查发现问题) as `finding_record` stores it, the engine decision given."""

    class Meta:
        model = "cases.Finding"

    org = factory.SubFactory(OrgFactory)
    inspection = factory.SubFactory(InspectionFactory, org=factory.SelfAttribute("..org"))
    party = factory.SelfAttribute("inspection.party")
    violation = factory.SubFactory(ViolationFactory)
    found_on = factory.SelfAttribute("inspection.inspected_on")
    description = "培训档案缺少2024年三季度记录"
    basis = "《安全生产法》第二十八条第四款"
    cause = "安全管理人员疏于管理"
    suggested_fix = "补建培训档案，如实记录培训情况"
    decision = factory.LazyFunction(lambda: dict(STORED_DECISION))
    recommended_outcome = "standard"
    chosen_outcome = "standard"
    engine_version = "factory"
    list_version = "factory"
    recorded_by = factory.SelfAttribute("inspection.created_by")
    facts = factory.LazyAttribute(lambda o: {"org": o.org.code, "item_code": o.violation.code,
                                             "corrected": "not_yet", "harm": "none"})


class CaseFactory(DjangoModelFactory):
    """An open case (立案) with one escalated finding and the engine band 15,000–35,000 元."""

    class Meta:
        model = "cases.Case"
        skip_postgeneration_save = True

    org = factory.SubFactory(OrgFactory)
    party = factory.SubFactory(PartyFactory, org=factory.SelfAttribute("..org"))
    number = factory.Sequence(lambda n: f"测应急立〔2024〕F{n}号")
    title = "未如实记录安全生产教育和培训情况"
    registered_on = dt.date(2024, 10, 20)
    registered_by = factory.SubFactory(UserFactory, org=factory.SelfAttribute("..org"), role="officer")
    status = "investigating"
    engine_decision = factory.LazyFunction(lambda: dict(STORED_DECISION))
    proposed_outcome = "standard"
    proposed_fine = 20000
    hearing_threshold = 30000
    notified_on = dt.date(2024, 10, 21)

    @factory.post_generation
    def finding(self, create, extracted, **kwargs):
        """The finding the case was registered for (escalated into it)."""
        if not create:
            return
        self.officers.set([self.registered_by])
        finding = extracted or FindingFactory(org=self.org, inspection__party=self.party,
                                              inspection__created_by=self.registered_by, **kwargs)
        type(finding).objects.filter(pk=finding.pk).update(case=self, status="escalated")


def bureau_staff(org=None, *, prefix: str = "") -> dict[str, object]:
    """One user of every role for `org` (the 司法局监督员 in its justice bureau), keyed by role value."""
    from rouxing.orgs.models import Role

    org = org or OrgFactory()
    prefix = prefix or org.code.lower().replace("-", "_")
    staff = {}
    for role in Role.values:
        home = org.justice_bureau if role == Role.SUPERVISOR and org.justice_bureau_id else org
        staff[role] = UserFactory(username=f"{prefix}_{role}", org=home, role=role)
    return staff
