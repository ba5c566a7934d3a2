"""The overview page: start-of-day summary with links, per-unit counts and the leaders' charts.

Counts only, no ranking of people (DOMAIN.md §5). The charts are painted with QPainter (no
QtCharts dependency): one bar per light; per unit a stacked bar 按期 / 逾期 / 已办结 (white,
hatched, grey, each segment with its number; the list scrolls when there are many units); the
12-month trend of 新交办, 办结 and 逾期 (solid, dashed and dotted lines with round, square and
triangular markers, numbers at the points) — all readable in black and white too, like the
same charts on the 周报/月报.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qjtasks.core.circular import monthly_trend
from qjtasks.core.filters import ItemFilter
from qjtasks.core.summary import unit_summary
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


# (label, key, brush style, fill) per segment of a unit's bar
UNIT_SEGMENTS = [("按期", "on_time", Qt.BrushStyle.SolidPattern, "#ffffff"),
                 ("逾期", "overdue", Qt.BrushStyle.BDiagPattern, "#000000"),
                 ("已办结", "closed", Qt.BrushStyle.SolidPattern, "#9e9e9e")]
# (label, key, pen style, marker) per line of the trend
TREND_LINES = [("新交办", "new", Qt.PenStyle.SolidLine, "circle"),
               ("办结", "closed", Qt.PenStyle.DashLine, "square"),
               ("逾期", "overdue", Qt.PenStyle.DotLine, "triangle")]
INK = "#222222"


def _swatch(painter: QPainter, rect: QRectF, style, fill: str) -> None:
    painter.fillRect(rect, QColor("#ffffff"))
    painter.fillRect(rect, QBrush(QColor(fill), style))
    painter.setPen(QPen(QColor(INK), 1))
    painter.drawRect(rect)


def _legend(painter: QPainter, fm, x: float, y: float, entries) -> None:
    """entries: (label, draw(rect)); one row from (x, y)."""
    h = fm.height()
    for label, draw in entries:
        draw(QRectF(x, y + h * 0.2, h * 1.4, h * 0.6))
        x += h * 1.4 + 4
        painter.setPen(QColor(INK))
        painter.drawText(QRectF(x, y, fm.horizontalAdvance(label) + 2, h),
                         Qt.AlignmentFlag.AlignVCenter, label)
        x += fm.horizontalAdvance(label) + 14


class UnitBars(QWidget):
    """Per unit one stacked bar: 按期 (white), 逾期 (hatched), 已办结 (grey), numbers inside."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []
        self.setObjectName("unitBars")

    def row_height(self) -> int:
        return self.fontMetrics().height() + 6

    def set_rows(self, rows: list[dict]) -> None:
        self.rows = [r for r in rows if any(r.get(k) for _, k, _, _ in UNIT_SEGMENTS)]
        fm = self.fontMetrics()
        self.setMinimumHeight(fm.height() * 2 + 8 + self.row_height() * max(len(self.rows), 1))
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        fm = self.fontMetrics()
        painter.fillRect(self.rect(), QColor("#ffffff"))
        _legend(painter, fm, 4, 2, [(label, lambda r, s=style, f=fill: _swatch(painter, r, s, f))
                                    for label, _k, style, fill in UNIT_SEGMENTS])
        if not self.rows:
            painter.setPen(QColor(INK))
            painter.drawText(QRectF(4, fm.height() + 8, self.width(), fm.height()),
                             Qt.AlignmentFlag.AlignVCenter, "暂无事项")
            painter.end()
            return
        label_w = max(fm.horizontalAdvance(r["unit"]) for r in self.rows) + 10
        top = max(sum(r[k] for _, k, _, _ in UNIT_SEGMENTS) for r in self.rows) or 1
        usable = max(self.width() - label_w - 12, 20)
        row_h, y = self.row_height(), fm.height() + 8
        for r in self.rows:
            painter.setPen(QColor(INK))
            painter.drawText(QRectF(4, y, label_w - 8, row_h),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, r["unit"])
            x = float(label_w)
            for _label, key, style, fill in UNIT_SEGMENTS:
                value = r[key]
                if not value:
                    continue
                rect = QRectF(x, y + 2, usable * value / top, row_h - 4)
                _swatch(painter, rect, style, fill)
                text = str(value)
                if fm.horizontalAdvance(text) + 4 <= rect.width():
                    box = QRectF(rect.center().x() - fm.horizontalAdvance(text) / 2 - 2,
                                 rect.top(), fm.horizontalAdvance(text) + 4, rect.height())
                    painter.fillRect(box, QColor("#ffffff"))   # readable over the hatching
                    painter.setPen(QColor(INK))
                    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
                x = rect.right()
            y += row_h
        painter.end()


class TrendChart(QWidget):
    """新交办, 办结 and 逾期 per month: three line styles and markers, numbers at the points."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.months: list[dict] = []
        self.setObjectName("trendChart")
        self.setMinimumHeight(self.fontMetrics().height() * 8)

    def set_months(self, months: list[dict]) -> None:
        self.months = list(months)
        self.update()

    def _marker(self, painter: QPainter, kind: str, p: QPointF) -> None:
        painter.setBrush(QColor(INK))
        painter.setPen(QPen(QColor(INK), 1))
        if kind == "circle":
            painter.drawEllipse(p, 3.5, 3.5)
        elif kind == "square":
            painter.drawRect(QRectF(p.x() - 3.5, p.y() - 3.5, 7, 7))
        else:
            painter.drawPolygon(QPolygonF([QPointF(p.x(), p.y() - 4.5),
                                           QPointF(p.x() - 4.5, p.y() + 3.5),
                                           QPointF(p.x() + 4.5, p.y() + 3.5)]))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        fm = self.fontMetrics()

        def line_swatch(rect, pen_style, marker):
            painter.setPen(QPen(QColor(INK), 1.6, pen_style))
            painter.drawLine(QPointF(rect.left(), rect.center().y()),
                             QPointF(rect.right(), rect.center().y()))
            self._marker(painter, marker, rect.center())
        _legend(painter, fm, 4, 2, [(label, lambda r, s=style, m=marker: line_swatch(r, s, m))
                                    for label, _k, style, marker in TREND_LINES])
        if not self.months:
            painter.end()
            return
        axis_w = fm.horizontalAdvance("0000") + 6
        left, right = axis_w + 4, self.width() - fm.horizontalAdvance("12月") / 2 - 6
        top, bottom = fm.height() * 2 + 12, self.height() - fm.height() - 6
        peak = max(max(m[k] for _, k, _, _ in TREND_LINES) for m in self.months)
        peak = max(peak + 1, 4)
        step = (right - left) / max(len(self.months) - 1, 1)

        def at(k, value):
            return QPointF(left + k * step, bottom - (bottom - top) * value / peak)
        painter.setPen(QPen(QColor("#bbbbbb"), 1))
        for tick in range(0, peak + 1, max(1, -(-peak // 4))):
            y = at(0, tick).y()
            painter.drawLine(QPointF(left, y), QPointF(right, y))
            painter.setPen(QColor(INK))
            painter.drawText(QRectF(0, y - fm.height() / 2, axis_w, fm.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(tick))
            painter.setPen(QPen(QColor("#bbbbbb"), 1))
        painter.setPen(QColor(INK))
        every = max(1, -(-len(self.months) * fm.horizontalAdvance("12月 ") // max(right - left, 1)))
        for k, m in enumerate(self.months):
            if k % every == 0 or k == len(self.months) - 1:
                w = fm.horizontalAdvance(m["label"]) + 4
                painter.drawText(QRectF(at(k, 0).x() - w / 2, bottom + 2, w, fm.height()),
                                 Qt.AlignmentFlag.AlignCenter, m["label"])
        for n, (_label, key, style, marker) in enumerate(TREND_LINES):
            points = [at(k, m[key]) for k, m in enumerate(self.months)]
            painter.setPen(QPen(QColor(INK), 1.6, style))
            painter.drawPolyline(QPolygonF(points))
            for p, m in zip(points, self.months, strict=True):
                self._marker(painter, marker, p)
                if m[key]:
                    painter.setPen(QColor(INK))
                    text = str(m[key])
                    w = fm.horizontalAdvance(text) + 2
                    dy = -fm.height() - 3 if n != 1 else 4       # 办结 below its points
                    painter.drawText(QRectF(p.x() - w / 2, p.y() + dy, w, fm.height()),
                                     Qt.AlignmentFlag.AlignCenter, text)
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
        self.unit_bars = UnitBars()
        self.trend = TrendChart()
        self._layout()

    @staticmethod
    def _titled(title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(title))
        layout.addWidget(widget, 1)
        return box

    def _layout(self) -> None:
        # lights and per-unit bars side by side, the trend across the full width below; the
        # charts scroll as one when the window is short (1024×700) rather than being squeezed
        charts = QWidget()
        charts.setObjectName("overviewCharts")
        grid = QGridLayout(charts)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self._titled("<b>全部事项灯色分布</b>", self.chart), 0, 0)
        grid.addWidget(self._titled("<b>各单位 按期 / 逾期 / 已办结</b>（在办按期、在办逾期、累计办结）",
                                    self.unit_bars), 0, 1)
        grid.addWidget(self._titled("<b>近12个月 新交办 / 办结 / 逾期</b>（逾期为各月末在办逾期数）",
                                    self.trend), 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 2)
        scroll = QScrollArea()
        scroll.setObjectName("chartsScroll")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(charts)
        self.charts_scroll = scroll
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.units)
        split.addWidget(scroll)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("<b>各单位办理情况</b>（只统计数量）"))
        layout.addWidget(split, 1)

    def refresh(self) -> None:
        store, today = self.session.store, self.session.today
        chase = store.lists.count(ItemFilter(view="今日需催办"), today=today)
        late = store.lists.count(ItemFilter(view="反馈超期"), today=today)
        pending = store.lists.count(ItemFilter(view="申请办结待审核"), today=today)
        self.summary.setText(
            f"<p style='font-size:13pt'>{today.year}年{today.month}月{today.day}日："
            f"<a href='今日需催办'>今日需催办 {chase} 项</a>，"
            f"<a href='反馈超期'>{late} 项反馈超期</a>，"
            f"<a href='申请办结待审核'>{pending} 项申请办结待审核</a>。</p>")
        rows = unit_summary(store, today)
        self._fill_units(rows)
        self.chart.set_counts(store.lists.light_counts(today))
        self.unit_bars.set_rows(rows)
        self.trend.set_months(monthly_trend(store, today))

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
