"""The overview page: start-of-day summary with links, per-unit counts and a lights chart.

Counts only, no ranking of people (DOMAIN.md §5). The chart is painted with QPainter (no
QtCharts dependency): one bar per light, each labelled with its word and number so it reads in
black and white too.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qjtasks.core.filters import ItemFilter
from qjtasks.gui.models.task_table import LIGHT_COLOURS

UNIT_COLUMNS = [("单位", "unit"), ("牵头\n事项", "led"), ("配合\n事项", "co"), ("按期", "on_time"),
                ("黄灯", "yellow"), ("红灯", "overdue"), ("未定\n时限", "undated"),
                ("已办结", "closed"), ("逾期办结\n按原时限", "closed_late_original"),
                ("逾期办结\n按批准时限", "closed_late_approved"),
                ("办结率", "closure_rate")]
UNIT_TIPS = {"closed_late_original": "办结晚于最初确定的办结时限（考核口径：批准延期不改变原时限），"
                                     "以审结的办结报告报送日期计",
             "closed_late_approved": "办结晚于批准延期后的办结时限，以审结的办结报告报送日期计",
             "undated": "尚未确定办结时限的在办事项（不计入按期）"}


class LightChart(QWidget):
    """A bar per light (绿 黄 红 完成) with its word and count."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.counts: dict[str, int] = {}
        self.setObjectName("lightChart")
        self.setMinimumHeight(self.fontMetrics().height() * 8)

    def set_counts(self, counts: dict[str, int]) -> None:
        self.counts = dict(counts)
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        label_w = max(fm.horizontalAdvance(f"{light} ") for light in LIGHT_COLOURS) + 8
        number_w = fm.horizontalAdvance("100000") + 8
        row_h = max(fm.height() + 10, self.height() / max(len(LIGHT_COLOURS), 1))
        top = max(self.counts.values(), default=0) or 1
        usable = max(self.width() - label_w - number_w - 16, 10)
        for n, (light, colour) in enumerate(LIGHT_COLOURS.items()):
            y = n * row_h
            count = self.counts.get(light, 0)
            painter.setPen(QColor("#222"))
            painter.drawText(QRectF(4, y, label_w, row_h), Qt.AlignmentFlag.AlignVCenter, light)
            bar = QRectF(label_w, y + row_h * 0.2, usable * count / top, row_h * 0.6)
            painter.fillRect(bar, QColor(colour))
            painter.drawText(QRectF(bar.right() + 6, y, number_w, row_h),
                             Qt.AlignmentFlag.AlignVCenter, str(count))
        painter.end()


class Overview(QWidget):
    view_requested = Signal(str)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("overview")
        self.summary = QLabel()
        self.summary.setObjectName("daySummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.linkActivated.connect(self.view_requested)
        self.units = QTableWidget(0, len(UNIT_COLUMNS))
        self.units.setObjectName("unitSummary")
        self.units.setHorizontalHeaderLabels([c[0] for c in UNIT_COLUMNS])
        for c, (_label, key) in enumerate(UNIT_COLUMNS):
            if key in UNIT_TIPS:
                self.units.horizontalHeaderItem(c).setToolTip(UNIT_TIPS[key])
        self.units.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.units.verticalHeader().setVisible(False)
        header = self.units.horizontalHeader()
        # counts as wide as their (two-line) headers; the unit name takes the rest, wrapping
        # onto a second line in a narrow window rather than cutting a header short
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(36)
        self.units.setWordWrap(True)
        self.units.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.chart = LightChart()
        self._layout()

    def _layout(self) -> None:
        chart_box = QWidget()
        cl = QVBoxLayout(chart_box)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(QLabel("<b>全部事项灯色分布</b>"))
        cl.addWidget(self.chart, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.units)
        split.addWidget(chart_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("<b>各单位办理情况</b>（只统计数量）"))
        layout.addWidget(split, 1)

    def refresh(self) -> None:
        store, today = self.session.store, self.session.today
        chase = store.count_items(ItemFilter(view="今日需催办"), today=today)
        late = store.count_items(ItemFilter(view="反馈超期"), today=today)
        pending = store.count_items(ItemFilter(view="申请办结待审核"), today=today)
        self.summary.setText(
            f"<p style='font-size:13pt'>{today.year}年{today.month}月{today.day}日："
            f"<a href='今日需催办'>今日需催办 {chase} 项</a>，"
            f"<a href='反馈超期'>{late} 项反馈超期</a>，"
            f"<a href='申请办结待审核'>{pending} 项申请办结待审核</a>。</p>")
        self._fill_units(store.unit_summary(today))
        self.chart.set_counts(store.light_counts(today))

    def _fill_units(self, rows: list[dict]) -> None:
        self.units.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, (_label, key) in enumerate(UNIT_COLUMNS):
                value = row[key]
                text = f"{value:.0%}" if key == "closure_rate" else str(value)
                cell = QTableWidgetItem(text)
                if c:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if not c:
                    cell.setToolTip(text)
                self.units.setItem(r, c, cell)
