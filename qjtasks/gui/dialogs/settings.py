"""Settings a supervisor needs, under Chinese labels (never the internal keys), on three pages:
督办单位 (office name, 督办联系人 and 联系电话 printed on notices, the 抄送 line, number prefixes),
期限与催办 (yellow light, stagnation, co-unit input, the chase ladder, backups) and 反馈与节假日
(default feedback cycle, extra holidays and make-up workdays). All keys are saved in one transaction, or none;
a refused value is shown beside its field, on its page.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from qjtasks.core.errors import QjtasksError
from qjtasks.core.models import Changes
from qjtasks.core.settings import LABELS
from qjtasks.gui.dialogs.base import FormDialog, combo, fit_to_screen, text_edit
from qjtasks.gui.dialogs.item_dialogs import CYCLE_HINT, CYCLES, cycle_day_box, link_cycle

# (page, key, hint); the label is settings.LABELS[key] unless given here
OFFICE = [("office_name", "印在通知单的抬头和落款处"),
          ("office_short", "如“区发改委”，用于列表和签收回执"),
          ("supervisor_contact", "印在督办通知单的“督办联系人”栏"),
          ("supervisor_phone", "印在督办通知单的“联系电话”栏"),
          ("leader_copy", "催办通知单的抄送对象，如“王副主任”；不填则不印抄送行"),
          ("serial_prefix", "如“綦发改督”，编号为 綦发改督〔2026〕7号"),
          ("chase_prefix", "如“綦发改催”，书面催办的编号前缀")]
NUMBERS = [("yellow_threshold", "离办结时限还有几个工作日时亮黄灯"),
           ("stagnant_days", "多少个自然日没有反馈即提示停滞"),
           ("co_input_months", "协办单位在交办后几个月内向牵头单位提供意见"),
           ("ladder_phone_before", "办结时限前几个工作日电话提醒"),
           ("ladder_notice1_after", "办结时限后第几个工作日发催办通知1"),
           ("ladder_notice2_after", "催办通知1后几个工作日发催办通知2"),
           ("ladder_circular_after", "催办通知2后几个工作日通报"),
           ("backup_keep", "每日自动备份保留的份数")]
DATES = [("extra_holidays", "国务院尚未公布的节假日；日期以逗号分隔，如 2027-01-01，2027-02-11"),
         ("extra_workdays", "调休上班的周末；日期以逗号分隔")]
LABEL_OVERRIDES = {"supervisor_phone": "联系电话", "leader_copy": "抄送"}
CYCLE_KEYS = ("default_cycle_kind", "default_cycle_day")


def label(key: str) -> str:
    return LABEL_OVERRIDES.get(key, LABELS.get(key, key))


class SettingsDialog(FormDialog):
    title = "设置"
    ok_text = "保存"

    def build(self) -> None:
        s = self.session.store
        self.pages = QTabWidget()
        self.pages.setObjectName("settingsPages")
        self.layout().insertWidget(1, self.pages)
        self._page("督办单位")
        for key, hint in OFFICE:
            self.add(key, label(key), QLineEdit(str(s.setting(key) or "")), hint)
        self._page("期限与催办")
        for key, hint in NUMBERS:
            box = QSpinBox()
            box.setRange(-1000, 1000)    # out-of-range values are refused by the core
            box.setValue(int(s.setting(key)))
            self.add(key, label(key), box, hint)
        self._page("反馈与节假日")
        kind = s.setting("default_cycle_kind")
        self.add("default_cycle_kind", label("default_cycle_kind"), combo(CYCLES, kind),
                 "新建事项时预先选好的反馈周期")
        self.add("default_cycle_day", label("default_cycle_day"),
                 cycle_day_box(int(s.setting("default_cycle_day")), kind), CYCLE_HINT)
        link_cycle(self, "default_cycle_kind", "default_cycle_day")
        for key, hint in DATES:
            edit = text_edit(3)
            edit.setMaximumHeight(edit.minimumHeight())
            edit.setPlainText("，".join(s.setting(key) or []))
            self.add(key, label(key), edit, hint)
        self._fit()

    def _fit(self) -> None:
        """Tall enough for the longest page where the screen allows; it scrolls otherwise."""
        inner = [self.pages.widget(n).widget().sizeHint() for n in range(self.pages.count())]
        chrome = self.buttons.sizeHint().height() + self.pages.tabBar().sizeHint().height() + 48
        fit_to_screen(self, max(max(x.width() for x in inner) + 40, self.minimumWidth()),
                      max(x.height() for x in inner) + chrome)

    def _chain_tabs(self) -> None:
        super()._chain_tabs()       # the fields of the page shown (Qt skips hidden ones) …
        QWidget.setTabOrder(self.pages.tabBar(), next(iter(self.fields.values())))

    def _page(self, title: str) -> None:
        page = QWidget()
        self.form = QFormLayout(page)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        scroll = QScrollArea()      # a page never cuts its last rows off on a small screen
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setWidget(page)
        self.pages.addTab(scroll, title)

    def keys(self) -> list[str]:
        return list(self.fields)

    def submit(self):
        services = self.session.services
        try:
            with services.tx():
                for key in self.keys():
                    self._current = key
                    if self.value(key) != self.session.store.setting(key):
                        services.settings.set(key, self._setting_value(key))
        except QjtasksError as err:
            self.session.store.invalidate()
            if not err.field:
                err.field = self._current
            raise
        return Changes("settings.set", settings=True)

    def show_error(self, err: QjtasksError) -> None:
        widget = self.fields.get(err.field or "")
        if widget is not None:      # the page holding the refused field comes forward first
            for n in range(self.pages.count()):
                if self.pages.widget(n).isAncestorOf(widget):
                    self.pages.setCurrentIndex(n)
        super().show_error(err)

    def _setting_value(self, key: str):
        value = self.value(key)
        if key in ("extra_holidays", "extra_workdays"):
            return value.replace("\n", ",").replace("、", ",")
        return value
