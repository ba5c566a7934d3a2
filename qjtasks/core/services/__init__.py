"""The write side (use cases), one area a module, held by one `Services` per session:

| `services.units`      | units.py      | the unit register: add, update, set_active, delete, resolve |
| `services.dossiers`   | dossiers.py   | proposals and reply letters: create, import_reply, edit     |
| `services.items`      | items.py      | items as records: add, edit, undo, split, assign            |
| `services.lifecycle`  | lifecycle.py  | 交办, 签收, 申请办结, 审核, 暂缓/恢复/撤销/重新打开          |
| `services.notes`      | notes.py      | 进展反馈 and their attachments                               |
| `services.chases`     | chases.py     | 催办                                                          |
| `services.extensions` | extensions.py | 延期 requests and decisions                                  |
| `services.feedback`   | feedback.py   | the stored 下次反馈 (and deferring it over a package)        |
| `services.settings`   | settings.py   | settings                                                     |

Each public method validates its input, writes in one transaction with its journal row, and
returns a `Changes`. Nothing here touches widgets, files outside the data folder, or the clock
except through `services.now()` / the `today` a caller passes. Records from a unit's package
pass `origin="导入"`, their own `uid` and the `package_id`, so importing one twice is a no-op.
"""
from __future__ import annotations

import datetime as dt

from ..clock import SYSTEM, Clock
from ..errors import ReadOnlyError, UnitScopeError
from ..models import Origin, Side
from ..store import Store
from .chases import Chases
from .dossiers import Dossiers
from .extensions import Extensions
from .feedback import FeedbackDue
from .items import Items
from .lifecycle import Lifecycle
from .notes import Notes
from .settings import Settings
from .units import Units

__all__ = ["Services"]


class Services:
    """One session's write side: the plumbing every area shares and the areas themselves."""

    def __init__(self, store: Store, actor: str | None = None, clock: Clock = SYSTEM,
                 moment: str | None = None):
        """`moment`: one stamp for everything this session records (applying one package is
        one act, recorded at one time), instead of reading the clock for every row."""
        self.store = store
        self._actor = actor
        self.clock = clock
        self.moment = moment
        self.units = Units(self)
        self.dossiers = Dossiers(self)
        self.items = Items(self)
        self.lifecycle = Lifecycle(self)
        self.notes = Notes(self)
        self.chases = Chases(self)
        self.extensions = Extensions(self)
        self.feedback = FeedbackDue(self)
        self.settings = Settings(self)

    @property
    def actor(self) -> str:
        """Who is acting, for the journal: given, or 督办员 at the office and the unit's
        contact (联络员) on a unit installation."""
        if self._actor is None:
            return self.default_actor()
        return self._actor

    @actor.setter
    def actor(self, value: str) -> None:
        self._actor = value

    def default_actor(self) -> str:
        own = self.own_unit_id()
        if own is None:
            return "督办员"
        unit = self.store.unit(own)
        return unit.contact or f"{unit.short_name}联络员"

    # ---- plumbing -------------------------------------------------------------------------
    def tx(self):
        if self.store.readonly:
            raise ReadOnlyError(self.store.readonly_reason
                                or "数据库以只读方式打开（另一个窗口正在使用），不能修改")
        return self.store.transaction()

    def log(self, action: str, entity: str, entity_id=None, item_id=None, before=None,
            after=None, origin: str = Origin.TYPED, package_id: str | None = None) -> int:
        return self.store.audit.write(actor=self.actor, action=action, entity=entity,
                                      entity_id=entity_id, item_id=item_id, before=before,
                                      after=after, origin=origin, package_id=package_id,
                                      at=self.now())

    def office_only(self, verb: str) -> None:
        """On a unit installation the office owns items, owners, deadlines and decisions."""
        if self.store.setting("role") == Side.UNIT:
            raise UnitScopeError(f"本机是承办单位端，不能{verb}：督办事项、承办单位、期限、催办和审批"
                             "由督办单位负责，会随数据包同步到本机；未作任何改动")

    def own_unit_id(self) -> int | None:
        """The unit this installation belongs to on a unit (承办单位) installation, else None."""
        if self.store.setting("role") != Side.UNIT:
            return None
        me = self.store.exchange.me()
        return me["unit_id"] if me else None

    def own_unit_only(self, unit_id: int | None, verb: str) -> None:
        """A unit installation records acts only in its own unit's name (issue 15)."""
        own = self.own_unit_id()
        if own is None or unit_id == own:
            return
        mine = self.store.unit(own).short_name
        whom = "督办单位" if unit_id is None else f"“{self.store.unit(unit_id).short_name}”"
        raise UnitScopeError(f"本机是“{mine}”的承办单位端，不能以{whom}的名义{verb}；只能登记"
                             "本单位的签收、进展反馈、延期申请、办结申请和催办答复；未作任何改动")

    def now(self) -> str:
        """The session clock's time as recorded in rows and the journal."""
        return self.moment or self.clock.stamp()

    def today(self) -> dt.date:
        return self.clock.today()
