"""The raw floor: each benchmarked question hand-written against plain `sqlite3`.

Every query returns the same rows (or counts) as the app call it sits beside, written the way a
person fluent in SQL would ask the file directly: no filter builder, no dataclasses, no Python
post-processing. The app is measured against these in the same run.
"""
from __future__ import annotations

import sqlite3

LIGHT = """CASE WHEN i.status IN ('已办结', '已撤销') THEN '完成'
    WHEN i.current_deadline < :today THEN '红'
    WHEN i.current_deadline <= :cutoff OR i.next_feedback_due < :today THEN '黄'
    ELSE '绿' END"""
CO_NAMES = """(SELECT group_concat(u.short_name, '、') FROM assignments c
    JOIN units u ON u.id = c.unit_id WHERE c.item_id = i.id AND c.role = '配合')"""
ROW = f"i.*, lu.short_name AS lead_name, {CO_NAMES} AS co_names, ({LIGHT}) AS light"

LIST = f"""SELECT {ROW} FROM assignments a JOIN items i ON i.id = a.item_id
    LEFT JOIN units lu ON lu.id = i.lead_unit_id
    WHERE a.unit_id = :unit AND i.status = :status ORDER BY i.id LIMIT :limit"""
COUNT = """SELECT count(*) FROM assignments a JOIN items i ON i.id = a.item_id
    WHERE a.unit_id = :unit AND i.status = :status"""
FTS = f"""SELECT {ROW} FROM items i LEFT JOIN units lu ON lu.id = i.lead_unit_id
    WHERE i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH :q
                   UNION SELECT n.item_id FROM notes_fts f JOIN notes n ON n.id = f.rowid
                   WHERE notes_fts MATCH :q)
    ORDER BY i.id LIMIT :limit"""
LIKE = f"""SELECT {ROW} FROM items i LEFT JOIN units lu ON lu.id = i.lead_unit_id
    WHERE i.title LIKE :like OR i.requirements LIKE :like OR i.serial LIKE :like
       OR i.id IN (SELECT n.item_id FROM notes n WHERE n.text LIKE :like)
    ORDER BY i.id LIMIT :limit"""
SUMMARY = f"""SELECT a.unit_id, SUM(a.role = '牵头'), SUM(a.role = '配合'),
    SUM(lt = '绿'), SUM(lt = '黄'), SUM(lt = '红'), SUM(st = '已办结'), count(*)
    FROM assignments a JOIN (SELECT i.id, i.status AS st, {LIGHT} AS lt FROM items i) x
      ON x.id = a.item_id
    GROUP BY a.unit_id ORDER BY a.unit_id"""


def connect(path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def list_rows(conn, unit: int, status: str, today: str, cutoff: str, limit: int = 200):
    return conn.execute(LIST, {"unit": unit, "status": status, "today": today,
                               "cutoff": cutoff, "limit": limit}).fetchall()


def count_rows(conn, unit: int, status: str) -> int:
    return conn.execute(COUNT, {"unit": unit, "status": status}).fetchone()[0]


def search(conn, text: str, today: str, cutoff: str, limit: int = 200):
    args = {"today": today, "cutoff": cutoff, "limit": limit}
    if len(text) >= 3:
        return conn.execute(FTS, {**args, "q": '"' + text + '"'}).fetchall()
    return conn.execute(LIKE, {**args, "like": f"%{text}%"}).fetchall()


def summary(conn, today: str, cutoff: str):
    return conn.execute(SUMMARY, {"today": today, "cutoff": cutoff}).fetchall()
