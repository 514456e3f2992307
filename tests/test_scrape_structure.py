"""Scrape leftovers, page structure and noise control on text written for these tests.

The portal furniture below is invented in the style of sites the development set does not hold
(news portals, Taiwanese and Hong Kong government pages, forums, document stores), in simplified
and traditional script; the report sentences mention the same words (会员, 下载, 分享, 来源) and
must stay silent.
"""

from __future__ import annotations

import pytest

from checker.api import check_text
from checker.findings import Finding
from checker.rules.loader import builtin_rules

RULES = [r for r in builtin_rules() if r.category == "artifact"]

BODY = ("某镇2024年工作总结\n"
        "今年以来，全镇上下围绕年度目标任务，扎实推进各项工作，经济社会保持平稳健康发展。\n"
        "一是抓好项目建设。全年实施重点项目12个，完成投资3.6亿元，同比增长8.2%。\n"
        "二是发展党员队伍。全年发展新会员120名，指导群众下载安装政务APP办理社保缴费。\n"
        "三是加强宣传引导。通过微信公众号分享政策解读文章35篇，来源均为县级以上媒体。\n")


def lint(text: str) -> list[Finding]:
    return [f for f in check_text(text, rules=RULES) if f.category == "artifact"]


def rules_on_line(findings: list[Finding], line: int) -> set[str]:
    return {f.rule for f in findings if f.line <= line <= f.end_line}


# --- the boilerplate detector: unseen furniture is found -------------------------------------

@pytest.mark.parametrize("furniture", [
    "首页 » 政务公开 » 工作动态",
    "您所在的位置：网站首页 > 乡镇动态 > 正文",
    "發佈時間：2023-08-15 09:12　瀏覽人次：1.2K",
    "資料來源：公所秘書室｜點閱次數：3568",
    "【列印】【回首頁】【關閉視窗】",
    "上一則：本所辦理防汛演練　下一則：無",
    "本帖最后由 admin 于 2023-3-5 10:21 编辑",
    "本站部分内容来自网友投稿，如有侵权请联系客服QQ：2387654190删除",
    "手機掃一掃，隨時隨地看新聞",
    "会员登录 | 免费注册 | 忘记密码",
    "阅读 3.6W　点赞 128　评论 16",
    "Copyright © 2019-2024 某某文档网 版权所有 备案号：京ICP备12345678号",
])
def test_unseen_furniture_at_the_page_edge_is_found(furniture: str) -> None:
    findings = lint(furniture + "\n" + BODY)
    assert rules_on_line(findings, 1), f"not found: {furniture!r}"


@pytest.mark.parametrize("footer", [
    "責任編輯：陳美玲　【糾錯】",
    "分享到：微信 微博 QQ空间",
    "（本文来源：某某日报　作者：李明　编辑：王芳）",
    "相關新聞",
    "扫码关注我们，获取更多精彩内容",
])
def test_unseen_furniture_after_the_report_is_found(footer: str) -> None:
    text = BODY + "\n" + footer + "\n"
    findings = lint(text)
    line = text.count("\n", 0, text.index(footer)) + 1
    assert rules_on_line(findings, line), f"not found: {footer!r}"


def test_report_sentences_with_furniture_words_stay_silent() -> None:
    assert not [f for f in lint(BODY) if f.rule == "artifact.boilerplate"]


@pytest.mark.parametrize("sentence", [
    "全镇新发展农民专业合作社会员86户，会员分红资金达12万元。",
    "指导企业登录省电子税务局完成申报，下载完税证明1200份。",
    "开展“清朗”网络专项行动，处置网友反映问题32件。",
    "资料来源：县统计局2023年统计公报",
    "某某镇人民政府\n2024年1月8日",
    "联系人：张明　联系电话：0731-12345678",
    "| 指标 | 2023年 | 增长 |\n| 地区生产总值 | 12.6亿元 | 6.8% |",
    "登录县政府门户网站www.xianzf.gov.cn查询政策文件",
])
def test_report_lines_at_the_page_edge_stay_silent(sentence: str) -> None:
    findings = lint(BODY + sentence + "\n")
    assert not [f for f in findings if f.rule == "artifact.boilerplate"], sentence


def test_boilerplate_span_is_the_furniture_line() -> None:
    text = BODY + "\n瀏覽次數：2356　發佈日期：2024-01-09\n"
    (f,) = [f for f in lint(text) if f.rule == "artifact.boilerplate"]
    assert (f.line, f.column, f.text) == (7, 1, "瀏覽次數：2356　發佈日期：2024-01-09")


def test_furniture_glued_after_a_sentence_is_its_own_segment() -> None:
    text = BODY.rstrip("\n") + "【责任编辑：赵一鸣】\n"
    (f,) = [f for f in lint(text) if f.rule == "artifact.boilerplate"]
    assert f.text == "【责任编辑：赵一鸣】"


def test_saved_page_url_on_line_one_is_not_a_finding() -> None:
    text = "https://www.demo-fanwen.com/zongjie/2024/889.html\n" + BODY
    assert not [f for f in lint(text) if f.line == 1]


# --- compilations and page structure -------------------------------------------------------

@pytest.mark.parametrize(("text", "rule"), [
    ("社区年终工作總結 篇2\n鄉鎮在縣委、縣政府的正確領導下，各項工作穩步推進。", "artifact.glued-reports"),
    ("为全年目标打下基础。\n第四篇：2024年村级换届选举工作总结\n", "artifact.glued-reports"),
    ("乡镇党建工作总结范文第5篇\n今年以来，镇党委坚持党建引领。", "artifact.glued-reports"),
    ("第3页 共9页全年完成投资3.6亿元。", "artifact.page-footer"),
    ("全镇公路建设稳步推进\nP. 88\n新修通村道路12公里。", "artifact.page-footer"),
    ("某镇年度政府工作报告_第4页", "artifact.page-footer"),
    ("述职述廉报告怎么写？（五）\n本人任职以来，认真履行职责。", "artifact.seo-title"),
])
def test_page_structure_damage_is_found(text: str, rule: str) -> None:
    assert [f for f in lint(text) if f.rule == rule]


def test_chunk_number_across_a_blank_line_is_found() -> None:
    text = ("2023年，全镇农业农村工作在县委县政府的正确领导下稳步推进，粮食生产实现十连丰，高\n\n"
            "2、标准农田建设完成5000亩，超额完成县下达任务。\n")
    (f,) = [f for f in lint(text) if f.rule == "artifact.page-chunk-marker"]
    assert (f.line, f.column, f.text) == (3, 1, "2、")


def test_numbered_list_after_a_heading_is_not_a_chunk() -> None:
    text = "二、2024年工作打算\n1、抓好产业发展\n2、抓好社会治理\n3、抓好安全生产\n"
    assert not [f for f in lint(text) if f.rule == "artifact.page-chunk-marker"]


# --- truncation: the page shows it, or nothing is said ---------------------------------------

def test_text_that_simply_ends_is_not_truncated() -> None:
    assert not [f for f in lint(BODY + "四是强化作风建设，推动干部") if f.rule == "artifact.truncated"]


@pytest.mark.parametrize("ending", ["四是壮大村集体经济……", "四是壮大村集体经济...", "总投资1250..."])
def test_ellipsis_closing_the_page_is_truncation(ending: str) -> None:
    assert [f for f in lint(BODY + ending) if f.rule == "artifact.truncated"]


def test_login_wall_after_an_unfinished_sentence_is_truncation() -> None:
    text = BODY + "四是强化作风建设，推动干部\n（登入會員後可閱讀全文）\n"
    (f,) = [f for f in lint(text) if f.rule == "artifact.truncated"]
    assert f.text == "推动干部"


# --- noise control ---------------------------------------------------------------------------

def test_ruby_pinyin_is_one_finding_per_run() -> None:
    text = "該鎮(zhèn)農(nóng)業(yè)發(fā)展穩定，全年糧(liáng)食總產3萬噸。\n"
    findings = [f for f in lint(text) if f.rule == "artifact.ruby-pinyin"]
    assert [f.text for f in findings] == ["(zhèn)農(nóng)業(yè)發(fā)", "(liáng)"]
    assert all(f.end_column - f.column <= 40 for f in findings)


def test_repeated_quote_mismatch_in_a_paragraph_is_one_finding() -> None:
    text = "围绕'两个确保“，实施'1335“布局，落实'三服务“要求。\n"
    findings = [f for f in lint(text) if f.rule == "artifact.quote-pair"]
    assert len(findings) == 1
    assert findings[0].text.startswith("'两个确保“") and findings[0].text.endswith("'三服务“")


def test_furniture_glued_inside_a_report_sentence_is_its_clause() -> None:
    text = ("某镇2024年工作总结\n今年以来，全镇上下围绕年度目标，扎实推进各项以下是本站为您整理的几篇镇级总结范文，"
            "工作取得新成效。\n一是抓好项目建设。\n")
    (f,) = [f for f in lint(text) if f.rule == "artifact.boilerplate"]
    assert f.text == "扎实推进各项以下是本站为您整理的几篇镇级总结范文，"


def test_page_title_above_the_document_title_is_a_duplicate() -> None:
    text = "村级财务审计工作汇报\n\n村级财务审计工作汇报按照镇党委统一部署，开展村级财务审计。\n"
    (f,) = [f for f in lint(text) if f.rule == "artifact.duplicate-title"]
    assert (f.line, f.column, f.text) == (3, 1, "村级财务审计工作汇报")


def test_neighbouring_quote_mismatches_merge_but_stay_tight() -> None:
    text = ("围绕'两个确保“，实施'1335“工作布局。经过一年的努力，全镇各项工作取得明显成效，群众满意度"
            "持续提升，荣获'先进乡镇“称号。\n")
    findings = [f for f in lint(text) if f.rule == "artifact.quote-pair"]
    assert [f.text for f in findings] == ["'两个确保“，实施'1335“", "'先进乡镇“"]


def test_mismatched_quotation_of_a_passage_is_reported_at_its_closing_mark() -> None:
    text = "全年考核中取得'一季度排名第二,全年排名第四“的成绩，群众满意度持续提升。\n"
    (f,) = [f for f in lint(text) if f.rule == "artifact.quote-pair"]
    assert f.text == "“"
    assert "'一季度排名第二,全年排名第四“" in f.message
    # A term keeps its whole span: the reader sees which quotation is meant.
    (g,) = [f for f in lint("全乡荣获'卫生先进乡“称号。\n") if f.rule == "artifact.quote-pair"]
    assert g.text == "'卫生先进乡“"


@pytest.mark.parametrize("notice", [
    "試讀已結束，如需繼續閱讀請購買",
    "此文檔為付費內容，開通會員後可免費閱讀全文",
    "（未完待續）",
    "還剩8頁未讀，繼續閱讀",
    "免責聲明：本站文章均來自網絡，如有侵權請聯繫刪除。",
    "【字體：大 中 小】【列印】【關閉】",
])
def test_traditional_paywall_and_page_notices_are_found(notice: str) -> None:
    text = BODY + notice + "\n"
    findings = lint(text)
    assert rules_on_line(findings, text.count("\n")), f"not found: {notice!r}"


def test_quote_open_where_the_text_stops_is_not_a_mismatch() -> None:
    assert not [f for f in lint(BODY + "四是加快城镇化。按照“谁投") if f.rule == "artifact.quote-pair"]
    assert [f for f in lint(BODY + "四是加快城镇化。按照“谁投资谁受益的原则推进。") if f.rule == "artifact.quote-pair"]


def test_ascii_quotes_around_a_numeric_slogan_close() -> None:
    text = '按照省委"33668"、市委"35669"部署，全乡实现"减贫摘帽"目标。\n'
    assert not [f for f in lint(text) if f.rule == "artifact.quote-pair"]
