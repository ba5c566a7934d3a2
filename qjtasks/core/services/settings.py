"""Settings (设置): checked by kind, journalled; one the feedback-cycle rule reads recomputes
every open item's 下次反馈."""
from __future__ import annotations

from .. import settings as settings_mod
from .. import validate
from ..errors import ValidationError
from ..models import Changes, CycleKind, Side
from .part import Part

# Settings the feedback-cycle rule reads: changing one recomputes every open item's 下次反馈.
FEEDBACK_SETTINGS = ("co_notes_count", "extra_holidays", "extra_workdays")


class Settings(Part):
    def set(self, key: str, value) -> Changes:
        if key not in settings_mod.DEFAULTS:
            raise ValidationError(f"未知设置项“{key}”")
        value = _check_setting(key, value)
        old = self.store.setting(key)
        with self.svc.tx():
            self.store.unit_rows.set_setting(key, settings_mod.encode(value))
            self.svc.log("settings.set", "settings", before={key: old}, after={key: value})
            if key in FEEDBACK_SETTINGS:
                self.store.invalidate()
                self.svc.feedback.refresh_all()
        self.store.invalidate()
        return Changes("settings.set", settings=True)


_INT_SETTINGS = {"yellow_threshold": (0, 60), "default_cycle_day": (-1, 31),
                 "co_input_months": (0, 24), "ladder_phone_before": (0, 60),
                 "ladder_notice1_after": (0, 60), "ladder_notice2_after": (0, 60),
                 "ladder_circular_after": (0, 60), "backup_keep": (1, 1000),
                 "stagnant_days": (1, 366)}


def _check_setting(key: str, value):
    label = settings_mod.LABELS.get(key, key)
    if key in _INT_SETTINGS:
        lo, hi = _INT_SETTINGS[key]
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationError(f"{label}须为整数", field=key) from None
        if not lo <= number <= hi:
            raise ValidationError(f"{label}须在 {lo}–{hi} 之间", field=key)
        return number
    if key in ("extra_holidays", "extra_workdays"):
        items = value if isinstance(value, list) else str(value or "").replace("，", ",").split(",")
        return sorted({validate.date(v, f"{label}中的日期", field=key).isoformat()
                       for v in items if str(v).strip()})
    if key == "default_cycle_kind":
        return validate.choice(value, [k.value for k in CycleKind], label, field=key)
    if key == "role":
        return validate.choice(value, Side, label, field=key)
    if key == "co_notes_count":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "是", "yes", "on", "计入"):
            return True
        if text in ("0", "false", "否", "no", "off", "不计入", ""):
            return False
        raise ValidationError(f"{label}须为“是”或“否”", field=key)
    return validate.text(value, label, limit=200, field=key)
