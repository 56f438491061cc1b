"""Fixtures of the documents tests: field values per type as an officer completes them from a case."""

from __future__ import annotations

import pytest

# What each type's case supplies beyond what the source object already holds (talk time and place,
# the suggestion wording…). Values are distinctive so the tests can find them in the output.
CASE_VALUES = {
    "suggestion": {"facts": "未将事故隐患排查治理情况向从业人员通报",
                   "suggestion": "每月在信息公示栏公布隐患排查治理情况"},
    "warning": {"facts": "未如实记录安全生产教育和培训情况",
                "legal_basis": "《中华人民共和国安全生产法》第二十八条第四款", "deadline": "2024-06-20"},
    "interview": {"facts": "连续两次检查未组织应急预案演练", "talk_time": "2024-06-12T09:30",
                  "talk_place": "三明市应急管理局三楼会议室", "contact_before": "2024-06-11T17:00",
                  "contact_person": "陈立", "contact_phone": "0598-8230110"},
    "guidance": {"guidance": "建立隐患排查治理台账并每月向从业人员通报",
                 "contact_person": "郑晓燕", "contact_phone": "0598-8230111"},
    "reminder": {"behaviour": "动火作业未安排专门人员进行现场安全管理",
                 "legal_basis": "《中华人民共和国安全生产法》第四十三条",
                 "legal_provision": "生产经营单位进行爆破、吊装、动火作业应当安排专门人员进行现场安全管理"},
    "return_visit": {"party_leader": "王大山", "case_number": "明应急案〔2024〕7号", "handling_unit": "执法支队",
                     "handler": "林建平", "visitor": "郑晓燕", "visit_content": "已按期完成整改，隐患已消除",
                     "measures": "继续保持", "conduct_opinion": "执法规范", "party_suggestions": "多开展培训",
                     "party_contact_phone": "13905981234"},
    "commitment": {"inspection_date": "2024-05-08", "facts": "未如实记录安全生产教育和培训情况",
                   "legal_basis": "《中华人民共和国安全生产法》第二十八条第四款",
                   "corrective_actions": "补建培训档案并如实记录培训时间和内容", "deadline": "2024-05-31",
                   "observation_end": "2024-11-30"},
    "rectification": {"problems": "一号车间安全出口被货物堵塞", "legal_basis": "《中华人民共和国安全生产法》第四十二条第二款",
                      "deadline": "2024-05-15", "review_authority": "三明市人民政府",
                      "court": "三明市梅列区人民法院", "officers": "林建平（35040021001）、郑晓燕（35040021002）"},
    "list_publication": {"contact_person": "许文静", "contact_phone": "0598-8230112"},
}
CHINESE_DATES = {"2024-06-20": "2024年6月20日", "2024-05-31": "2024年5月31日", "2024-05-15": "2024年5月15日",
                 "2024-06-12T09:30": "2024年6月12日9时30分", "2024-06-11T17:00": "2024年6月11日17时",
                 "2024-05-08": "2024年5月8日", "2024-11-30": "2024年11月30日"}


@pytest.fixture
def case_values():
    return CASE_VALUES


def expected_texts(doc_type: str, fields: dict[str, str]) -> list[str]:
    """The strings the filled document must contain: every field, dates in Chinese form."""
    out = []
    for value in fields.values():
        if not value:
            continue
        out.append(CHINESE_DATES.get(value, value))
    return out
