"""`qjtasks import-reply FILE`: read a reply letter and turn its next-step plan into draft items.

With `--dry-run` nothing is written: the recognised header, co-units, plan items, other
commitments and warnings are printed (as JSON with `--json`). Without it the dossier, any new
units and the draft (待交办) items are created in one transaction through `Services`. A scanned
letter (an image-only PDF, or a photo or scan as PNG/JPG/TIFF) is read by text recognition when
the `ocr` extra is installed: pages are counted on stderr, and each item says the page and line
it was read from (JSON: `ocr` with pages, seconds and per item `page`/`line`).
"""
from __future__ import annotations

from .fmt import clip

HELP = "导入复函：识别文号、协办单位和下一步工作计划，生成待交办事项"


def register(subs) -> None:
    p = subs.add_parser("import-reply", help=HELP, description=HELP)
    p.add_argument("file", metavar="文件", help="复函文件（.txt 任意常见编码、.docx、.pdf；"
                   "扫描件 PDF 或 .png/.jpg/.tif 图片经文字识别读取）")
    p.add_argument("--dry-run", action="store_true", help="只识别并显示结果，不写入数据库")
    p.add_argument("--json", action="store_true", help="以 JSON 输出识别结果")
    p.add_argument("--with-commitments", action="store_true",
                   help="把正文中的其他承诺（今年将…、力争…）也生成为待交办事项")
    p.add_argument("--allow-duplicate", action="store_true", help="同一文号已导入时仍然导入")
    p.add_argument("--force", action="store_true",
                   help="不像复函的文字（无文号、单位、提案编号和工作计划）也登记为复函")
    p.set_defaults(func=run)


def run(args, ctx) -> int:
    import sys

    from qjtasks.core.errors import ValidationError
    from qjtasks.importers import parse_letter, to_json_dict
    from qjtasks.importers.readers import load_letter
    from qjtasks.importers.save import NotALetterError, default_drafts, register_of, save_import

    def progress(page: int, pages: int) -> None:
        print(f"文字识别：第 {page}/{pages} 页", file=sys.stderr, flush=True)
    letter = load_letter(args.file, progress=progress)
    result = parse_letter(letter.text, register_of(ctx.store))
    data = to_json_dict(result)
    if letter.ocr is not None:
        data["ocr"] = provenance(letter.ocr, data)
    if not args.dry_run:
        drafts = default_drafts(result, with_commitments=args.with_commitments)
        try:
            changes = save_import(ctx.services, result, drafts,
                                  allow_duplicate=args.allow_duplicate, force=args.force)
        except NotALetterError as exc:
            raise ValidationError(f"{exc}；确是复函请加 --force 导入") from None
        data["reply_id"] = changes.reply_id
        data["item_ids"] = sorted(changes.item_ids)
    if args.json:
        ctx.json(data)
    else:
        ctx.out(summary(data))
    return 0


def provenance(ocr, data: dict) -> dict:
    """Where each recognised item stands on the scanned pages; marks each item's dict too."""
    for c in data["plan_items"] + data["other_commitments"]:
        where = ocr.locate(c["text"])
        c["page"], c["line"] = (where.page, where.line) if where else (None, None)
    return {"pages": ocr.pages, "seconds": round(ocr.seconds, 1),
            "lines": len(ocr.lines)}


def summary(data: dict) -> str:
    """The recognised letter as a short Chinese report for the terminal."""
    d = data["document"]
    lines = ([f"扫描件经文字识别：{data['ocr']['pages']} 页，{data['ocr']['lines']} 行，"
              f"用时 {data['ocr']['seconds']} 秒；请核对识别结果"] if "ocr" in data else [])
    lines += [f"文号：{d['doc_number'] or '（未识别）'}    发文单位：{d['issuer'] or '（未识别）'}",
             f"日期：{d['date'] or '（未识别）'}    签发人：{d['signer'] or '（未识别）'}",
             f"{d['kind']}：{d['proposal_session'] or ''}第{d['proposal_number'] or '？'}号"
             f"《{d['proposal_title'] or '（标题未识别）'}》  提案人/代表：{d['proposer'] or '（未识别）'}",
             "协办单位：" + ("、".join(data["co_units"]) or "无")]
    lines += _list("下一步工作计划（拟生成事项）", data["plan_items"])
    lines += _list("其他承诺（备选）", data["other_commitments"])
    lines += [f"注意：{w}" for w in data["warnings"]]
    if "reply_id" in data:
        lines.append(f"已导入复函（编号 {data['reply_id']}），生成待交办事项 {len(data['item_ids'])} 项"
                     + (f"；新增单位：{'、'.join(data['new_units'])}" if data["new_units"] else ""))
    else:
        lines.append("（试运行，未写入数据库）")
    return "\n".join(lines)


def _list(title: str, items: list[dict]) -> list[str]:
    out = [f"{title}：{len(items)} 项"]
    for i, c in enumerate(items, 1):
        extra = "；".join(x for x in (("单位：" + "、".join(c["units"])) if c["units"] else "",
                                     ("时限：" + c["deadline_hint"]) if c["deadline_hint"] else "") if x)
        where = f"［第{c['page']}页第{c['line']}行］" if c.get("page") else ""
        out.append(f"  {i}. {where}{clip(c['text'], 90)}" + (f"（{extra}）" if extra else ""))
    return out
