"""Placeholder and artifact families on text written for these tests (not the seeds).

Clean paragraphs in the style of real township reports must produce no finding of either
category; variants of every defect (other wording, other positions, full-width forms, CRLF,
traditional script) must fire with the exact line, column and text of the original.
"""

from __future__ import annotations

import pytest

from checker.api import check_text
from checker.findings import Finding
from checker.rules.loader import builtin_rules

FAMILY = ("placeholder", "artifact")
RULES = [r for r in builtin_rules() if r.category in FAMILY and not r.id.startswith("suppression.")]


def lint(text: str, path: str = "<text>") -> list[Finding]:
    return [f for f in check_text(text, rules=RULES, path=path) if f.category in FAMILY]


def only(findings: list[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]


def where(f: Finding) -> tuple[int, int, int, int, str]:
    return (f.line, f.column, f.end_line, f.end_column, f.text)


# --- clean text: nothing of either family may fire ------------------------------------------

CLEAN_REPORTS = {
    "economy": (
        "青石镇2023年工作总结\n"
        "一、经济运行稳中有进\n"
        "全年完成地区生产总值12.6亿元，同比增长6.8%；规模以上工业增加值3.2亿元，同比增长9.1%。"
        "新建5G基站42座，实现行政村千兆光纤全覆盖。引进XXL码服装加工企业1家，投资2000万元。\n"
        "（一）抓好项目建设。全年实施重点项目16个，完成投资5.3亿元，其中某些项目因用地审批滞后，"
        "进度慢于预期。\n"
        "二、存在的问题\n"
        "产业结构仍然单一，部分村集体经济收入不足10万元，招商引资质量有待提升。\n"
        "\n"
        "青石镇人民政府\n"
        "2023年12月20日\n"
    ),
    "health": (
        "（三）卫生健康事业稳步推进\n"
        "镇卫生院新购置DR（X光）机1台、彩超1台，开展X射线防护培训2次，"
        "家庭医生签约服务覆盖率达到85%。办公室电脑由Windows XP全部升级，数据备份到云平台。\n"
        "全镇常住人口3.1万人[1]，其中60岁以上老年人7200人[2]。\n"
        "注：[1]数据来源于第七次全国人口普查；[2]截至2023年11月底。\n"
    ),
    "society": (
        "二是平安建设扎实推进。坚持人人参与、天天巡查，常常入户走访，一一登记造册，"
        "一户一户核实情况，群众高高兴兴过大年。依法查处违法建设当事人王某某等3人。\n"
        "三是深入开展“枫桥式”调解，推进“‘一站式’矛盾纠纷调处”改革，"
        "全年调解纠纷118起，调解成功率100%。\n"
        "四是做好文化工作。建设规格为3×4米的宣传栏20处，举办“村晚”演出6场。\n"
    ),
    "plan": (
        "三、2024年工作计划\n"
        "1、加强党的建设。深入学习贯彻党的二十大精神，抓好“第一议题”制度落实。\n"
        "2、抓好项目建设。力争全年完成固定资产投资6亿元，新开工项目不少于8个。\n"
        "3、改善人居环境。完成旱厕改造300户，新建污水管网12公里。\n"
        "联系人：李明，联系电话：0731-12345678\n"
    ),
    "markdown": (
        "# 青石镇2023年工作总结\n"
        "\n"
        "**重点工作**：抓好春耕生产，全年粮食播种面积4.2万亩。\n"
        "\n"
        "***\n"
        "\n"
        "- 完成高标准农田建设5000亩；\n"
        "- 新增就业岗位300个。\n"
    ),
    "traditional": (
        "2023年,在縣委、縣政府的正確領導下,青石鎮黨委以習近平新時代中國特色社會主義思想為指導,"
        "全面貫徹黨的二十大精神,統籌推進鄉村振興、基層治理各項工作。\n"
        "一是健全應急管理體系,落實安全生產責任制,理順各方關係統籌推進。"
        "二是以面對面講解的方式宣傳政策,全年恢復耕地200畝,糧食產量穩中有升。\n"
        "青石鎮人民政府\n"
        "2023年12月6日\n"
    ),
}


@pytest.mark.parametrize("name", sorted(CLEAN_REPORTS))
def test_clean_reports_stay_silent(name: str) -> None:
    path = "report.md" if name == "markdown" else "report.txt"
    hits = lint(CLEAN_REPORTS[name], path=path)
    assert not hits, [(f.rule, f.line, f.text) for f in hits]


def test_clean_crlf_report_stays_silent() -> None:
    text = CLEAN_REPORTS["economy"].replace("\n", "\r\n")
    assert not lint(text)


# --- placeholders ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "rule", "expected"), [
    ("全镇共有XX个行政村。", "placeholder.xxx", (1, 5, 1, 7, "XX")),
    ("一、概况\n由xxx同志任组长", "placeholder.xxx", (2, 2, 2, 5, "xxx")),
    ("与ＸＸＸ合作社签约", "placeholder.xxx", (1, 2, 1, 5, "ＸＸＸ")),  # full width, original characters
    ("截至20XX年底完成", "placeholder.xxx", (1, 5, 1, 7, "XX")),
    ("全年增长x.6亿元", "placeholder.x-in-figure", (1, 5, 1, 8, "x.6")),
    ("比增12.X%。", "placeholder.x-in-figure", (1, 3, 1, 7, "12.X")),
    ("于X月X日召开", "placeholder.single-x", (1, 2, 1, 3, "X")),
    ("××镇", "placeholder.cross", (1, 1, 1, 3, "××")),
    ("坚持以＊＊＊思想为指导", "placeholder.asterisks", (1, 4, 1, 7, "＊＊＊")),
    ("引进*生物科技有限公司一家", "placeholder.asterisk-name", (1, 3, 1, 12, "*生物科技有限公司")),
    ("在某某村召开现场会", "placeholder.mou", (1, 2, 1, 4, "某某")),
    ("〇〇乡2023年", "placeholder.circles", (1, 1, 1, 3, "〇〇")),
    ("投资□□万元", "placeholder.boxes", (1, 3, 1, 5, "□□")),
])
def test_placeholder_variants(text: str, rule: str, expected: tuple[int, int, int, int, str]) -> None:
    hits = only(lint(text), rule)
    assert [where(f) for f in hits][:1] == [expected]
    assert all(f.severity.value == "error" for f in hits)


def test_placeholder_positions_survive_crlf_and_traditional() -> None:
    text = "鎮黨委統籌推進鄉村振興,各項工作穩步發展。\r\n與XXX公司簽訂協議,總投資××萬元。\r\n"
    hits = lint(text)
    got = {(f.rule, f.line, f.column, f.text) for f in hits}
    assert ("placeholder.xxx", 2, 2, "XXX") in got
    assert ("placeholder.cross", 2, 15, "××") in got


@pytest.mark.parametrize("text", [
    "储能规模100MWh，型号SX-2000", "采购XXXL码雨衣", "全县Xbox体验店1家", "第1页*", "带*号的为预计数",
    "二〇〇八年建成", "是否参保：□是 □否", "犯罪嫌疑人张某某已被刑拘", "X射线机2台",
])
def test_placeholder_near_misses(text: str) -> None:
    assert not [f for f in lint(text) if f.category == "placeholder"]


# --- artifacts ------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "rule", "expected"), [
    ("全年新增就业120人。##PaidBegin##二是抓招商", "artifact.paywall-marker", (1, 12, 1, 25, "##PaidBegin##")),
    ("三、下步打算\n[bookmark: _Hlk12345678]一是强化党建", "artifact.word-bookmark",
     (2, 1, 2, 25, "[bookmark: _Hlk12345678]")),
    ("通过院坝会关键词5把政策讲透", "artifact.seo-keyword", (1, 6, 1, 10, "关键词5")),
    ("全文完。\n转载请注明出处", "artifact.repost-notice", (2, 1, 2, 8, "转载请注明出处")),
    ("附件下载：", "artifact.download-footer", (1, 1, 1, 6, "附件下载：")),
    ("发布时间：2023-12-01 来源：网友投稿", "artifact.ugc-source",
     (1, 1, 1, 24, "发布时间：2023-12-01 来源：网友投稿")),
    ("以下是小编收集的工作总结。", "artifact.editor-intro", (1, 1, 1, 14, "以下是小编收集的工作总结。")),
    ("工作总结由会员分享，可在线阅读", "artifact.preview-notice", (1, 1, 1, 16, "工作总结由会员分享，可在线阅读")),
    ("全年完成投资。\n－ 3 －\n二是抓好民生", "artifact.page-footer", (2, 1, 2, 6, "－ 3 －")),
    ("篇二：乡镇上半年工作总结", "artifact.glued-reports", (1, 1, 1, 4, "篇二：")),
    ("推动经济发(fā)展", "artifact.ruby-pinyin", (1, 6, 1, 10, "(fā)")),
    ("完成道路硬化ณ公里", "artifact.foreign-script", (1, 7, 1, 8, "ณ")),
    ("打卡点❤吸引游客", "artifact.emoji", (1, 4, 1, 5, "❤")),
    ("全?共有脱贫户1330户，监测户182户。", "artifact.lost-characters", (1, 2, 1, 3, "?")),
    ("累计发放发放补贴30万元", "artifact.doubled-word", (1, 3, 1, 7, "发放发放")),
    ("坚决落实'两个维护“要求", "artifact.quote-pair", (1, 5, 1, 11, "'两个维护“")),
    ("全年投入资金lOO万元", "artifact.ocr-digits", (1, 7, 1, 10, "lOO")),
    ("２Ｏ２３年工作总结", "artifact.ocr-digits", (1, 1, 1, 5, "２Ｏ２３")),
])
def test_artifact_variants(text: str, rule: str, expected: tuple[int, int, int, int, str]) -> None:
    hits = only(lint(text), rule)
    assert [where(f) for f in hits][:1] == [expected]


def test_safe_fix_rules_suggest_deletion() -> None:
    hits = lint("##paidend##\n[bookmark: _GoBack]正文。\n如若转载，请注明出处：http://www.fanwen-demo.com/1.html")
    safe = {r.id for r in RULES if r.safe_fix}
    assert {"artifact.paywall-marker", "artifact.word-bookmark", "artifact.repost-notice"} <= safe
    for f in hits:
        if f.rule in safe:
            assert f.suggestion == "", f.rule
    # The repost line is one finding; the portal URL inside it is not reported a second time.
    assert [f.rule for f in hits if f.line == 3] == ["artifact.repost-notice"]


def test_ocr_digit_suggestion_reads_letters_as_digits() -> None:
    (f,) = only(lint("总投资IlOO多万元"), "artifact.ocr-digits")
    assert f.suggestion == "1100"


# --- truncation -----------------------------------------------------------------------------

def test_truncated_document_reports_unfinished_clause_behind_footers() -> None:
    text = ("一、主要工作\r\n全年完成投资3亿元。\r\n二是狠抓作风建设。坚持问题导向，推动干部\r\n"
            "\r\n##paidend##\r\n本文链接：https://www.zongjie-demo.com/a/1.html\r\n")
    (f,) = only(lint(text), "artifact.truncated")
    assert where(f) == (3, 17, 3, 21, "推动干部")


@pytest.mark.parametrize("ending", [
    "青石镇人民政府\n2023年12月6日", "二〇二三年十二月", "三、2024年工作打算", "附件：1.项目清单",
    "联系电话：0731-12345678", "全年完成投资3亿元。”", "下步将继续努力！",
])
def test_complete_endings_are_not_truncated(ending: str) -> None:
    text = "一、主要工作\n全年完成投资3亿元，同比增长12%。\n" + ending + "\n"
    assert not only(lint(text), "artifact.truncated")


# --- hard-wrapped PDF text ------------------------------------------------------------------

def test_hard_wrapped_passage_is_reported_once_at_its_first_break() -> None:
    text = "一、基本情况\n全\n镇\n2023\n年\n种植\n油菜\n7860\n亩，同比增长5%。\n二、存在问题\n"
    (f,) = only(lint(text), "artifact.hard-wrap")
    # the span is the first break ("全⏎镇"), the message and evidence name the whole stretch
    assert (f.line, f.column, f.end_line, f.end_column, f.text) == (2, 1, 3, 2, "全\n镇")
    assert f.suggestion == "全镇"
    assert "2–9" in f.message
    assert f.evidence["joined"] == "全镇2023年种植油菜7860亩，同比增长5%。"


def test_page_chrome_in_short_lines_is_no_hard_wrap() -> None:
    # A saved page's header: a label and its value, separators, a date, counters, a size, UI words.
    text = ("镇2023年度工作总结\n发布者：\n镇政府办\n|\n2023/12/28 09:30\n|\n浏览\n312\n|\n88.5kB\n"
            "PrintPage\n全年完成固定资产投资3亿元。\n")
    assert not only(lint(text), "artifact.hard-wrap")


def test_a_navigation_menu_one_word_a_line_is_no_hard_wrap() -> None:
    for menu in ("首頁\n上一篇\n下一篇\n收藏\n列印\n關閉\n", "返回\n首页\n分享到\n微信\n微博\n评论\n"):
        assert not only(lint(menu + "全鎮經濟運行平穩。\n"), "artifact.hard-wrap"), menu


def test_wrapped_passage_after_page_chrome_is_reported_at_its_first_text_break() -> None:
    text = "2024-03-01\n今年\n以来\n我乡\n新修\n水渠\n8公里。\n"
    (f,) = only(lint(text), "artifact.hard-wrap")
    # the date is furniture; the first break between two text lines is 今年⏎以来
    assert (f.line, f.text) == (2, "年\n以")


def test_page_thumbnail_captions_are_not_joined_into_a_wrap() -> None:
    text = "".join(f"镇年度工作总结_第{n}页\n" for n in range(1, 6)) + "全镇经济运行平稳。\n"
    hits = lint(text)
    assert not only(hits, "artifact.hard-wrap")
    assert len(only(hits, "artifact.page-footer")) == 5


# --- traditional script ---------------------------------------------------------------------

TRAD = ("鎮黨委統籌推進鄉村振興,健全應急管理體係,完善安全生產責任製。\n"
        "二是全麵落實惠民政策,并轉化為發展動能,嚴格按照法定程式辦理。\n")


def test_over_conversion_in_traditional_text() -> None:
    hits = only(lint(TRAD), "artifact.over-conversion")
    assert [(f.line, f.column, f.text, f.suggestion) for f in hits] == [
        (1, 19, "體係", "體系"), (1, 28, "責任製", "責任制"), (2, 3, "全麵", "全面")]
    assert all(f.severity.value == "info" for f in hits)


def test_simplified_left_in_traditional_text() -> None:
    hits = only(lint(TRAD), "artifact.simplified-in-traditional")
    assert [(f.line, f.column, f.text, f.suggestion) for f in hits] == [(2, 12, "并", "並")]


def test_mainland_taiwan_swap() -> None:
    hits = only(lint(TRAD), "artifact.mainland-taiwan-swap")
    assert [(f.line, f.text, f.suggestion) for f in hits] == [(2, "法定程式", "法定程序")]


def test_traditional_rules_ignore_simplified_documents() -> None:
    text = "全镇统筹推进乡村振兴，健全应急管理体系，严格按照法定程序办理，并转化为发展动能。"
    assert not lint(text)


def test_quotation_wrapped_onto_next_line_is_one_quotation() -> None:
    text = "全面落实“两个\n确保”要求，推动“三农\n工作”提质。\n坚持“五化五常’工作法。\n"
    hits = only(lint(text), "artifact.quote-pair")
    assert [where(f) for f in hits] == [(4, 3, 4, 9, "“五化五常’")]


def test_simplified_header_line_in_traditional_text_is_not_a_leftover() -> None:
    hits = only(lint("（内部征求意见稿）\n" + TRAD), "artifact.simplified-in-traditional")
    assert [(f.line, f.text) for f in hits] == [(3, "并")]


def test_pdf_title_broken_into_fragments_is_joined() -> None:
    # "年政府工作报告" is longer than a token but sits between two fragments: the same wrap.
    text = ("XX\n镇\n2023\n年政府工作报告\n各位代表:\n现在,我代表\nXX\n"
            "镇人民政府向大会报告工作,请\n予审\n议。\n一、工作回顾\n")
    hits = lint(text)
    (wrap,) = only(hits, "artifact.hard-wrap")
    assert (wrap.line, wrap.end_line) == (1, 2)
    assert (wrap.evidence["first_line"], wrap.evidence["last_line"]) == (1, 10)
    # the placeholder is reported once per XX, on its own original line
    assert [(f.line, f.text) for f in only(hits, "placeholder.xxx")] == [(1, "XX"), (7, "XX")]
