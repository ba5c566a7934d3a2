"""The leader's charts in the PDF, drawn with reportlab.graphics: stacked bars per unit, a trend.

Both read in black-and-white print: the bars' segments are white (outlined), grey and black,
the trend's lines solid, dashed and dotted with round, square and triangular markers, and every
segment and point carries its number (zeros left out). The title and the legend are drawn with
the sheet's typesetter, so their Chinese text is in the sheet's faces like every other line.
"""
from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib.colors import Color, black, white
from reportlab.lib.units import mm

from .blocks import Chart
from .layout import Flow, Typesetter

GREY = Color(0.62, 0.62, 0.62)
# (fill, label colour) per series of a bar chart: white, grey, black
BAR_STYLES = [(white, black), (GREY, black), (black, white)]
# (dash, marker) per series of a trend
LINE_STYLES = [(None, "FilledCircle"), ((5, 2), "FilledSquare"), ((1.2, 1.8), "Triangle")]
TITLE_SIZE, LEGEND_SIZE, AXIS_SIZE, LABEL_SIZE = 12.0, 10.5, 9.0, 8.0


def _number(value) -> str:
    return "" if not value else f"{int(value)}"


class ChartFlow(Flow):
    def __init__(self, chart: Chart, ts: Typesetter):
        self.chart, self.ts = chart, ts

    def wrap(self, avail_w, avail_h):
        self.width = avail_w
        self.height = (self.chart.height + self.chart.before + self.chart.after) * mm
        return avail_w, self.height

    def draw(self):
        c, canv, ts = self.chart, self.canv, self.ts
        top = self.height - c.before * mm
        ts.draw(canv, 0, top - ts.top("heading", TITLE_SIZE), c.title, "heading", TITLE_SIZE,
                "center", self.width)
        legend_y = top - TITLE_SIZE * 1.5 - ts.top("body", LEGEND_SIZE)
        self._legend(legend_y)
        note_h = LEGEND_SIZE * 1.6 if c.note else 0
        bottom = c.after * mm + note_h
        area_top = legend_y - LEGEND_SIZE * 0.8
        if c.note:
            ts.draw(canv, 0, c.after * mm + LEGEND_SIZE * 0.4, c.note, "body", LEGEND_SIZE,
                    "left", self.width)
        drawing = Drawing(self.width, area_top - bottom)
        drawing.add(self._bars(area_top - bottom) if c.kind == "bars"
                    else self._trend(area_top - bottom))
        renderPDF.draw(drawing, canv, 0, bottom)

    def _legend(self, y: float) -> None:
        canv, ts, size = self.canv, self.ts, LEGEND_SIZE
        items = [(name, k) for k, (name, _) in enumerate(self.chart.series)]
        widths = [ts.width(n, "body", size) + 34 for n, _ in items]
        x = (self.width - sum(widths)) / 2
        for (name, k), w in zip(items, widths, strict=True):
            canv.saveState()
            canv.setStrokeColor(black)
            canv.setLineWidth(0.6)
            if self.chart.kind == "bars":
                fill, _ = BAR_STYLES[k % len(BAR_STYLES)]
                canv.setFillColor(fill)
                canv.rect(x, y - 1, 16, size * 0.8, stroke=1, fill=1)
            else:
                dash, _marker = LINE_STYLES[k % len(LINE_STYLES)]
                canv.setLineWidth(1.2)
                if dash:
                    canv.setDash(*dash)
                canv.line(x, y + size * 0.35, x + 20, y + size * 0.35)
            canv.restoreState()
            ts.draw(canv, x + 24, y, name, "body", size)
            x += w

    def _axis_font(self) -> str:
        return self.ts.fonts.name("body")

    def _bars(self, height: float) -> HorizontalBarChart:
        c, font = self.chart, self._axis_font()
        label_w = max((self.ts.width(n, "body", AXIS_SIZE) for n in c.categories),
                      default=20) + 8
        bc = HorizontalBarChart()
        bc.x, bc.y = label_w, AXIS_SIZE * 2
        bc.width, bc.height = self.width - label_w - 12, height - AXIS_SIZE * 2 - 2
        # reportlab puts the first category at the bottom: reverse, so the first is on top
        bc.data = [tuple(reversed(values)) or (0,) for _, values in c.series]
        bc.categoryAxis.categoryNames = list(reversed(c.categories)) or [""]
        bc.categoryAxis.style = "stacked"
        bc.categoryAxis.labels.fontName = font
        bc.categoryAxis.labels.fontSize = AXIS_SIZE
        bc.categoryAxis.labels.boxAnchor = "e"
        bc.categoryAxis.labels.dx = -3
        bc.valueAxis.valueMin = 0
        bc.valueAxis.forceZero = 1
        bc.valueAxis.labels.fontName = font
        bc.valueAxis.labels.fontSize = AXIS_SIZE
        bc.valueAxis.labelTextFormat = "%d"
        top = max((sum(v) for v in zip(*(vals for _, vals in c.series), strict=True)),
                  default=0) if c.categories else 0
        bc.valueAxis.valueMax = max(top, 4)
        bc.valueAxis.valueStep = max(1, -(-max(top, 4) // 5))
        bc.barSpacing, bc.groupSpacing = 0, 3
        bc.barLabelFormat = _number
        bc.barLabels.boxTarget = "mid"
        bc.barLabels.fontName = font
        bc.barLabels.fontSize = LABEL_SIZE
        for k in range(len(c.series)):
            fill, ink = BAR_STYLES[k % len(BAR_STYLES)]
            bc.bars[k].fillColor, bc.bars[k].strokeColor = fill, black
            bc.bars[k].strokeWidth = 0.5
            bc.barLabels[k].fillColor = ink
        return bc

    def _trend(self, height: float) -> HorizontalLineChart:
        c, font = self.chart, self._axis_font()
        lc = HorizontalLineChart()
        lc.x, lc.y = 26, AXIS_SIZE * 2
        lc.width, lc.height = self.width - 40, height - AXIS_SIZE * 2 - 4
        lc.data = [tuple(values) or (0,) for _, values in c.series]
        lc.categoryAxis.categoryNames = list(c.categories) or [""]
        lc.categoryAxis.labels.fontName = font
        lc.categoryAxis.labels.fontSize = AXIS_SIZE
        lc.categoryAxis.labels.boxAnchor = "n"
        lc.valueAxis.valueMin = 0
        lc.valueAxis.forceZero = 1
        top = max((max(v, default=0) for _, v in c.series), default=0)
        lc.valueAxis.valueMax = max(top + 1, 4)
        lc.valueAxis.valueStep = max(1, -(-max(top + 1, 4) // 5))
        lc.valueAxis.labels.fontName = font
        lc.valueAxis.labels.fontSize = AXIS_SIZE
        lc.valueAxis.labelTextFormat = "%d"
        lc.valueAxis.visibleGrid = 1
        lc.valueAxis.gridStrokeColor = Color(0.85, 0.85, 0.85)
        lc.valueAxis.gridStrokeWidth = 0.3
        lc.joinedLines = 1
        lc.lineLabelFormat = _number
        lc.lineLabels.fontName = font
        lc.lineLabels.fontSize = LABEL_SIZE
        lc.lineLabels.dy = 5
        for k in range(len(c.series)):
            dash, marker = LINE_STYLES[k % len(LINE_STYLES)]
            lc.lines[k].strokeColor = black
            lc.lines[k].strokeWidth = 1.2
            lc.lines[k].strokeDashArray = dash
            lc.lines[k].symbol = makeMarker(marker, size=4.5, fillColor=black, strokeColor=black)
        return lc
