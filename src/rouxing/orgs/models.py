"""Bureaus (机关) in a hierarchy, their departments (股室/执法大队) and users with roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from rouxing.core.models import TimeStampedModel
from rouxing.core.validators import validate_org_code


class Org(TimeStampedModel):
    """机关: an enforcement bureau or a justice bureau (司法局), province → city → county → township."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "县级"
        TOWNSHIP = "township", "乡镇"

    class Kind(models.TextChoices):
        ENFORCEMENT = "enforcement", "执法机关"
        JUSTICE = "justice", "司法行政机关"

    code = models.CharField("机关代码", max_length=32, unique=True, validators=[validate_org_code],
                            help_text="字母、数字、连字符或下划线，如 SM-YJJ")
    name = models.CharField("机关名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=20, blank=True, help_text="用于文书编号，如“明应急”")
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    kind = models.CharField("类别", max_length=16, choices=Kind.choices, default=Kind.ENFORCEMENT)
    parent = models.ForeignKey(
        "self", verbose_name="上级机关", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    justice_bureau = models.ForeignKey(
        "self", verbose_name="监督司法局", null=True, blank=True, on_delete=models.PROTECT,
        related_name="supervised_orgs", limit_choices_to={"kind": "justice"},
    )
    region = models.CharField("行政区划", max_length=50, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    contact_person = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    first_violation_lookback_days = models.PositiveIntegerField("首违认定回溯天数", default=730)

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Org]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def descendant_ids(self) -> set[int]:
        ids, frontier = set(), [self.pk]
        while frontier:
            children = list(Org.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            frontier = [c for c in children if c not in ids]
            ids.update(frontier)
        return ids


class Department(TimeStampedModel):
    """股室 / 执法大队 inside a bureau."""

    org = models.ForeignKey(Org, verbose_name="机关", on_delete=models.PROTECT, related_name="departments")
    name = models.CharField("名称", max_length=100)

    class Meta:
        verbose_name = "内设机构"
        verbose_name_plural = "内设机构"
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="department_unique_per_org")]

    def __str__(self) -> str:
        return f"{self.org.name}{self.name}"


class Role(models.TextChoices):
    OFFICER = "officer", "执法人员"
    REVIEWER = "reviewer", "法制审核员"
    APPROVER = "approver", "负责人"
    LIST_ADMIN = "list_admin", "清单管理员"
    SUPERVISOR = "supervisor", "司法局监督员"
    SYSADMIN = "sysadmin", "系统管理员"
    SECADMIN = "secadmin", "安全管理员"
    AUDITADMIN = "auditadmin", "审计管理员"


class User(AbstractUser):
    """System account. Exactly one bureau and one role (separation of duties, 三员分立)."""

    org = models.ForeignKey(Org, verbose_name="所属机关", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="users")
    department = models.ForeignKey(Department, verbose_name="内设机构", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="users")
    role = models.CharField("角色", max_length=16, choices=Role.choices, default=Role.OFFICER)
    full_name = models.CharField("姓名", max_length=50, blank=True)
    badge_no = models.CharField("执法证号", max_length=32, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField(
        "下次登录须修改密码", default=False, help_text="安全管理员重置密码后置位，本人修改密码后清除")

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def has_role(self, *roles: str) -> bool:
        return self.is_authenticated and self.role in roles


class AccountSecurity(User):
    """账号安全: the security administrator's view of accounts (lockouts, sessions, disabling)."""

    class Meta:
        proxy = True
        verbose_name = "账号安全"
        verbose_name_plural = "账号安全"
