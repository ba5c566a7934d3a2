"""What the journal's actions are called. The rows are written and read by the store
(core/store/journal.py), in the same transaction as the change they describe.

The journal is never edited (triggers refuse UPDATE and DELETE). `before` and `after` hold the
changed fields only, as JSON, so an edit can be shown and, where the core allows, undone.
"""
from __future__ import annotations

ACTION_LABELS = {
    "unit.add": "新增单位", "unit.rename": "修改单位", "unit.deactivate": "停用单位",
    "unit.activate": "启用单位", "dossier.create": "登记提案与复函", "dossier.edit": "修改复函",
    "item.add": "新建事项", "item.edit": "修改事项", "item.split": "拆分事项",
    "item.assign": "分配承办单位", "item.issue": "交办", "item.sign": "签收",
    "item.note": "进展反馈", "item.chase": "催办", "item.extend.request": "延期申请",
    "item.extend.decide": "延期审批", "item.submit": "申请办结", "item.review": "审核办结",
    "item.pause": "暂缓", "item.resume": "恢复办理", "item.withdraw": "撤销",
    "item.reopen": "重新打开", "item.undo": "撤销修改", "settings.set": "修改设置",
    "item.status": "状态变更", "item.deadline": "调整办结时限", "unit.delete": "删除单位",
    "dossier.import": "导入复函", "item.import": "导入台账事项", "ledger.import": "导入台账",
    # offline exchange (qjtasks.exchange)
    "item.sync": "同步督办方事项", "item.note.edit": "修改进展反馈", "item.chase.reply": "催办答复",
    "exchange.import": "导入数据包", "exchange.export": "导出数据包",
    "exchange.enrol.create": "制作注册文件", "exchange.enrol.accept": "接受注册",
    "exchange.enrol.answer": "登记注册回执", "exchange.enrol.confirm": "确认密钥指纹",
    "exchange.enrol.revoke": "吊销密钥", "exchange.conflict": "处理导入冲突",
}


def label(action: str) -> str:
    return ACTION_LABELS.get(action, action)
