"""Every text checker shows a user outside the rule files, in Chinese (the default) and English.

One catalogue, data only: reporters' labels, `checker explain` and `checker rules`, the help of the
ids no rule file defines (input.*, internal.*), input errors and the one-line evidence summaries of
the rule kinds. Code asks for a text by key and language (`say`), or for both languages at once
(`both`) where the language is chosen later (an input error is raised before anyone knows who
reads it). A key missing here is a KeyError at the first test that shows it, never a silent
fallback to one language.

Templates take named fields only (`str.format`); a field a caller leaves out shows as '?'.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Said(NamedTuple):
    """One text in both languages, filled in."""

    zh: str
    en: str

    def in_lang(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


# key -> (Chinese, English)
TEXTS: dict[str, tuple[str, str]] = {
    # --- labels shared by the reporters and the CLI ------------------------------------------
    "label.suggestion": ("建议", "Suggestion"),
    "label.evidence": ("依据", "Evidence"),
    "label.why": ("原因", "Why"),
    "label.fix": ("修改", "Fix"),
    "label.delete": ("删除", "delete"),
    "label.message": ("提示语", "Message"),
    "label.description": ("说明", "description"),
    "label.summary": ("汇总", "Summary"),
    "label.rule": ("规则", "rule"),
    "label.kind": ("类型", "kind"),
    "label.category": ("类别", "category"),
    "label.severity": ("级别", "severity"),
    "label.file": ("文件", "file"),
    "label.position": ("位置", "position"),
    "label.count": ("数量", "count"),
    "label.finding": ("问题", "message"),
    "label.text": ("原文", "text"),
    "severity.error": ("错误", "error"),
    "severity.warning": ("警告", "warning"),
    "severity.info": ("提示", "info"),
    # --- checker explain ------------------------------------------------------------------------
    "explain.why": ("原因：{text}", "Why: {text}"),
    "explain.fix": ("修改：{text}", "Fix: {text}"),
    "explain.message": ("提示语：{text}", "Message: {text}"),
    "explain.bad": ("错误示例（必须报出）：", "Bad examples (must fire):"),
    "explain.good": ("正确示例（不得报出）：", "Good examples (must stay silent):"),
    "explain.defined_in": ("定义位置：{source}", "Defined in {source}"),
    "explain.no_rule": ("没有规则 {rule!r}；`checker rules` 列出全部规则",
                        "no rule {rule!r}; `checker rules` lists them"),
    # --- Markdown summary -----------------------------------------------------------------------
    "markdown.title": ("checker 检查结果", "checker results"),
    "markdown.summary": ("{n} 个问题，{f} 个文件", "{n} findings in {f} files"),
    "markdown.none": ("未发现问题。", "No findings."),
    "markdown.by_rule": ("按规则", "By rule"),
    "markdown.findings": ("问题清单", "Findings"),
    "sarif.delete": ("删除“{text}”", "delete “{text}”"),
    # --- rich report ----------------------------------------------------------------------------
    "rich.suggestion": ("建议：{text}", "Suggestion: {text}"),
    "rich.evidence": ("依据：{text}", "Evidence: {text}"),
    "rich.summary": ("共 {findings} 处发现（错误 {errors}，警告 {warnings}，提示 {infos}），检查 {files} 个文件",
                     "{findings} ({errors}, {warnings}, {infos} info) in {files}"),
    "rich.unreadable": ("，{n} 个无法读取", ", {n} unreadable"),
    # --- ids no rule file defines (SARIF and the reports still describe them) --------------------
    "input.description": ("文件无法读取，或读取时出现问题（编码、大小、格式）。",
                          "The file could not be read, or was read with a problem (encoding, size, format)."),
    "input.why": ("无法读取的报告就是没有检查过的报告；其他文件照常检查。",
                  "A report checker cannot read is a report nobody has checked; the run goes on with the other "
                  "files."),
    "input.fix": ("把报告另存为 UTF-8 或 GB18030 编码的文本、Markdown 或 .docx 后重新检查。",
                  "Save the report as UTF-8 or GB18030 text, Markdown or .docx, and check it again."),
    "internal.description": ("某条规则运行出错；报告其失败，而不是悄悄跳过。",
                             "A rule failed while running; its failure is reported instead of being skipped in "
                             "silence."),
    "internal.why": ("规则无法运行却不出声，“未发现问题”就成了空头承诺。",
                     "A rule that cannot run must be loud, or a clean result would be a false promise."),
    "internal.fix": ("把出错的规则和文档报告给维护者；在此之前可忽略该规则。",
                     "Report the failing rule and the document to the maintainers; meanwhile ignore the rule."),
    "internal.rule-error": ("规则 {rule} 在本文档上运行出错：{reason}",
                            "rule {rule} failed on this document: {reason}"),
    "unknown.description": ("（没有规则文件定义此编号）", "(no rule file defines this id)"),
    # --- input errors (input.<code>) ------------------------------------------------------------
    "input.no-such-file": ("文件不存在", "no such file"),
    "input.broken-link": ("符号链接已失效：目标不存在", "broken symbolic link: its target does not exist"),
    "input.permission": ("没有读取权限", "permission denied"),
    "input.link-loop": ("符号链接循环（链接指回自身）", "symbolic link loop (the link points back at itself)"),
    "input.cannot-read": ("无法读取：{reason}", "cannot read: {reason}"),
    "input.directory": ("这是一个目录", "is a directory"),
    "input.not-regular": ("不是普通文件（管道、套接字或设备），未读取",
                          "not a regular file (a pipe, socket or device): not read"),
    # checker.readers: PDF, HTML, old Word/WPS
    "input.doc-unreadable": ("无法读取该 {suffix} 文件（{errors}）：请另存为 .docx（或 .txt）后再检查",
                             "cannot read this {suffix} file ({errors}): save it as .docx (or .txt) and check that"),
    "input.doc-rtf": ("这是以 {suffix} 命名的 RTF 文件：请另存为 .docx（或 .txt）后再检查",
                      "an RTF file named {suffix}: save it as .docx (or .txt) and check that"),
    "input.doc-not-ole": ("不是旧版 Word 或 WPS 文件（没有 OLE 文件头）：请另存为 .docx（或 .txt）后再检查",
                          "not an old Word or WPS file (no OLE signature): save it as .docx (or .txt) and check that"),
    "input.doc-no-converter": ("旧版 Word/WPS 格式（{suffix}）：本机没有可读取它的转换工具（antiword、catdoc 或 "
                               "LibreOffice）；请另存为 .docx（或 .txt）后再检查",
                               "old Word/WPS format ({suffix}): no converter (antiword, catdoc or LibreOffice) is "
                               "installed to read it; save it as .docx (or .txt) and check that"),
    "input.html-unreadable": ("无法解析该 HTML：{reason}", "cannot read this HTML: {reason}"),
    "input.html-empty": ("该 HTML 中没有报告正文（只有标记、脚本或页面部件）",
                         "no report text in this HTML (only markup, scripts or page furniture)"),
    "input.pdf-encrypted": ("PDF 已加密，需要密码才能读取：请保存一份未加密的副本",
                            "encrypted PDF: it needs a password to be read; save an unprotected copy"),
    "input.pdf-damaged": ("PDF 已损坏（PDFium 无法打开：文件不完整，或并非 PDF）：请用 PDF 阅读器打开后重新保存",
                          "damaged PDF (PDFium cannot open it: truncated, or not a PDF); open it in a PDF reader and "
                          "save it again"),
    "input.pdf-page": ("PDF 已损坏：第 {page} 页无法读取", "damaged PDF: page {page} cannot be read"),
    "input.pdf-pages": ("PDF 共 {count} 页，超过 {limit} 页的上限：不是一份报告",
                        "PDF of {count} pages, over the limit of {limit} pages: not a report"),
    "input.pdf-chars": ("PDF 的文字超过 {limit} 个字符：不是一份报告",
                        "PDF with over {limit} characters of text: not a report"),
    "input.pdf-no-pages": ("PDF 没有页面", "PDF without pages"),
    "input.pdf-scan": ("PDF 没有文字层（扫描件：页面是图片）：请先做文字识别（如 ocrmypdf）并核对结果",
                       "PDF without a text layer (a scan: its pages are images); run OCR on it (e.g. ocrmypdf) and "
                       "check the result"),
    "input.pdf-no-text": ("PDF 中没有文字", "PDF without text"),
    "input.pdf-furniture-only": ("PDF 中没有报告正文（只有页码、页眉或页脚）",
                                 "PDF without report text (only page numbers, headers or footers)"),
    "input.too-large": ("文件大小 {size} 字节，超过 {limit} 字节的上限（要检查它，请调大 checker.toml 或 "
                        "[tool.checker] 中的 `max-bytes`）",
                        "file is {size} bytes, over the limit of {limit} bytes (raise `max-bytes` in "
                        "checker.toml or [tool.checker] to check it)"),
    "input.file-name": ("文件名不是有效的 UTF-8（能按 GB18030 解码的按 GB18030 显示）：请重命名文件，例如 "
                        "`convmv -f gbk -t utf8 --notest FILE`",
                        "file name is not valid UTF-8 (shown as GB18030 where it decodes): rename the file, "
                        "e.g. `convmv -f gbk -t utf8 --notest FILE`"),
    "input.stdin-too-large": ("输入超过 {limit} 字节的上限（max-bytes）",
                              "input is over the limit of {limit} bytes (max-bytes)"),
    "input.empty": ("空文件", "empty file"),
    "input.blank": ("空文件（只有空行或空格）", "empty file (only blank lines or spaces)"),
    "input.empty-docx": ("空文档：没有文本段落", "empty document: no text paragraphs"),
    "input.binary": ("二进制文件，不是文本报告：{what}", "binary file, not a text report: {what}"),
    "input.binary-nul": ("二进制文件，不是文本报告：大部分是 NUL 字节",
                         "binary file, not a text report: it is mostly NUL bytes"),
    "input.binary-control": ("二进制文件，不是文本报告：开头的字符中 {share:.0%} 是控制字符",
                             "binary file, not a text report: {share:.0%} of its first characters are control "
                             "characters"),
    "input.binary-undecodable": ("二进制文件，不是文本报告：大部分字节不符合任何文本编码（UTF-8、GB18030、UTF-16）",
                                 "binary file, not a text report: most bytes fit no text encoding (UTF-8, GB18030, "
                                 "UTF-16)"),
    "input.too-slow": ("检查用时超过 {budget:g} 秒 CPU 时间的上限（checker.toml 或 [tool.checker] 中的 "
                       "`file-budget`），该文件未检查",
                       "checking took more than the budget of {budget:g}s of CPU time (`file-budget` in "
                       "checker.toml or [tool.checker]); the file was not checked"),
    "docx.bomb-member": ("拒绝读取 .docx 成员 {name!r}：解压后膨胀 {ratio:.0f} 倍（上限 {limit} 倍），是压缩炸弹",
                         "refusing .docx member {name!r}: it inflates {ratio:.0f}-fold (limit {limit}), a zip bomb"),
    "docx.bomb": ("拒绝读取解压后超过 {limit} 字节的 .docx（压缩炸弹，或不是报告）",
                  "refusing .docx that inflates to over {limit} bytes (a zip bomb, or not a report)"),
    "docx.not-docx": ("不是 .docx 文件：{what}", "not a .docx: {what}"),
    "docx.not-zip": ("损坏或不完整的 .docx（不是可读取的 zip：{reason}）",
                     "corrupt or truncated .docx (not a readable zip: {reason})"),
    "docx.corrupt": ("损坏的 .docx：{reason}", "corrupt .docx: {reason}"),
    # --- warnings of decoding (input.encoding, input.nul) ---------------------------------------
    "decode.mixed": ("编码混杂：大部分为 {major}，但有 {n} 行是 {minor}（首见第{line}行）；每行已按其适用的编码解码",
                     "mixed encodings: mostly {major}, but {n} line(s) are {minor} (first: line {line}); each line "
                     "was decoded with the encoding it fits"),
    "decode.replaced": ("{n} 行中有既非 UTF-8 也非 GB18030 的字节（首见第{line}行），已替换为 U+FFFD",
                        "bytes that are neither UTF-8 nor GB18030 on {n} line(s) (first: line {line}) were replaced "
                        "with U+FFFD"),
    "decode.big5": ("{n} 行是 Big5 编码（首见第{line}行），已按 Big5 解码",
                    "{n} line(s) are Big5 (first: line {line}); each was decoded as Big5"),
    "decode.garbled": ("{n} 行读出的是乱码、假名或私用区字符而不是中文（首见第{line}行）：是否为其他编码？"
                       "这些行的检查结果不可信",
                       "{n} line(s) read as garbled text, kana or private-use characters where Chinese is expected "
                       "(first: line {line}): another encoding? Their findings cannot be trusted"),
    "decode.bom": ("UTF-8 字节顺序标记后面的文本不是 UTF-8：已按 {encoding} 读取",
                   "a UTF-8 byte-order mark stands before text that is not UTF-8: read as {encoding}"),
    "decode.invalid": ("第 {byte} 字节起有无效的 {encoding} 字节，已替换为 U+FFFD",
                       "invalid {encoding} bytes at byte {byte} were replaced with U+FFFD"),
    "decode.nul": ("文本中有 {n} 个 NUL 字符（首见第 {first} 个字符）：文件是否损坏或保存中断？",
                   "{n} NUL character(s) in the text (first at character {first}): a damaged or interrupted save?"),
    # --- parts of rule messages made by the kinds --------------------------------------------------
    "scale.township": ("乡镇", "township"),
    "scale.county": ("县区", "county"),
    "scale.either": ("乡镇或县区", "township or county"),
    "indicator.above-100": ("超过100%", "is above 100%"),
    "indicator.above": ("超过{scale}的合理上限{limit}", "is above the plausible maximum {limit} ({scale})"),
    "indicator.below": ("低于{scale}的合理下限{limit}", "is below the plausible minimum {limit} ({scale})"),
    "indicator.probably": ("，疑为{suggestion}", "; {suggestion} was probably meant"),
    "scale-word.wan-missing": ("，疑漏写“万”", "; '万' is probably missing"),
    # --- evidence summaries of the rule kinds (evidence["summary"], one line) -------------------
    # English quotes the report's own words ('…'): they stay as written.
    "evidence.line": ("（第{line}行）", " (line {line})"),
    "evidence.probably": ("；疑为 {suggestion}", "; probably {suggestion}"),
    "evidence.value-range": ("{band} {text}（= {value}）超出合理范围 {expected}",
                             "{band} '{text}' (= {value}) is outside the plausible range {expected}"),
    "evidence.point-change": ("{now}% 与 {before}% 之差为 {change}，是百分点而不是百分比",
                              "{now}% against {before}% is a difference of {change} percentage points, "
                              "not a {change}% change"),
    "evidence.decimal-slip": ("第{line}行的 {text} 与第{other_line}行的 {other} 数字相同、仅差小数点，疑漏写小数点",
                              "'{text}' on line {line} and '{other}' on line {other_line} have the same digits "
                              "but for the decimal point: a lost decimal point?"),
    "evidence.lost-decimal-rate": ("第{line}行的增速 {text} 为整数，同句另有 {count} 个增速带一位小数、"
                                   "最大为 {largest}，疑丢失小数点（{meant}）",
                                   "the rate {text} on line {line} is whole while {count} rates of its sentence carry "
                                   "one decimal, the largest {largest}: a lost decimal point ({meant})?"),
    "evidence.growth": ("{current} 与 {previous} 折合增长 {computed:.1f}%，文中写 {stated}",
                        "'{current}' against '{previous}' is a change of {computed:.1f}%; the text says "
                        "'{stated}'"),
    "evidence.growth.decline": ("（下降）", " (a decline)"),
    "evidence.industry-sum": ("{parts} = {computed}，与{total}不符（三次产业增加值之和即地区生产总值）",
                              "{parts} = {computed}, not {total} (the three industries' value added make up GDP)"),
    "transposed-year.after": ("晚于", "lies after"),
    "transposed-year.before": ("早于", "lies before"),
    "evidence.split-word": ("“{joined}”被换行拆开", "'{joined}' is split by a line break"),
    "evidence.list-count": ("列出 {listed} 项，文中写“{stated}”", "{listed} items listed; the text says '{stated}'"),
    "evidence.list-count.open": ("（含“等”）", " (an open list, with '等')"),
    "evidence.missing-unit": ("{subject}{text} 未写单位", "'{subject}{text}' has no unit"),
    "evidence.should-be": ("，应为 {suggestion}", "; should be '{suggestion}'"),
    "evidence.pair-ratio": ("{den}{num}：每{den_unit} {ratio:.2f}{num_unit}，超出合理范围 {lo:g}–{hi:g}",
                            "'{den}{num}': {ratio:.2f} to one, outside the plausible {lo:g}–{hi:g}"),
    "evidence.place-name": ("标题写“{name}”，正文 {count} 处写“{variant}”，从未写“{name}”",
                            "the title says '{name}', the body '{variant}' {count} times and never '{name}'"),
    "evidence.admin-level": ("标题为“{level}”，正文 {count} 处自称“{other}”（全{other}、我{other}…），"
                             "从未自称“{level}”",
                             "the title says '{level}'; the body calls itself '{other}' {count} times ('全{other}', "
                             "'我{other}' …) and never '{level}'"),
    "evidence.place-level": ("标题与正文称“{name}”，此处写作“{written}”",
                             "the title and the body say '{name}'; here it is written '{written}'"),
    "evidence.rate": ("{num} / {den} = {computed:.1f}%，文中写 {stated}",
                      "'{num}' / '{den}' = {computed:.1f}%; the text says '{stated}'"),
    "evidence.share": ("{part} / {total} = {computed:.2f}%，文中写 {stated}",
                       "'{part}' / '{total}' = {computed:.2f}%; the text says '{stated}'"),
    "evidence.share.base": ("（同段其余占比以 {base} 为基数）", " (the paragraph's other shares are of '{base}')"),
    "evidence.remainder": ("{whole} 减去另述的 {excluded} 个，应为 {computed}，文中写“{written}”",
                           "'{whole}' less the {excluded} set apart is {computed}; the text says '{written}'"),
    "evidence.respectively": ("列出 {n} 项（{members}），“分别”后 {values} 个数值",
                              "{n} members listed ('{members}'), {values} values after '分别'"),
    "evidence.restatement": ("{key}：第{line}行写 {text}，第{other_line}行写 {other}，相差 {diff}",
                             "'{key}': '{text}' on line {line}, '{other}' on line {other_line}, a difference of "
                             "{diff}"),
    "evidence.scale-word": ("{subject} {text} 小于同一段中的“{scale}”（至少 {floor:g}亩）",
                            "'{subject} {text}' is smaller than '{scale}' in the same paragraph (at least "
                            "{floor:g} mu)"),
    "evidence.sum": ("{what}合计 {sum}，{verb}所述 {total}，相差 {diff}（{where}）",
                     "{what} add up to {sum}, {verb} the stated '{total}', a difference of {diff} ({where})"),
    "evidence.sum.items": ("{n} 项{subject}", "{n} items '{subject}'"),
    "evidence.sum.parts": ("其中 {n} 项", "{n} parts"),
    "evidence.sum.exceeds": ("超过", "above"),
    "evidence.sum.short": ("少于", "short of"),
    "evidence.where.total": ("第{line}行", "line {line}"),
    "evidence.where.items": ("第{line}行；各项在第{lines}行", "line {line}; items on lines {lines}"),
    "evidence.count": ("所述 {stated}，实际列出 {n} 项（{where}）",
                       "'{stated}' announced, {n} items listed ({where})"),
    "evidence.title-year": ("标题年份 {year}，正文未出现 {year}年，却 {count} 次写 {body_year}年",
                            "the title's year is {year}; the body never names {year} but names {body_year} "
                            "{count} times"),
    "evidence.plan-year": ("{summary_year}年的总结，计划却写 {plan_year}年（应为 {next_year}年？）",
                           "a summary of {summary_year} with a plan for {plan_year} ({next_year} meant?)"),
    "evidence.indicator": ("{label}{text}{verdict}{hint}", "'{label}{text}' {verdict}{hint}"),
}


class _Fields(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "?"


def say(key: str, lang: str, /, **fields: Any) -> str:
    """The text of `key` in `lang` ("en"; anything else is Chinese), its fields filled in."""
    zh, en = TEXTS[key]
    return (en if lang == "en" else zh).format_map(_Fields(fields))


def counted(n: int, noun: str, lang: str) -> str:
    """`n` for Chinese (the template carries the measure word); `1 finding`, `2 findings` for English."""
    if lang != "en":
        return str(n)
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def both(key: str, /, **fields: Any) -> Said:
    """The text of `key` in both languages, for a caller that does not know the reader's language."""
    return Said(say(key, "zh", **fields), say(key, "en", **fields))
