"""The unit register (承办单位): add, rename, deactivate, delete, and names to ids."""
from __future__ import annotations

from .. import validate
from ..errors import ValidationError
from ..models import Changes
from ..unitlist import split_units
from .part import Part


class Units(Part):

    def add(self, name: str, short_name: str = "", contact: str = "", phone: str = "",
            *, is_office: bool = False) -> Changes:
        self.svc.office_only("登记单位")
        name = validate.text(name, "单位全称", required=True, limit=100, field="name")
        short = validate.text(short_name, "单位简称", limit=50, field="short_name") or name
        fields = {"name": name, "short_name": short,
                  "contact": validate.text(contact, "联系人", limit=50, field="contact"),
                  "phone": validate.text(phone, "联系电话", limit=50, field="phone"),
                  "is_office": int(is_office)}
        with self.svc.tx():
            self._unique(name, short)
            unit_id = self.store.unit_rows.add(fields)
            self.svc.log("unit.add", "unit", unit_id, after=fields)
        return Changes("unit.add", units=True, unit_id=unit_id)

    def _unique(self, name: str, short: str, exclude: int | None = None) -> None:
        other = self.store.unit_rows.clash(name, short, exclude)
        if other is not None:
            raise ValidationError(f"单位“{name}”或简称“{short}”与已有单位“{other}”重名",
                                  field="name")

    def update(self, unit_id: int, *, name: str | None = None,
               short_name: str | None = None, contact: str | None = None,
               phone: str | None = None) -> Changes:
        unit = self.store.unit(unit_id)
        if self.svc.own_unit_id() is not None and (unit_id != self.svc.own_unit_id() or (
                name not in (None, unit.name) or short_name not in (None, unit.short_name))):
            self.svc.office_only("修改单位名称或其他单位的信息（本单位只能改联系人和电话）")
        new = {"name": validate.text(name, "单位全称", required=True, limit=100)
               if name is not None else unit.name,
               "short_name": validate.text(short_name, "单位简称", required=True, limit=50)
               if short_name is not None else unit.short_name,
               "contact": validate.text(contact, "联系人", limit=50, field="contact")
               if contact is not None else unit.contact,
               "phone": validate.text(phone, "联系电话", limit=50, field="phone")
               if phone is not None else unit.phone}
        old = {"name": unit.name, "short_name": unit.short_name, "contact": unit.contact,
               "phone": unit.phone}
        with self.svc.tx():
            self._unique(new["name"], new["short_name"], exclude=unit_id)
            self.store.unit_rows.update(unit_id, new)
            self.svc.log("unit.rename", "unit", unit_id, before=old, after=new)
        return Changes("unit.rename", units=True)

    def set_active(self, unit_id: int, active: bool) -> Changes:
        self.svc.office_only("停用或启用单位")
        unit = self.store.unit(unit_id)
        if unit.is_office and not active:
            raise ValidationError("督办单位本身不能停用")
        action = "unit.activate" if active else "unit.deactivate"
        with self.svc.tx():
            self.store.unit_rows.set_active(unit_id, active)
            self.svc.log(action, "unit", unit_id, before={"active": unit.active},
                     after={"active": active})
        return Changes(action, units=True)

    def deactivate(self, unit_id: int) -> Changes:
        return self.set_active(unit_id, False)

    def delete(self, unit_id: int) -> Changes:
        """Only a unit nothing refers to can be deleted; otherwise deactivate it."""
        self.svc.office_only("删除单位")
        unit = self.store.unit(unit_id)
        used = self.store.unit_rows.uses(unit_id)
        if used or unit.is_office:
            raise ValidationError(f"单位“{unit.short_name}”已有督办记录，不能删除，只能停用")
        with self.svc.tx():
            self.store.unit_rows.delete(unit_id)
            self.svc.log("unit.delete", "unit", unit_id, before={"name": unit.name})
        return Changes("unit.delete", units=True)

    def resolve(self, name_or_id) -> int:
        if isinstance(name_or_id, int):
            return self.store.unit(name_or_id).id
        return self.store.unit_by_name(str(name_or_id)).id

    def resolve_all(self, text) -> list[int]:
        """`区科技局、区交通局` (or a list of such strings) → unit ids, in order, each once."""
        return list(dict.fromkeys(self.resolve(n) for n in split_units(text)))
