"""Settings: office name, serial-number prefix, supervisor contact and phone, the 催办 抄送 line,
yellow threshold, extra holidays and workdays, default feedback cycle. All keys are saved in one transaction, or none."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QSpinBox

from qjtasks.core.errors import QjtasksError
from qjtasks.core.models import Changes
from qjtasks.gui.dialogs.base import FormDialog, combo, text_edit
from qjtasks.gui.dialogs.item_dialogs import CYCLES, cycle_day_box

TEXT_KEYS = (("office_name", "督办单位名称", "印在通知单的落款处"),
             ("serial_prefix", "督办编号前缀", "如“綦发改督”，编号为 綦发改督〔2026〕7号"),
             ("supervisor_contact", "督办联系人", "印在督办通知单上"),
             ("supervisor_phone", "督办联系电话", "印在督办通知单上"),
             ("leader_copy", "催办抄送", "催办通知单的抄送对象，如“王副主任”；不填则不印抄送行"))


class SettingsDialog(FormDialog):
    title = "设置"
    ok_text = "保存"

    def build(self) -> None:
        s = self.session.store
        for key, label, hint in TEXT_KEYS:
            self.add(key, label, QLineEdit(str(s.setting(key))), hint)
        threshold = QSpinBox()
        threshold.setRange(-1000, 1000)  # out-of-range values are refused by the core
        threshold.setValue(int(s.setting("yellow_threshold")))
        self.add("yellow_threshold", "黄灯提前（工作日）", threshold, "离办结时限还有几个工作日时亮黄灯")
        for key, label in (("extra_holidays", "补充节假日"), ("extra_workdays", "补充调休工作日")):
            edit = text_edit(2)
            edit.setPlainText("，".join(s.setting(key) or []))
            self.add(key, label, edit, "日期以逗号分隔，如 2027-01-01，2027-02-11")
        self.add("default_cycle_kind", "默认反馈周期", combo(CYCLES, s.setting("default_cycle_kind")))
        self.add("default_cycle_day", "默认反馈日", cycle_day_box(int(s.setting("default_cycle_day"))))

    def submit(self):
        services = self.session.services
        keys = [k for k, _l, _h in TEXT_KEYS] + ["yellow_threshold", "extra_holidays",
                                                 "extra_workdays", "default_cycle_kind",
                                                 "default_cycle_day"]
        try:
            with services.tx():
                for key in keys:
                    self._current = key
                    if self.value(key) != self.session.store.setting(key):
                        services.set_setting(key, self._setting_value(key))
        except QjtasksError as err:
            self.session.store.invalidate()
            if not err.field:
                err.field = self._current
            raise
        return Changes("settings.set", settings=True)

    def _setting_value(self, key: str):
        value = self.value(key)
        if key in ("extra_holidays", "extra_workdays"):
            return value.replace("\n", ",").replace("、", ",")
        return value
