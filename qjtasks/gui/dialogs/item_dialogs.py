"""Dialogs that create and shape items: new, edit, split, assign lead and co-units."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QSpinBox

from qjtasks.core.errors import QjtasksError, ValidationError
from qjtasks.core.models import WEEKDAY_NAMES, CycleKind, FeedbackCycle, ItemDraft, ItemEdit, Role
from qjtasks.gui.dialogs.base import FormDialog, check_list, combo, date_edit, text_edit

CYCLES = [(k.value, k.value) for k in CycleKind]


def unit_choices(session, none_label: str | None = None) -> list[tuple[str, object]]:
    units = [(u.short_name, u.id) for u in session.store.units(active_only=True)]
    return ([(none_label, None)] if none_label else []) + units


CO_TEXT_HINT = "也可直接输入单位名称，用、，, 或空格分开（如 区科技局、区交通局），离开此栏即勾选"


class CoUnitsMixin:
    """配合单位 as a check list plus a line where several names can be typed at once."""

    def add_co_units(self, checked=()) -> None:
        self.add("co_units", "配合单位", check_list(unit_choices(self.session), checked))
        entry = self.add("co_text", "输入配合单位", QLineEdit(), CO_TEXT_HINT)
        entry.editingFinished.connect(self._apply_co_text_quietly)

    def _apply_co_text_quietly(self) -> None:
        try:
            self.apply_co_text()
        except ValidationError as err:
            self.show_error(err)

    def apply_co_text(self) -> None:
        """Tick the units named in the entry (and empty it); an unknown name is refused."""
        text = self.value("co_text")
        if not text:
            return
        try:
            ids = self.session.services.units.resolve_all(text)
        except QjtasksError as err:
            raise ValidationError(str(err), field="co_text") from None
        box = self.fields["co_units"]
        for n in range(box.count()):
            entry = box.item(n)
            if entry.data(Qt.ItemDataRole.UserRole) in ids:
                entry.setCheckState(Qt.CheckState.Checked)
        self.fields["co_text"].clear()
        self.errors["co_text"].hide()

    def co_unit_ids(self, lead) -> list[int]:
        self.apply_co_text()
        return [u for u in self.value("co_units") if u != lead]


class CycleDayBox(QSpinBox):
    """反馈日: 1–31 or 月末 for monthly cycles; 周一…周日 (1–7) for 每周."""

    def __init__(self, value: int, parent=None):
        super().__init__(parent)
        self.weekly = False
        self.setRange(-1, 31)
        self.setSpecialValueText("月末")
        self.setValue(value)

    def set_kind(self, kind: str) -> None:
        weekly = kind == CycleKind.WEEKLY.value
        if weekly == self.weekly:
            return
        self.weekly = weekly
        if weekly:
            old = self.value()
            self.setSpecialValueText("")
            self.setRange(1, 7)
            self.setValue(old if 1 <= old <= 7 else 5)     # a weekday kept, else Friday
        else:
            self.setRange(-1, 31)
            self.setSpecialValueText("月末")
            self.setValue(25)

    def textFromValue(self, value: int) -> str:
        if self.weekly and 1 <= value <= 7:
            return WEEKDAY_NAMES[value - 1]
        return super().textFromValue(value)

    def valueFromText(self, text: str) -> int:
        if self.weekly and text.strip() in WEEKDAY_NAMES:
            return WEEKDAY_NAMES.index(text.strip()) + 1
        return super().valueFromText(text)

    def validate(self, text: str, pos: int):
        if self.weekly:
            from PySide6.QtGui import QValidator
            state = (QValidator.State.Acceptable if text.strip() in WEEKDAY_NAMES
                     else QValidator.State.Intermediate)
            return state, text, pos
        return super().validate(text, pos)


def cycle_day_box(value: int, kind: str | None = None) -> CycleDayBox:
    box = CycleDayBox(value)
    if kind is not None:
        box.set_kind(kind)    # keeps a weekday 1–7, else Friday
    return box


def link_cycle(dialog, kind_field: str = "cycle_kind", day_field: str = "cycle_day") -> None:
    """The 反馈日 box follows the 反馈周期 chosen (weekdays for 每周)."""
    kind, day = dialog.fields[kind_field], dialog.fields[day_field]
    kind.currentIndexChanged.connect(lambda _i: day.set_kind(kind.currentData()))
    day.set_kind(kind.currentData())


CYCLE_HINT = "每月（季、半年）的第几日前反馈，选“月末”则为当月最后一天；每周则选周几"


class NewItemDialog(CoUnitsMixin, FormDialog):
    title = "新建督办事项"
    ok_text = "保存"

    def build(self) -> None:
        s = self.session.store
        self.add("title", "事项名称", QLineEdit())
        self.add("requirements", "督办要求", text_edit(3))
        self.add("category", "类别", combo([(c, c) for c in [""] + s.lists.categories()]))
        self.fields["category"].setEditable(True)
        self.add("lead", "牵头单位", combo(unit_choices(self.session, "（暂不指定）")))
        self.add_co_units()
        self.add("assigned_on", "交办日期", date_edit(self.session.today))
        self.add("deadline", "办结时限", date_edit(deadline=True))
        kind = s.setting("default_cycle_kind")
        self.add("cycle_kind", "反馈周期", combo(CYCLES, kind))
        self.add("cycle_day", "反馈日", cycle_day_box(int(s.setting("default_cycle_day")), kind),
                 CYCLE_HINT)
        link_cycle(self)

    def draft(self) -> ItemDraft:
        lead = self.value("lead")
        cycle = FeedbackCycle(CycleKind(self.value("cycle_kind")), self.value("cycle_day"))
        return ItemDraft(
            title=self.value("title"), requirements=self.value("requirements"),
            category=str(self.value("category") or ""), lead_unit_id=lead,
            co_unit_ids=self.co_unit_ids(lead),
            assigned_on=self.date("assigned_on", "交办日期"),
            deadline=self.date("deadline", "办结时限"), cycle=cycle,
            reply_id=self.context.get("reply_id"))

    def confirm(self) -> bool:
        """The same title with the same lead unit again: most often typed twice, so ask."""
        title, lead = self.value("title"), self.value("lead")
        same = self.session.store.same_title_items(title, lead) if title else []
        if not same:
            return True
        who = (f"牵头单位为{self.session.store.unit(lead).short_name}" if lead is not None
               else "也未指定牵头单位")
        answer = QMessageBox.question(
            self, "可能重复录入",
            f"已有同名事项（编号 {'、'.join(map(str, same))}），{who}。\n\n仍要新建吗？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def submit(self):
        return self.session.services.items.add(self.draft())


class EditItemDialog(FormDialog):
    title = "修改督办事项"
    ok_text = "保存"

    def build(self) -> None:
        item = self.session.store.item(self.context["item_id"])
        self.seen_version = item.version  # a change saved elsewhere meanwhile refuses this one
        self.add("title", "事项名称", QLineEdit(item.title))
        self.add("requirements", "督办要求", text_edit(3)).setPlainText(item.requirements)
        self.add("category", "类别", QLineEdit(item.category))
        self.add("assigned_on", "交办日期", date_edit(item.assigned_on))
        self.add("deadline", "办结时限", date_edit(item.current_deadline, deadline=True),
                 "已批准延期的事项，原办结时限保留不变" if item.extended else "")
        self.add("cycle_kind", "反馈周期", combo(CYCLES, item.cycle.kind.value))
        self.add("cycle_day", "反馈日", cycle_day_box(item.cycle.day, item.cycle.kind.value),
                 CYCLE_HINT)
        link_cycle(self)
        self.add("percent", "完成进度（%）", QLineEdit(str(item.percent or 0)))

    def submit(self):
        edit = ItemEdit(
            title=self.value("title"), requirements=self.value("requirements"),
            category=self.value("category"), assigned_on=self.date("assigned_on", "交办日期"),
            deadline=self.date("deadline", "办结时限"), cycle_kind=self.value("cycle_kind"),
            cycle_day=self.value("cycle_day"), percent=self.value("percent"))
        return self.session.services.items.edit(self.context["item_id"], edit,
                                                expected_version=self.seen_version)


class SplitItemDialog(FormDialog):
    title = "拆分子事项"
    ok_text = "拆分"

    def build(self) -> None:
        item = self.session.store.item(self.context["item_id"])
        self.add("titles", "子事项名称", text_edit(6),
                 f"每行一个子事项；子事项继承“{item.title[:20]}”的承办单位、时限和反馈周期")

    def submit(self):
        lines = [line.strip() for line in self.value("titles").splitlines()]
        try:
            return self.session.services.items.split(self.context["item_id"], lines)
        except ValidationError as err:
            raise ValidationError(err.message, field="titles") from None


class AssignDialog(CoUnitsMixin, FormDialog):
    title = "分配承办单位"

    def build(self) -> None:
        owners = self.session.store.assignments(self.context["item_id"])
        lead = next((a.unit_id for a in owners if a.role == Role.LEAD), None)
        cos = [a.unit_id for a in owners if a.role == Role.CO]
        self.add("lead", "牵头单位", combo(unit_choices(self.session, "（请选择）"), lead))
        self.add_co_units(cos)

    def submit(self):
        lead = self.value("lead")
        if lead is None:
            raise ValidationError("请选择牵头单位", field="lead")
        return self.session.services.items.assign(self.context["item_id"], lead,
                                                  self.co_unit_ids(lead))
