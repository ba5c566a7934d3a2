"""Working days, deadlines, feedback cycles and lights.

Working days follow the official holiday and make-up-workday calendar (chinese-calendar). For
years that package does not know yet, weekends alone decide and `WorkCalendar.warnings` says so;
supervisors can add holidays and workdays by hand, which win over both. Every function that
asks "is it late" takes `today`.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable

from .errors import ValidationError
from .models import CycleKind, FeedbackCycle, Light, Status

ONE_DAY = dt.timedelta(days=1)
MAX_SPAN_DAYS = 366 * 30  # guard against run-away loops on absurd inputs
# Dates a user may enter: 9999-12-31 would overflow the first cycle or working-day step after
# it, and no supervision deadline lies outside these years.
MIN_YEAR, MAX_YEAR = 1900, 2100


def _official():
    """The chinese_calendar package (its holiday tables take ~1 ms to import): imported when a
    working day is first decided, which a printed notice never does."""
    import chinese_calendar
    return chinese_calendar


class WorkCalendar:
    """Decides whether a date is a working day; remembers years it had to guess."""

    def __init__(self, extra_holidays: Iterable[dt.date] = (),
                 extra_workdays: Iterable[dt.date] = ()):
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_workdays = frozenset(extra_workdays)
        self.unknown_years: set[int] = set()
        self._cache: dict[dt.date, bool] = {}
        self._counts: dict[int, list[int]] = {}
        self._years: dict[int, bool] = {}

    def is_workday(self, day: dt.date) -> bool:
        hit = self._cache.get(day)
        if hit is None:
            hit = self._cache[day] = self._decide(day)
        return hit

    def _decide(self, day: dt.date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.extra_holidays:
            return False
        if not self._known_year(day.year):
            self.unknown_years.add(day.year)
            return day.weekday() < 5
        # chinese_calendar.is_workday's own rule, on its public tables: the library re-checks
        # its year range on every call (min and max over all holidays), which made the first
        # long list of a run spend some 40 ms on it.
        official = _official()
        return day in official.workdays or (
            day.weekday() <= 4 and day not in official.holidays)

    def _known_year(self, year: int) -> bool:
        known = self._years.get(year)
        if known is None:
            known = self._years[year] = self.probe_year(year)
        return known

    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (n < 0 counts backwards; n = 0 is `start`)."""
        step = ONE_DAY if n >= 0 else -ONE_DAY
        day, left = start, abs(n)
        for _ in range(MAX_SPAN_DAYS):
            if left == 0:
                return day
            day += step
            if self.is_workday(day):
                left -= 1
        raise ValidationError("工作日数过大，无法计算")

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; negative if `end` < `start`."""
        if end == start:
            return 0
        lo, hi, sign = (start, end, 1) if end > start else (end, start, -1)
        # Counted a year at a time, so any span of dates a user can enter is cheap (one item
        # due in 2100 must not stop the whole list); only dates outside that range are refused.
        if lo.year < MIN_YEAR or hi.year > MAX_YEAR:
            raise ValidationError(f"日期超出范围（{MIN_YEAR}–{MAX_YEAR} 年），无法计算工作日")
        count = self._upto(hi) - self._upto(lo)
        for year in range(lo.year, hi.year):
            count += self._year_counts(year)[-1]
        return sign * count

    def _upto(self, day: dt.date) -> int:
        """Working days from 1 January of `day`'s year up to and including `day`."""
        return self._year_counts(day.year)[(day - dt.date(day.year, 1, 1)).days]

    def _year_counts(self, year: int) -> list[int]:
        """Running count of working days through each day of `year`, built once per year.

        Lists of hundreds of items each ask for the working days to their deadline; counting
        day by day cost a list of 3,000 rows about half a second.
        """
        counts = self._counts.get(year)
        if counts is None:
            total, counts = 0, []
            for n in range(dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal() + 1):
                total += self.is_workday(dt.date.fromordinal(n))
                counts.append(total)
            self._counts[year] = counts
        return counts

    def next_workday_on_or_after(self, day: dt.date) -> dt.date:
        while not self.is_workday(day):
            day += ONE_DAY
        return day

    def probe_year(self, year: int) -> bool:
        """True when the official calendar knows `year` (extra dates aside)."""
        try:
            _official().is_workday(dt.date(year, 6, 1))
            return True
        except NotImplementedError:
            return False

    def used_unknown_years(self) -> list[str]:
        """The warning lines for the years some computed date fell in without the official
        holidays (only those actually used, for a command's output or a dialog)."""
        return [f"{span}年法定节假日安排尚未收录，以上日期中该年的工作日暂按周末计算；"
                "可在设置中补充节假日和调休日" for span in _year_runs(sorted(self.unknown_years))]

    def warnings(self, today: dt.date) -> list[str]:
        """One line per run of unknown years (a deadline in 2100 makes some seventy of them)."""
        years = sorted(set(self.unknown_years) | {
            y for y in (today.year, today.year + 1) if not self.probe_year(y)})
        return [f"{span}年法定节假日安排尚未收录，暂按周末计算工作日；可在设置中补充节假日和调休日"
                for span in _year_runs(years)]


def _year_runs(years: list[int]) -> list[str]:
    """[2027, 2028, 2029, 2031] → ["2027–2029", "2031"]."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return [f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs]


# ---- parsing dates at the boundary -------------------------------------------------------

_CN_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")


def parse_date(text: str | dt.date | None, *, what: str = "日期") -> dt.date:
    """Parse 2022-06-27, 2022/6/27 or 2022年6月27日; anything else is a Chinese error."""
    if isinstance(text, dt.date):
        return _in_range(text.date() if isinstance(text, dt.datetime) else text, str(text), what)
    raw = (text or "").strip()
    day = _day_of(raw)
    if day is not None:
        return day
    m = _ISO_DATE.match(raw) or _CN_DATE.match(raw)
    if not m:
        raise ValidationError(f"{what}“{raw[:40]}”无法识别，请按 2022-06-27 或 2022年6月27日 填写")
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValidationError(f"{what}“{raw[:40]}”不存在（请检查月份和日）") from None
    return _in_range(day, raw, what)


@functools.lru_cache(maxsize=4096)
def _day_of(raw: str) -> dt.date | None:
    """The day a valid date text names, else None (then `parse_date` says what is wrong).
    Cached: an import parses the same few days hundreds of thousands of times."""
    m = _ISO_DATE.match(raw) or _CN_DATE.match(raw)
    if not m:
        return None
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None


def _in_range(day: dt.date, raw: str, what: str) -> dt.date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValidationError(f"{what}“{raw[:40]}”的年份超出范围（{MIN_YEAR}–{MAX_YEAR} 年），请检查")
    return day


def parse_optional_date(text, *, what: str = "日期") -> dt.date | None:
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    return parse_date(text, what=what)


def cn_date(day: dt.date | None) -> str:
    """2022年6月27日 for prose and paper; empty for None."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


# ---- feedback cycles ---------------------------------------------------------------------

_CYCLE_MONTHS = {CycleKind.MONTHLY: 1, CycleKind.QUARTERLY: 3, CycleKind.HALFYEARLY: 6}


def _cycle_months(kind: CycleKind) -> tuple[int, ...]:
    step = _CYCLE_MONTHS[kind]
    return tuple(range(step, 13, step))


def cycle_dates(cycle: FeedbackCycle, start: dt.date, count: int = 1) -> list[dt.date]:
    """The next `count` due dates strictly after `start` (month-end safe: day 31 → Feb 28/29)."""
    if cycle.kind == CycleKind.ONCE:
        return [cycle.due] if cycle.due and cycle.due > start else []
    from dateutil.rrule import MONTHLY, WEEKLY, rrule  # not at the top: `list` never needs it
    if cycle.kind == CycleKind.WEEKLY:
        rule = rrule(WEEKLY, dtstart=dt.datetime(start.year, start.month, start.day)
                     + dt.timedelta(days=1), byweekday=cycle.day - 1, count=count)
        return [d.date() for d in rule]
    rule = rrule(MONTHLY, dtstart=dt.datetime(start.year, start.month, 1),
                 bymonth=_cycle_months(cycle.kind), bymonthday=-1)
    out: list[dt.date] = []
    for month_end in rule:
        end = month_end.date()
        due = end if cycle.day == -1 else end.replace(day=min(cycle.day, end.day))
        if due > start:
            out.append(due)
            if len(out) == count:
                break
    return out


def next_feedback_due(cycle: FeedbackCycle, assigned_on: dt.date | None,
                      last_feedback_on: dt.date | None) -> dt.date | None:
    """When the next feedback is owed: the first cycle date after the last one given."""
    base = last_feedback_on or assigned_on
    if base is None:
        return None
    if cycle.kind == CycleKind.ONCE:
        # A one-off report is owed once; any feedback given settles it.
        return None if last_feedback_on else cycle.due
    return _next_cycle_date(cycle, base)


def _next_cycle_date(cycle: FeedbackCycle, start: dt.date) -> dt.date:
    """`cycle_dates(cycle, start)[0]` by month arithmetic: the daily work-out asks this of
    every open item (25,000 at 100,000 items), and building an rrule each time cost 1.4 s.
    A property test checks it against `cycle_dates` over many dates, days and kinds."""
    if cycle.kind == CycleKind.WEEKLY:   # the next such weekday strictly after `start`
        return start + dt.timedelta(days=(cycle.day - start.isoweekday() - 1) % 7 + 1)
    step = _CYCLE_MONTHS[cycle.kind]
    year, month = start.year, start.month
    while True:
        if month % step == 0:
            end = _month_end(year, month)
            due = end if cycle.day == -1 else end.replace(day=min(cycle.day, end.day))
            if due > start:
                return due
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _month_end(year: int, month: int) -> dt.date:
    """The last day of the month (`calendar.monthrange`, without importing calendar)."""
    first_of_next = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return first_of_next - ONE_DAY


def validate_cycle(cycle: FeedbackCycle) -> FeedbackCycle:
    if cycle.kind == CycleKind.ONCE:
        if cycle.due is None:
            raise ValidationError("一次性反馈需要填写反馈日期", field="cycle")
    elif cycle.kind == CycleKind.WEEKLY:
        if not 1 <= cycle.day <= 7:
            raise ValidationError("每周反馈的反馈日须为周一至周日（1–7）", field="cycle")
    elif not (cycle.day == -1 or 1 <= cycle.day <= 31):
        raise ValidationError("反馈日须为 1–31 或“月末”", field="cycle")
    return cycle


def months_after(day: dt.date, months: int) -> dt.date:
    from dateutil.relativedelta import relativedelta
    return day + relativedelta(months=months)


# ---- lights ------------------------------------------------------------------------------

def yellow_cutoff(cal: WorkCalendar, today: dt.date, threshold: int) -> dt.date:
    """Items due on or before this date (and not yet late) are yellow."""
    return cal.add_workdays(today, threshold)


def feedback_cutoff(cal: WorkCalendar, today: dt.date) -> dt.date:
    """Feedback owed before this date is overdue today (at least one working day late).

    A due date on a holiday or weekend moves to the next working day, and lateness is counted
    in working days (`dues.overdue_since`), so the cutoff is the day after the last working day
    before the latest working day up to today: on the Monday after the National Day holiday,
    feedback owed on 3 October (moved to that Monday) is not yet late; on a Saturday, feedback
    owed on Friday is not late until Monday. Lists (SQL) and the daily work-out (Python) both
    use it, so they agree on every day of the year.
    """
    last = _workday_on_or_before(cal, today)
    return _workday_on_or_before(cal, last - ONE_DAY) + ONE_DAY


def _workday_on_or_before(cal: WorkCalendar, day: dt.date) -> dt.date:
    for _ in range(366):        # extra holidays in settings could, in theory, close a year
        if cal.is_workday(day):
            return day
        day -= ONE_DAY
    return day


def light_for(status: str, deadline: dt.date | None, next_due: dt.date | None,
              today: dt.date, cutoff: dt.date, fb_cutoff: dt.date | None = None) -> Light:
    """The light of an item or assignment; mirrored in SQL by `store.search.LIGHT_SQL`.

    `fb_cutoff` (`feedback_cutoff`): feedback owed before it is overdue; without a calendar at
    hand, today.
    """
    if status in (Status.CLOSED, Status.WITHDRAWN):
        return Light.DONE
    if deadline and deadline < today:
        return Light.RED
    feedback_owed = status in (Status.AWAITING_SIGN, Status.IN_PROGRESS)
    if (deadline and deadline <= cutoff) or (
            feedback_owed and next_due and next_due < (fb_cutoff or today)):
        return Light.YELLOW
    if deadline is None:
        return Light.UNSET
    return Light.GREEN
