"""Normalise a reply letter's raw text into one paragraph per line.

Real letters arrive messy: words broken across lines or blank lines (`相关内` / `容`), text hard
wrapped at the page width by PDF extraction, spaced titles (`复  函`), ASCII `,` `:` `(` mixed
with full-width punctuation, full-width digits, page-number lines. `normalise` repairs these so
the extractors can work on clean paragraphs; every offset the importer reports points into the
string it returns.
"""
from __future__ import annotations

import re

CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")
_FULLWIDTH_ALNUM = {c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF5B)
                    if chr(c - 0xFEE0).isalnum()}
_SPACES = re.compile(r"[ \t\u3000\u00a0\u2002-\u200a\u202f]+")
_INVISIBLE = re.compile(r"[\ufeff\u200b-\u200d\u2060\x00-\x08\x0b-\x1f\x7f]")
_PAGE_NUMBER = re.compile(r"^(?:[-—–－_·\s]*\d{1,4}[-—–－_·\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
                          r"|\d+\s*/\s*\d+)$")
# Lines a government web page wraps round a published letter: navigation, share and print
# buttons, previous/next links, copyright and filing footers. Copied with the letter, they would
# pass for its header or sign-off.
_WEB_CHROME = re.compile(
    r"^(?:返回顶部|关闭|关闭窗口|打印本页|【打印本页】.*|【关闭窗口】.*|扫一扫.{0,12}(?:打开|查看)当前页(?:面)?"
    r"|字体[：:]?|字号[：:].*|【?字体大小.*|上一篇[：:].*|下一篇[：:].*|责任编辑[：:].*|.*版权所有.*"
    r"|网站标识码.*|ICP备案.*|.*[ICP]备\d+号.*|.*公网安备.*|无障碍浏览.*|长者模式.*|.*欢迎访问.{0,20}|.{0,20}欢迎您[！!]?"
    r"|(?:您)?当前(?:的)?位置[：:].*|首页\s*[>/].*|原文链接[：:].*|今天是[：:].*|分享到[：:]?.*"
    r"|(?:浏览|访问|阅读)(?:次数|量)[：:].*|(?:发布|更新|编稿)时间[：:].*|【责任编辑.*|【收藏】.*|技术支持[：:].*"
    r"|<!--.*-->|</?[A-Za-z][^>]*>|.*(?:扫描|掃描)(?:二维码|二維碼).*|分享至.{0,12}|附件下载[：:]?|打印[：:]?|网站地图"
    r"|主办(?:单位)?[：:].{2,30}(?:地址|邮编|联系方式|电话)[：:].*|(?:留言与评论|发表评论|网友评论)[（(：:].*"
    r"|[|｜\s]+|点击(?:数|量|次数)[：:].*)$")
# `• 上街区公安局`: list bullets of a page's metadata block
_BULLET = re.compile(r"^[•·●▪■◆]\s*")
# characters that may touch a CJK character without a space in between
_TIGHT = f"{CJK}\u3000-\u303f\uff00-\uffef\u2018-\u201f\u2026\u2014"
_SPACE_BETWEEN = re.compile(f"(?<=[{_TIGHT}]) +(?=[{_TIGHT}0-9])|(?<=[{_TIGHT}0-9]) +(?=[{_TIGHT}])")
MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]"
    r"|\d{1,2}[、．](?!\d)|\d{1,2}\.(?!\d)|[（(]\d{1,2}[)）]|[①-⑳]"
    r"|[一二三四五六七八九十]{1,3}是|第[一二三四五六七八九十]{1,3}[，,、是])")
DATE_LINE = re.compile(r"^(?:\d{4}|[〇○零0一二三四五六七八九OＯ]{4})\s*年.{1,8}日$|^\d{4}[-./]\d{1,2}[-./]\d{1,2}$")
_LABEL = re.compile(f"^[{CJK}]{{2,6}}[：:]")
_CLOSING = re.compile(r"^(?:此复|特此|专此|此函|附件|抄送|联系人|联系电话|[（(]联系人|[（(]此件)")
# `主办单位：区农业农村委    协办单位：…` — two labelled fields on one line become two lines
_FIELD_GAP = re.compile(f"(?<=\\S) {{2,}}(?=[{CJK}]{{2,6}}[：:])")
_OPENER = re.compile(r"^(?:同时|此外|另外|目前|近年来|今年|明年|去年|下一步|下步|今后|其中|截至|为此|对此|因此|总之"
                     r"|首先|其次|再次|最后|据此|经查|一是|二是|三是|然后|随后|但是|然而|并且|而且)$")
_TERMINAL = "。！？；：!?;:"
_CONNECTIVE = "，、（《“‘(,"


def normalise(raw: str) -> str:
    """Clean `raw` and return it as paragraphs separated by single newlines."""
    text = _resegment(_clean_chars(raw))
    lines = [_tidy_line(line) for line in text.split("\n")]
    lines = [line if not (_PAGE_NUMBER.match(line) or _WEB_CHROME.match(line)) else "" for line in lines]
    salutation = max(0, salutation_index(lines))
    head = _join_title_lines([x for x in lines[:salutation] if x])
    body = _join_body_lines(lines[salutation:])
    return "\n".join(head + body)


_BREAK_BEFORE = re.compile(
    r"(?<=[。；：！ ])\s*(?=(?:[一二三四五六七八九十]{1,2}、|[（(][一二三四五六七八九十]{1,2}[)）]"
    r"|[一二三四五六七八九十]{1,2}是|此复函|此复|特此|专此|对以上答复))"
    r"|(?<=号) +(?=\S)|(?<=(?:委员|代表)[：:])|(?<=函) +(?=\S)"
    r"|(?<=[会局厅委府室心]) +(?=(?:\d{4}|[〇○零一二]{4})年[^\n]{1,8}日)")


# a web page's table layout: cells end in `|`, rows of bare `||||`
_TABLE_PIPES = re.compile(r"[ \t]*[|｜][|｜ \t]*$", re.M)
# a whole letter flattened into one table cell: sentences joined by a space
_FLAT_BREAK = re.compile(r"(?<=[。！？!?])\s+(?=\S)|(?<=[：:])\s+(?=\S{6})|\s+(?=尊敬的)"
                         r"|\s+(?=(?:联系人|联系科室|联系电话|抄送|抄报)[：:\s、])")


def _resegment(text: str) -> str:
    """A letter pasted as one long line (chat apps drop line breaks) gets its breaks back, and
    so does one a web page flattened into a table cell."""
    text = _TABLE_PIPES.sub("", text)
    text = "\n".join(_BREAK_BEFORE.sub("\n", _FLAT_BREAK.sub("\n", x)) if _flattened(x) else x
                      for x in text.split("\n"))
    lines = [x for x in text.split("\n") if x.strip()]
    if len(lines) > 3 or len(text) < 300:
        return text
    text = _BREAK_BEFORE.sub("\n", text)
    return re.sub(r"(?<=[。！])\s+(?=\S{2,30}\s+\d{4}年)", "\n", re.sub(
        r"(?<=[。！]) +(?=[^\n]{2,30}?(?:委员会|局|厅|委|政府|办公室|中心) +\d{4}年)", "\n", text))


def _flattened(line: str) -> bool:
    return len(line) > 120 and len(re.findall(r"[。！？][ \t\u3000]+\S", line)) >= 3 and bool(
        re.search(r"(?:委员|代表|同志)[：:]|如下[：:]", line))


def _clean_chars(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _INVISIBLE.sub("", text).translate(_FULLWIDTH_ALNUM)
    text = _FIELD_GAP.sub("\n", _SPACES.sub(lambda m: " " * len(m.group(0)), text))
    return _SPACES.sub(" ", text)


def _tidy_line(line: str) -> str:
    line = _SPACE_BETWEEN.sub("", _BULLET.sub("", line.strip()))
    line = re.sub(f"(?<=[{CJK}]),|,(?=[{CJK}])", "，", line)
    line = re.sub(f"(?<=[{CJK}]);|;(?=[{CJK}])", "；", line)
    line = re.sub(r"(?<!\d):|:(?!\d)", "：", line) if _CJK_RE.search(line) else line
    line = re.sub(f"(?<=[{CJK}])\\(|\\((?=[{CJK}])", "（", line)
    line = re.sub(f"(?<=[{CJK}（])\\)|\\)(?=[{CJK}])", "）", line)
    line = re.sub(f"(?<=[{CJK}])\\?", "？", line)
    line = re.sub(f"(?<=[{CJK}])!", "！", line)
    line = re.sub(f"(?<=[{CJK}”）])\\.(?=$|[{CJK}“（])", "。", line)
    return _curly_quotes(line)


def _curly_quotes(line: str) -> str:
    if '"' not in line or line.count('"') % 2 or not _CJK_RE.search(line):
        return line
    parts = line.split('"')
    return "".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1]


_NOT_SALUTATION = re.compile(r"日期|分类|索引|机构|主题|文号|字号|类别|类型|单位|签发|联系|如下|附件|抄送|电话"
                             r"|地址|时间|来源|编号")
_ADDRESSEE = re.compile(r"委员|代表|同志|先生|女士|尊敬|老师")
_BARE_ADDRESSEE = re.compile(f"^(?:尊敬的)?[{CJK}、 ]{{2,16}}?(?:等\\d*[位名]?)?(?:委员|代表)(?:们)?$")


def salutation_index(lines: list[str]) -> int:
    """Index of the line that opens the letter (`包安洪委员：`); -1 when there is none."""
    found = [i for i, x in enumerate(lines[:30]) if x and len(x) <= 40 and x[-1] in "：:"
             and not _NOT_SALUTATION.search(x) and "〔" not in x]
    named = next((i for i in found if _ADDRESSEE.search(lines[i])), None)
    if named is not None:
        return named
    # `王立超委员`, `高松代表`: the colon left out
    bare = next((i for i, x in enumerate(lines[:30]) if x and _BARE_ADDRESSEE.match(x)), None)
    return bare if bare is not None else (found[0] if found else -1)


def _join_title_lines(lines: list[str]) -> list[str]:
    """Join a title spread over lines: `关于…第024号提案的` + `复函`."""
    out: list[str] = []
    for line in lines:
        if out and _title_continues(out[-1], line):
            out[-1] += line
        else:
            out.append(line)
    return out


def _title_continues(prev: str, line: str) -> bool:
    if "关于" not in prev and not prev.endswith(("对", "的")):
        return False
    if prev.endswith(("函", "复", "答复", "意见", "号")) or DATE_LINE.match(line):
        return False
    return len(line) <= 40 and not re.search(r"〔\d{4}〕|\[\d{4}\]|【\d{4}】", line)


def _join_body_lines(lines: list[str]) -> list[str]:
    width = _wrap_threshold([x for x in lines if x])
    out: list[str] = []
    last = ""
    for line in lines:
        if not line:
            continue
        if out and _continues(out[-1], last, line, width):
            out[-1] += line
        else:
            out.append(line)
        last = line
    return out


def _wrap_threshold(lines: list[str]) -> int | None:
    """Length from which an unpunctuated line counts as wrapped (PDF text); None if not wrapped."""
    lengths = sorted(len(x) for x in lines)
    if len(lengths) >= 8:
        width = lengths[int(len(lengths) * 0.75)]
        near = sum(1 for n in lengths if 0.85 * width <= n <= 1.1 * width)
        if width <= 60 and near >= len(lengths) * 0.4:
            return max(10, int(width * 0.8))
    return None


def _continues(paragraph: str, last: str, line: str, width: int | None) -> bool:
    """Does `line` continue `paragraph` (whose last physical line is `last`)?"""
    if MARKER.match(line) or DATE_LINE.match(line) or _LABEL.match(line) or _CLOSING.match(line):
        return False
    if DATE_LINE.match(last) or _ends_sentence(paragraph):
        return False
    if paragraph[-1] in _CONNECTIVE or line[0] in "，。、；：”）)":
        return True
    if width:  # a full line, or a body paragraph (longer than a line) that has not ended
        return len(last) >= width or len(paragraph) > width + 5
    # unwrapped text: only a long line cut mid-word, continued by a short fragment (`相关内` / `容。`)
    stop = re.search(r"[，。；！？、：]", line)
    return (len(last) >= 20 and stop is not None and stop.start() <= 4
            and not _OPENER.match(line[:stop.start()]))


def _ends_sentence(line: str) -> bool:
    core = line.rstrip("”’）)」』")
    if not core:
        return True
    return core[-1] in _TERMINAL or (core != line and core[-1] in "。！？")
