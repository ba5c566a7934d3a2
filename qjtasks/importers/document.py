"""The letter's header and sign-off: 文号, issuer, date, proposal number/session/title, proposer,
signer and whether it answers a 政协提案 or a 人大建议.

Works on the normalised text (one paragraph per line). The header is everything above the
salutation (`包安洪委员：`); the sign-off is the run of short lines at the end. Values are taken
only from where letters put them; anything missing or damaged becomes a warning, not a guess.
"""
from __future__ import annotations

import re

from .dates import compact_date, looks_damaged, parse_date
from .model import DocumentInfo
from .normalize import DATE_LINE, salutation_index
from .units import is_org

CJK = r"\u4e00-\u9fff"
DOC_RE = re.compile(f"([{CJK}]{{1,12}})\\s*[〔\\[【(（]\\s*((?:19|20)\\d{{2}})\\s*[〕\\]】)）]\\s*(\\d{{1,5}})\\s*号")
SESSION_NUM = re.compile(f"([{CJK}\\d]{{2,40}}?会议)\\s*(?:上)?(?:的)?(?:人大建议|政协提案|代表建议|建议|提案)?\\s*第?\\s*([A-Za-z0-9\\-]+)\\s*号")
NUMBER_RES = [
    re.compile(r"第\s*([A-Za-z0-9\-.]{1,12})\s*号\s*(?:代表)?(?:提案|建议|议案)"),
    re.compile(r"(?:提案|建议|议案)\s*第\s*([A-Za-z0-9\-.]{1,12})\s*号"),
    re.compile(r"[（(]\s*第\s*([A-Za-z0-9\-.]{1,12})\s*号\s*[)）]"),
    re.compile(r"(?:提案|建议)(?:编号|号)\s*[：:为]?\s*([A-Za-z0-9\-.]{1,12})"),
    re.compile(r"(?<![文字])编号\s*[：:]\s*([A-Za-z0-9\-.]{1,12})"),
    # 浙江: `温36号建议`, `(丽22号)` — a one-character place prefix before the number
    re.compile(f"(?:会议|提出的)\\s*((?!第)[{CJK}][0-9]{{1,5}})\\s*号\\s*(?:代表)?(?:建议|提案)"),
    re.compile(f"[（(]\\s*((?!第)[{CJK}][0-9]{{1,5}})\\s*号\\s*[)）]"),
    re.compile(r"(?:会议|届)\s*([0-9]{1,5})\s*号\s*(?:代表)?(?:建议|提案)"),
    re.compile(r"[》”][（(]\s*([0-9]{1,5})\s*号\s*[)）]\s*(?:代表)?(?:建议|提案)"),
]
TITLE_RES = [re.compile(r"《(关于[^》]{2,100})》"), re.compile(r"《([^》]{4,100})》"),
             re.compile("提出的(关于[^，。（《]{2,80}?的(?:建议|提案|议案))")]
_TITLES = ("主任|副主任|局长|副局长|厅长|副厅长|部长|副部长|司长|副司长|主席|副主席|书记|区长|副区长"
           "|县长|副县长|市长|副市长|处长|秘书长|院长|负责人|党组书记|同志")
SIGNER_RE = re.compile(f"(?:已经|已由|经由|经)([{CJK}]{{1,10}}?)(?:常务|第一)?副?(?:{_TITLES})?(?:审签|审定|签发|签批|审核|审阅)")
SIGNER_LABEL = re.compile(f"(?:签发人|签发|领导签发|审签人)\\s*[：:]\\s*([{CJK}]{{2,4}})")
_PERSON_TAIL = re.compile(r"(?:等)?\d*(?:位|名)?(?:委员|代表|同志|先生|女士)(?:们)?")
CO_LETTER = re.compile(r"协办意见|会办意见|我(?:局|委|办|厅|部|中心|院|会)(?:作为|系|为|是)(?:该提案的?|该建议的?|本件)?协办单位")


def split_zones(lines: list[str]) -> tuple[int, int]:
    """(salutation index or -1, index where the sign-off starts)."""
    sal = salutation_index(lines)
    end = len(lines)
    while end > sal + 1 and _sign_off_line(lines[end - 1]):
        end -= 1
    # a body's name with a date under it signs the letter off: what a page adds after that
    # (a feedback form, its own footer) is not the letter's
    for i in range(max(sal + 2, 1), end - 1):
        nxt = lines[i + 1]
        if is_org(lines[i].strip("（）() ")) and ((DATE_LINE.match(nxt) and parse_date(nxt)[0]) or compact_date(nxt)):
            while i > sal + 1 and _sign_off_line(lines[i - 1]):
                i -= 1
            return sal, i
    return sal, end


# `答复日期：2023年3月20日`, `单位名称：昆区农牧局`: a sign-off written as labelled fields
SIGN_LABEL = re.compile(r"^(?:答复日期|复函日期|办复日期|成文日期|落款日期|日期|单位名称|答复单位|承办单位|办理单位)\s*[：:]\s*")


def _sign_off_line(line: str) -> bool:
    line = SIGN_LABEL.sub("", line)
    if len(line) > 45 or re.search(r"此复|特此|审签|答复|函复|感谢", line):
        return False
    raw = parse_date(line)[1]
    line = line.replace(raw, "") or raw if raw else line
    return bool(is_org(line.strip("（）() ")) or DATE_LINE.match(line) or looks_damaged(line)
                or re.match(r"^[（(]|^(?:联系人|联系电话|抄送|附件|主送|印发|电话|地址)", line)
                or (len(line) <= 15 and not re.search(r"[，。；]", line)))


def extract_document(lines: list[str], warnings: list[str]) -> DocumentInfo:
    sal, tail_at = split_zones(lines)
    header, tail = lines[:max(sal, 0)] or lines[:3], lines[tail_at:]
    opening = "\n".join(lines[sal + 1:sal + 3])
    doc = DocumentInfo()
    doc.doc_number = _doc_number(header) or _doc_number(tail)
    doc.title = next((x for x in header if "关于" in x or x.endswith(("复函", "答复", "的函"))), None)
    doc.issuer = _issuer(tail, header, doc.title)
    _date(doc, tail, header, warnings, lines[max(sal, 0):])
    _proposal(doc, "\n".join(header), opening, lines)
    _people(doc, lines, sal, "\n".join(lines))
    doc.answer_class = _answer_class("\n".join(header + tail))
    _missing(doc, warnings)
    return doc


def _doc_number(lines: list[str]) -> str | None:
    for line in lines:
        m = DOC_RE.search(line)
        if m:
            prefix = re.sub(r"^(?:文号|发文字号|编号)", "", m.group(1))
            return f"{prefix}〔{m.group(2)}〕{int(m.group(3))}号"
    return None


def _issuer(tail: list[str], header: list[str], title: str | None) -> str | None:
    for line in reversed(tail):
        line = SIGN_LABEL.sub("", line)
        raw = parse_date(line)[1]
        line = line.replace(raw, "") if raw else line
        line = re.sub(r"[（(](?:盖章|印章|章|公章)[)）]$", "", line).strip("（）() ")
        if is_org(line) and "：" not in line:
            return line
    for line in header:
        line = re.sub(f"^[{CJK}]{{2,6}}[：:]", "", line)
        if is_org(line) and "关于" not in line and not DOC_RE.search(line):
            return line
    if title and "关于" in title and is_org(title.split("关于")[0]):
        return title.split("关于")[0]
    return None


# A web page's own dates (published, updated, indexed) are not the letter's date; 成文日期 is.
_PAGE_DATE = re.compile(r"发布|更新|生成日期|著录|编稿|访问|浏览|点击")


def _date(doc: DocumentInfo, tail: list[str], header: list[str], warnings: list[str],
          lines: list[str] | None = None) -> None:
    for line in list(reversed(tail)) + [x for x in header if not _PAGE_DATE.search(x)]:
        date, raw = parse_date(line)
        if raw and len(line) <= 30:
            doc.date, doc.date_raw = date, raw
            if date is None:
                warnings.append(f"复函日期“{raw}”无效，未采用，请对照原件填写")
            return
        if compact_date(line) and line in tail:
            doc.date, doc.date_raw = compact_date(line), line.strip()
            warnings.append(f"复函日期“{doc.date_raw}”缺“年月日”，按 {doc.date:%Y年%-m月%-d日} 读出，请对照原件核对")
            return
        if looks_damaged(line):
            doc.date_raw = line.strip()
            warnings.append(f"复函日期“{doc.date_raw}”不完整或已损坏，未猜测，请对照原件填写")
            return
    if _signed_date(doc, lines or [], warnings):
        return
    warnings.append("未找到复函日期（落款处），请对照原件填写")


def _signed_date(doc: DocumentInfo, lines: list[str], warnings: list[str]) -> bool:
    """A sign-off the page buried under its own widgets (a feedback form after the letter): the
    last body's name directly followed by a date line."""
    for prev, line in reversed(list(zip(lines, lines[1:], strict=False))):
        date = parse_date(line)[0] if DATE_LINE.match(line) else compact_date(line)
        if date and is_org(prev.strip("（）() ")):
            doc.date, doc.date_raw = date, line.strip()
            if not DATE_LINE.match(line):
                warnings.append(f"复函日期“{doc.date_raw}”缺“年月日”，按 {date:%Y年%-m月%-d日} 读出，请对照原件核对")
            return True
    # no name above it (`…具体实施。` / `2020年8月18日` / `联系单位…`): a date standing alone on
    # its line after the salutation is the sign-off's
    for line in reversed(lines[1:]):
        if DATE_LINE.match(line) and parse_date(line)[0]:
            doc.date, doc.date_raw = parse_date(line)
            return True
    return False


def _proposal(doc: DocumentInfo, header: str, opening: str, lines: list[str]) -> None:
    for zone in (header, opening, "\n".join(lines[:12])):
        m = SESSION_NUM.search(zone)
        if m and not doc.proposal_session:
            doc.proposal_session = re.sub(r"^.*(?:关于|对于|对|在)", "", m.group(1)) or None
            doc.proposal_number = doc.proposal_number or m.group(2)
        for rx in NUMBER_RES:
            m = rx.search(zone)
            if m and not doc.proposal_number:
                doc.proposal_number = m.group(1)
        for rx in TITLE_RES:
            m = rx.search(zone)
            if m and not doc.proposal_title:
                doc.proposal_title = m.group(1).strip()
    if doc.proposal_number:
        doc.proposal_number = doc.proposal_number.strip(".-") or None
    doc.kind = _kind(doc.proposal_session or "", header + opening)


def _kind(session: str, context: str) -> str:
    if "人大" in session or "人民代表大会" in session:
        return "人大建议"
    if "政协" in session:
        return "政协提案"
    if re.search(r"代表建议|号建议|建议第|人大|代表：|议案", context) and "提案" not in context:
        return "人大建议"
    return "政协提案"


def _people(doc: DocumentInfo, lines: list[str], sal: int, text: str) -> None:
    salutation = lines[sal].rstrip("：:").removeprefix("尊敬的") if sal >= 0 else ""
    if CO_LETTER.search(text) and (is_org(salutation) or "协办" in (doc.title or "")):
        doc.handling_role = "协办"
        doc.lead_unit = salutation if is_org(salutation) else None
        salutation = ""
    person = _PERSON_TAIL.sub("", salutation).strip("、，")
    if person and not re.match(r"^(?:各位|诸位|您好)?$", person):
        doc.proposer = person
    else:
        m = re.search(f"(?:由|您|你们)?([{CJK}、]{{2,20}}?)(?:等\\d*位?)?(?:委员|代表)(?:等)?(?:领衔)?提出的", text)
        doc.proposer = m.group(1) if m else None
    m = SIGNER_LABEL.search(text) or SIGNER_RE.search(text)
    if m:
        name = re.sub(f"^(?:分管|主要)?(?:领导)?(?:{_TITLES})*", "", m.group(1))
        doc.signer = name if 2 <= len(name) <= 4 and not is_org(name) else None


def _answer_class(text: str) -> str | None:
    m = re.search(r"(?:答复类别|类别|办理类别)\s*[：:]?\s*([ABC])\b|(?<![A-Za-z])([ABC])\s*类", text)
    return (m.group(1) or m.group(2)) if m else None


def _missing(doc: DocumentInfo, warnings: list[str]) -> None:
    for attr, label in (("doc_number", "文号"), ("issuer", "发文单位"), ("proposal_number", "提案/建议编号"),
                        ("proposal_title", "提案/建议标题"), ("proposer", "提案人/代表"),
                        ("signer", "签发人")):
        if not getattr(doc, attr):
            warnings.append(f"未识别出{label}，请人工填写")
    if doc.handling_role == "协办":
        warnings.append(f"本函是协办单位的意见函，主办单位：{doc.lead_unit or '未写明'}")
