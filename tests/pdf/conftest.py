"""Shared fixtures for sheet tests: one resolved font set, sample data, PDF read-back helpers."""
import datetime as dt

import pytest

from qjtasks.pdf import fonts
from qjtasks.pdf.data import ChaseData, NoticeData, Office


@pytest.fixture(scope="session")
def fontset():
    return fonts.resolve({})


@pytest.fixture
def office():
    return Office(contact="王督办", phone="023-48600000")


@pytest.fixture
def notice(office):
    return NoticeData(
        office=office, serial="綦发改督〔2026〕7号", unit="区生态环境局", role="配合",
        title="进一步加大绿色发展宣传学习",
        requirements="通过多种渠道和方式，大力宣传推广绿色发展理念，积极宣传先进典型，适时曝光"
                     "破坏生态、污染环境、严重浪费资源和违规盲目发展高耗能、高排放项目等方面的"
                     "负面典型，凝聚社会共识，营造良好氛围。",
        source="区政协三届一次会议第024号提案；綦发改函〔2022〕140号（B类）",
        lead_unit="区发改委", co_units=("区生态环境局", "区经济信息委"),
        assigned_on=dt.date(2026, 11, 25), deadline=dt.date(2027, 2, 25),
        cycle="每月25日前反馈", feedback_by=dt.date(2026, 12, 25))


@pytest.fixture
def chase(office):
    return ChaseData(office, "綦发改催〔2026〕3-2号", "綦发改督〔2026〕3号", "区机关事务管理中心",
                     "推行办公自动化与反食品浪费", dt.date(2026, 10, 30), dt.date(2026, 10, 30),
                     18, 2, dt.date(2026, 9, 20), "已完成无纸化办公系统招标。",
                     dt.date(2026, 12, 2), dt.date(2026, 11, 25), "分管领导")
