"""Demo data for `rouxing init`: bureaus, justice bureaus, users of every role, ~50 enterprises,
the catalogue, the ten methods and the demo list versions of 三明, 明溪 and 昌吉.

Passwords are random per installation (or ROUXING_DEMO_PASSWORD) and written to
var/demo-credentials.txt; nothing here is a production account. Loading is idempotent.
"""

from __future__ import annotations

import json
import os
import random
import secrets
import string
from pathlib import Path

from django.conf import settings
from django.db import transaction
from stdnum.cn import ric, uscc

from rouxing.lists import services as list_services
from rouxing.lists.models import ListVersion
from rouxing.orgs.models import Department, Org, Role, User
from rouxing.parties.models import Industry, Party

DEMO_DIR = Path(__file__).resolve().parents[1] / "lists" / "demo"

ORGS = [
    # code, name, short, level, kind, parent, justice, region, contact, phone
    ("FJ-YJT", "福建省应急管理厅", "闽应急", "province", "enforcement", None, None, "350000", "", ""),
    ("SM-SFJ", "三明市司法局", "明司", "city", "justice", None, None, "350400", "李明", "0598-8224001"),
    ("SM-YJJ", "三明市应急管理局", "明应急", "city", "enforcement", "FJ-YJT", "SM-SFJ", "350400", "陈立", "0598-8230110"),
    ("MX-SFJ", "明溪县司法局", "明溪司", "county", "justice", None, None, "350421", "黄华", "0598-2812001"),
    ("MX-YJJ", "明溪县应急管理局", "明溪应急", "county", "enforcement", "SM-YJJ", "MX-SFJ", "350421", "张涛",
     "0598-2818110"),
    ("JL-YJJ", "将乐县应急管理局", "将应急", "county", "enforcement", "SM-YJJ", "SM-SFJ", "350428", "吴敏",
     "0598-2322110"),
    ("XJ-YJT", "新疆维吾尔自治区应急管理厅", "新应急", "province", "enforcement", None, None, "650000", "", ""),
    ("CJ-SFJ", "昌吉回族自治州司法局", "昌州司", "city", "justice", None, None, "652300", "马强", "0994-2345001"),
    ("CJ-YJJ", "昌吉州应急管理局", "昌州应急", "city", "enforcement", "XJ-YJT", "CJ-SFJ", "652300", "王军",
     "0994-2341110"),
]

USERS = [
    # username, org code, role, full name, badge
    ("sm_officer1", "SM-YJJ", Role.OFFICER, "林建平", "35040021001"),
    ("sm_officer2", "SM-YJJ", Role.OFFICER, "郑晓燕", "35040021002"),
    ("sm_reviewer", "SM-YJJ", Role.REVIEWER, "罗志远", "35040021003"),
    ("sm_approver", "SM-YJJ", Role.APPROVER, "邓国华", "35040021004"),
    ("sm_listadmin", "SM-YJJ", Role.LIST_ADMIN, "许文静", ""),
    ("mx_officer1", "MX-YJJ", Role.OFFICER, "廖永强", "35042121001"),
    ("mx_officer2", "MX-YJJ", Role.OFFICER, "肖丽萍", "35042121002"),
    ("mx_reviewer", "MX-YJJ", Role.REVIEWER, "邱海滨", "35042121003"),
    ("mx_approver", "MX-YJJ", Role.APPROVER, "曾庆福", "35042121004"),
    ("mx_listadmin", "MX-YJJ", Role.LIST_ADMIN, "江雪梅", ""),
    ("jl_officer1", "JL-YJJ", Role.OFFICER, "谢春生", "35042821001"),
    ("jl_officer2", "JL-YJJ", Role.OFFICER, "傅美玲", "35042821002"),
    ("cj_officer1", "CJ-YJJ", Role.OFFICER, "马学军", "65230021001"),
    ("cj_officer2", "CJ-YJJ", Role.OFFICER, "古丽娜", "65230021002"),
    ("cj_reviewer", "CJ-YJJ", Role.REVIEWER, "杨建新", "65230021003"),
    ("cj_approver", "CJ-YJJ", Role.APPROVER, "李振东", "65230021004"),
    ("cj_listadmin", "CJ-YJJ", Role.LIST_ADMIN, "赵海燕", ""),
    ("sm_supervisor", "SM-SFJ", Role.SUPERVISOR, "刘正清", ""),
    ("mx_supervisor", "MX-SFJ", Role.SUPERVISOR, "陈公正", ""),
    ("cj_supervisor", "CJ-SFJ", Role.SUPERVISOR, "艾力", ""),
    ("sysadmin", "SM-YJJ", Role.SYSADMIN, "系统管理员", ""),
    ("secadmin", "SM-YJJ", Role.SECADMIN, "安全管理员", ""),
    ("auditadmin", "SM-YJJ", Role.AUDITADMIN, "审计管理员", ""),
]

ENTERPRISE_NAMES = {
    Industry.GENERAL: ["纺织", "食品", "家具", "印刷", "机械制造", "竹木制品", "仓储物流", "塑料制品", "电子科技",
                       "茶业", "陶瓷", "造纸", "汽车维修", "服装", "建材销售", "饲料", "酒店管理", "商贸"],
    Industry.MINING: ["石灰石矿", "萤石矿", "砂石开采", "铅锌矿"],
    Industry.HAZARDOUS_CHEMICALS: ["化工", "氟化工", "加油站", "气体", "涂料"],
    Industry.METAL_SMELTING: ["钢铁", "铸造", "铝业"],
    Industry.CONSTRUCTION: ["建筑工程", "路桥建设", "市政工程"],
    Industry.ROAD_TRANSPORT: ["危险货物运输", "客运", "物流运输"],
    Industry.FIREWORKS: ["烟花爆竹批发"],
}
PLACES = {"SM-YJJ": ("三明", "350400", "三明市三元区"), "MX-YJJ": ("明溪", "350421", "明溪县雪峰镇"),
          "JL-YJJ": ("将乐", "350428", "将乐县古镛镇"), "CJ-YJJ": ("昌吉", "652300", "昌吉市")}
SURNAMES = "陈林黄张李王吴刘蔡杨郑谢许罗邓曾廖"


def make_uscc(rng: random.Random, region: str) -> str:
    """A syntactically valid 统一社会信用代码 (GB 32100) for demo enterprises."""
    org_code = "".join(rng.choice(string.digits + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(9))
    base = "91" + region + org_code
    return base + uscc.calc_check_digit(base)


def make_id_number(rng: random.Random, region: str, year: int) -> str:
    base = f"{region}{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    return base + ric.calc_check_digit(base)


def _demo_password() -> str:
    fixed = os.environ.get("ROUXING_DEMO_PASSWORD")
    if fixed:
        return fixed
    alphabet = string.ascii_letters + string.digits
    return "Rx-" + "".join(secrets.choice(alphabet) for _ in range(10)) + "9a"


def load_orgs() -> dict[str, Org]:
    orgs: dict[str, Org] = {}
    for code, name, short, level, kind, parent, justice, region, contact, phone in ORGS:
        org, _ = Org.objects.update_or_create(code=code, defaults={
            "name": name, "short_name": short, "level": level, "kind": kind,
            "parent": orgs.get(parent) if parent else None, "justice_bureau": orgs.get(justice) if justice else None,
            "region": region, "contact_person": contact, "contact_phone": phone,
        })
        orgs[code] = org
        if kind == "enforcement" and level in ("city", "county"):
            for dept in ("政策法规科", "安全生产执法大队"):
                Department.objects.get_or_create(org=org, name=dept)
    return orgs


def load_users(orgs: dict[str, Org]) -> list[tuple[str, str, str]]:
    """Create missing demo users; returns (username, role label, password) for new ones."""
    created = []
    for username, org_code, role, full_name, badge in USERS:
        if User.objects.filter(username=username).exists():
            continue
        password = _demo_password()
        user = User(username=username, org=orgs[org_code], role=role, full_name=full_name, badge_no=badge,
                    phone="", is_staff=role in (Role.SYSADMIN, Role.SECADMIN, Role.AUDITADMIN),
                    is_superuser=False)
        user.set_password(password)
        user.save()
        created.append((username, f"{orgs[org_code].name} {Role(role).label}", password))
    return created


def load_parties(orgs: dict[str, Org], rng: random.Random) -> int:
    count = 0
    for org_code, (place, region, address) in PLACES.items():
        org = orgs[org_code]
        if Party.objects.filter(org=org).exists():
            continue
        n = 0
        for industry, trades in ENTERPRISE_NAMES.items():
            for trade in trades:
                if org_code != "SM-YJJ" and rng.random() < 0.55:
                    continue
                name = f"{place}{rng.choice(['宏达', '鑫源', '恒丰', '金山', '华盛', '永安', '瑞丰', '兴业', '天成'])}{trade}有限公司"
                if Party.objects.filter(org=org, name=name).exists():
                    continue
                Party.objects.create(
                    org=org, kind=Party.Kind.ENTERPRISE, name=name, uscc=make_uscc(rng, region),
                    legal_rep=rng.choice(SURNAMES) + rng.choice(["建国", "志强", "丽华", "海峰", "秀英", "文斌"]),
                    address=f"{address}{rng.randint(1, 300)}号", phone=f"0598-{rng.randint(2000000, 8999999)}",
                    industry=industry, grade=rng.choice("ABCD"), standardized=rng.random() < 0.4,
                    trustworthy=rng.random() < 0.3,
                )
                n += 1
        for _ in range(2):
            Party.objects.create(
                org=org, kind=Party.Kind.PERSON, name=rng.choice(SURNAMES) + rng.choice(["明", "华", "强", "芳"]),
                id_number=make_id_number(rng, region, rng.randint(1965, 1995)), address=address,
                phone=f"13{rng.randint(100000000, 999999999)}", industry=Industry.GENERAL,
            )
            n += 2
        count += n
    return count


def _read(name: str):
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def _org_for(data: dict, orgs: dict[str, Org]) -> Org:
    name = data["org"]["name"]
    for org in orgs.values():
        if org.name == name:
            return org
    raise LookupError(f"demo list names unknown bureau {name}")


def load_lists(orgs: dict[str, Org]) -> int:
    list_services.methods_sync()
    if (DEMO_DIR / "catalogue.json").exists():
        list_services.catalogue_load(data=_read("catalogue.json"))
    bench = DEMO_DIR / "benchmark.json"
    if bench.exists():
        list_services.benchmark_set(org=None, data=_read("benchmark.json"), legal_reference="演示用裁量基准（可配置）")
    loaded = 0
    by_key: dict[tuple[str, str], ListVersion] = {}
    for filename in ("sanming.json", "changji.json", "mingxi.json"):
        path = DEMO_DIR / filename
        if not path.exists():
            continue
        data = _read(filename)
        org = _org_for(data, orgs)
        existing = ListVersion.objects.filter(org=org, label=data["version"]).first()
        if existing:
            by_key[(org.code, existing.label)] = existing
            by_key[(org.name, existing.label)] = existing
            continue
        claimed = None
        if data.get("claimed_from"):
            src = data["claimed_from"]
            claimed = by_key.get((src.get("org"), src.get("version"))) or ListVersion.objects.filter(
                org__in=[o for o in orgs.values() if src.get("org") in (o.code, o.name)], label=src.get("version")
            ).first()
        version = list_services.version_import_dict(org=org, data=data, claimed_from=claimed)
        by_key[(org.code, version.label)] = version
        by_key[(org.name, version.label)] = version
        loaded += 1
    return loaded


def load_demo(seed: int = 20221) -> dict:
    """Load (or complete) the demo data set; returns what was created."""
    rng = random.Random(seed)
    with transaction.atomic():
        orgs = load_orgs()
        users = load_users(orgs)
        parties = load_parties(orgs, rng)
        versions = load_lists(orgs)
    if users:
        creds = Path(settings.VAR_DIR) / "demo-credentials.txt"
        creds.parent.mkdir(parents=True, exist_ok=True)
        with open(creds, "a", encoding="utf-8") as fh:
            os.chmod(creds, 0o600)
            for username, label, password in users:
                fh.write(f"{username}\t{password}\t{label}\n")
    return {"users": users, "parties": parties, "versions": versions}
