"""The HTML reader: a saved page or a CMS fragment gives the report's findings at positions of the
HTML source (the file the user edits), furniture found from the DOM, bounded on hostile pages."""

from __future__ import annotations

import html
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from render import cms_fragment, saved_page

from checker.api import check_bytes, check_paths
from checker.document import InputError, from_bytes
from checker.sourcemap import LineIndex

SEEDS = sorted(Path(__file__).resolve().parent.parent.joinpath("seeds").glob("*.txt"))


def _key(findings):
    return sorted((f.rule, f.text) for f in findings)


def _source_span(source: str, f) -> str:
    """The finding's span cut from the source by its line and column, entities decoded."""
    idx = LineIndex(source)
    start = idx.offset(f.line, f.column)
    end = idx.offset(f.end_line, f.end_column)
    return html.unescape(source[start:end])


@pytest.mark.parametrize("render", [saved_page, cms_fragment], ids=["saved-page", "cms-fragment"])
@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_a_seed_as_html_has_the_seeds_findings_at_their_place_in_the_source(tmp_path, seed, render):
    text = seed.read_text(encoding="utf-8")
    expected = check_paths([seed]).findings
    page = tmp_path / (seed.stem + ".html")
    page.write_text(render(text), encoding="utf-8")
    found = check_paths([page]).findings
    assert _key(found) == _key(expected)
    source = page.read_text(encoding="utf-8")
    for f in found:
        if f.line == f.end_line and "\n" not in f.text:
            assert _source_span(source, f) == f.text, f


def test_script_style_head_and_furniture_outside_the_article_are_never_read():
    page = saved_page("某镇2024年工作总结\n全年新修道路12公里。\n")
    doc = from_bytes(page.encode("utf-8"), "p.html")
    assert doc.text == "某镇2024年工作总结\n全年新修道路12公里。"
    assert doc.furniture == []
    assert doc.format == "html" and doc.encoding == "html/utf-8"


def test_entities_br_and_paragraphs_become_characters_and_lines():
    src = "<div>一是&ldquo;三农&rdquo;投入&gt;1亿元&#12290;<br>二是新建&#x6865;梁3座</div><p>三是<b>完善</b>制度</p>"
    doc = from_bytes(src.encode("utf-8"), "f.html")
    assert doc.text == "一是“三农”投入>1亿元。\n二是新建桥梁3座\n三是完善制度"
    # 桥 is the entity &#x6865;: its position is the entity's
    line, col = doc.lines.position(doc.text.index("桥"))
    assert src[col - 1:].startswith("&#x6865;") and line == 1


def test_a_source_line_break_between_chinese_characters_is_no_space():
    doc = from_bytes("<p>全镇新建\n    产业路8公里, road\n    works</p>".encode(), "f.html")
    assert doc.text == "全镇新建产业路8公里, road works"


def test_furniture_inside_the_report_is_kept_and_reported_where_it_sits():
    src = ('<div class="content">\n<p>完成造林1200亩。</p>\n'
           '<div class="share-box">分享到：<a>微信</a> <a>微博</a></div>\n<p>全年接待游客5万人次。</p>\n</div>\n'
           '<div class="footer">主办单位：某县人民政府</div>\n')
    src = src.replace("1200亩。", "1200亩，森林覆盖率提高到62.5%，全年未发生森林火灾，林业有害生物防治率达到95%。")
    src = src.replace("5万人次。", "5万人次，实现旅游综合收入3000万元，新增农家乐12家，带动就业200余人。")
    report = check_bytes(src.encode("utf-8"), "cms.html")
    hits = [f for f in report.findings if f.rule == "artifact.page-furniture"]
    assert [(f.line, f.column, f.text, f.evidence["block"]) for f in hits] == [(3, 24, "分享到：微信 微博", "share")]
    assert "主办单位" not in from_bytes(src.encode("utf-8"), "cms.html").text


def test_a_checker_comment_in_the_page_suppresses_as_in_a_text_file():
    src = "<p>全镇共有XX个村。</p>\n<!-- checker-disable-next-line placeholder -->\n<p>新建XX公里道路。</p>\n"
    found = check_bytes(src.encode("utf-8"), "a.html").findings
    assert [(f.rule, f.line) for f in found] == [("placeholder.xxx", 1)]


def test_standard_input_is_read_as_the_page_its_name_says():
    src = "<p>低保资金364万。</p>".encode()
    found = check_bytes(src, "page.html").findings
    assert [(f.rule, f.line, f.column) for f in found] == [("missing-unit.money", 1, 8)]


def test_a_page_of_only_markup_and_scripts_is_an_input_error():
    with pytest.raises(InputError) as exc:
        from_bytes(b"<div><img src=a.png></div><script>var a = 1;</script><p hidden>x</p>", "x.html")
    assert exc.value.code == "empty"


def test_gbk_page_is_decoded():
    src = '<html><head><meta charset="gb2312"></head><body><p>全年完成投资3.2亿元。</p></body></html>'
    doc = from_bytes(src.encode("gbk"), "g.htm")
    assert doc.text == "全年完成投资3.2亿元。"


# --- positions as a property ------------------------------------------------------------------

_PIECES = st.sampled_from(["镇", "村", "新建", "12", "万元", "。", "XX", " ", "\n", "&amp;", "&lt;", "&#21348;",
                           "&nbsp;", "&ldquo;", "a", "<b>", "</b>", "<p>", "</p>", "<br>", "<span class=x>",
                           "</span>", "<div>", "</div>", "<!-- c -->", "<script>x<y</script>", "<td>", "<tr>"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=40))
def test_every_character_read_points_at_where_the_source_writes_it(pieces):
    source = "".join(pieces)
    try:
        doc = from_bytes(source.encode("utf-8"), "h.html")
    except InputError:
        return
    idx = LineIndex(source)
    for i, ch in enumerate(doc.text):
        if ch.isspace():
            continue
        line, col = doc.lines.position(i)
        at = idx.offset(line, col)
        written = source[at:]
        if written.startswith("&"):
            entity = written[: written.index(";") + 1]
            assert html.unescape(entity) == ch
        else:
            assert written[0] == ch
    # and back: the offset of a position is the character's
    for i, ch in enumerate(doc.text):
        if not ch.isspace():
            assert doc.lines.offset(*doc.lines.position(i)) == i


# --- hostile pages ----------------------------------------------------------------------------

def test_deep_nesting_is_read_in_bounded_time():
    depth = 100_000
    src = "<div>" * depth + "全年新建道路12公里。" + "</div>" * depth
    started = time.process_time()
    doc = from_bytes(src.encode(), "deep.html")
    assert doc.text == "全年新建道路12公里。"
    assert time.process_time() - started < 20


def test_a_huge_page_is_read_in_linear_time():
    para = "<p>全镇完成投资<b>3.2</b>亿元，同比增长8.5%&nbsp;。</p>\n"
    small, big = para * 2_000, para * 20_000
    t0 = time.process_time()
    from_bytes(small.encode(), "s.html")
    t1 = time.process_time()
    doc = from_bytes(big.encode(), "b.html")
    t2 = time.process_time()
    assert doc.text.count("\n") == 19_999
    assert t2 - t1 < 30 * max(t1 - t0, 0.01)


@pytest.mark.parametrize("seed", SEEDS, ids=[p.stem[:3] for p in SEEDS])
def test_furniture_the_page_puts_inside_a_seed_adds_only_its_own_finding(tmp_path, seed):
    page = saved_page(seed.read_text(encoding="utf-8"))
    third = page.index("<article>")
    for _ in range(5):  # after the fifth paragraph: report text on both sides, beyond a title's
        third = page.index("</p>", third) + 4
    widget = '\n<div class="article-share">分享到：<a>微信</a> <a>微博</a> <a>QQ空间</a></div>'
    path = tmp_path / "page.html"
    path.write_text(page[:third] + widget + page[third:], encoding="utf-8")
    found = _key(check_paths([path]).findings)
    expected = _key(check_paths([seed]).findings)
    extra = list(found)
    for key in expected:
        extra.remove(key)
    assert extra == [("artifact.page-furniture", "分享到：微信 微博 QQ空间")]


def test_the_articles_own_header_block_is_report_text_the_sites_is_not():
    src = ('<div class="header"><a>首页</a></div><div class="article-header"><h1>某镇2024年工作总结</h1></div>'
           '<div class="article-content"><p>全年新建道路12公里。</p></div>')
    assert from_bytes(src.encode(), "p.html").text == "某镇2024年工作总结\n全年新建道路12公里。"


def test_a_publication_info_line_under_the_title_is_the_pages_not_a_leak():
    src = ('<div class="content"><h1>低庄镇2024年工作总结</h1><div class="article-meta">发布时间：2025-01-08 '
           '来源：镇政府办</div><p>全年新建道路12公里，完成投资3200万元。</p>'
           '<div class="print">【打印本页】【关闭窗口】</div></div>')
    doc = from_bytes(src.encode(), "p.html")
    assert doc.text == "低庄镇2024年工作总结\n全年新建道路12公里，完成投资3200万元。" and doc.furniture == []


def test_the_cms_hook_guide_shows_what_checker_says():
    import json
    import re

    guide = (Path(__file__).resolve().parent.parent / "docs" / "cms-hook.md").read_text(encoding="utf-8")
    fragment = re.search(r"```html\n(.*?)```", guide, re.S).group(1)
    shown = json.loads(re.search(r"```json\n(.*?)```", guide, re.S).group(1))
    report = check_bytes(fragment.encode("utf-8"), "news/2025/t20250110_123.html")
    keys = ("rule", "line", "column", "end_line", "end_column", "text", "message")
    assert [{k: f[k] for k in keys} for f in shown["findings"]] == \
        [{k: getattr(f, k) for k in keys} for f in report.findings]


def test_a_head_left_open_ends_where_the_body_starts():
    src = "<html><head><meta charset=utf-8><title>标题</title>\n<body><p>全年新建道路12公里。</p></body></html>"
    assert from_bytes(src.encode(), "p.html").text == "全年新建道路12公里。"
    src = "<head><title>标题</title><div>全年新建道路12公里。</div>"
    assert from_bytes(src.encode(), "p.html").text == "全年新建道路12公里。"


def test_a_page_whose_wrapper_looks_like_furniture_is_read_whole():
    src = '<div class="page-wrap nav-fixed"><p>全年新建道路12公里。</p><p>完成投资3200万元。</p></div>'
    assert from_bytes(src.encode(), "p.html").text == "全年新建道路12公里。\n完成投资3200万元。"


def test_a_table_row_is_a_line_and_its_cells_are_tab_joined_as_in_docx():
    src = ("<table><tr><th>项目</th><th>金额</th></tr>\n<tr><td>道路 硬化</td>\n<td>300万元</td></tr>"
           "<tr><td>桥梁</td><td></td><td>2座</td></tr></table><p>合计完成投资500万元。</p>")
    doc = from_bytes(src.encode(), "t.html")
    assert doc.text == "项目\t金额\n道路 硬化\t300万元\n桥梁\t2座\n合计完成投资500万元。"
