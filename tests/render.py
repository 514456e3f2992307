"""Seeds (or any text) rendered as the files reports come in: a saved web page, a CMS fragment and
a PDF with running headers and page numbers, written by the tests themselves."""

from __future__ import annotations

import html
import io
import re

PAGE_HEADER = "某县人民政府办公室文件"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def report_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def saved_page(text: str) -> str:
    """A government portal's page: site header, navigation and breadcrumbs before the article,
    share widget, related articles and footer after it, scripts with figures of their own."""
    lines = report_lines(text)
    title = html.escape(lines[0], quote=False)
    body = "\n".join(f'<p style="text-indent:2em">{html.escape(line, quote=False)}</p>' for line in lines[1:])
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}_某县人民政府门户网站</title>
<style>p {{ margin: 0 0 .5em }} .nav a::after {{ content: "|" }}</style>
<script>var stats = {{ visits: "1280人次", area: "2.45亩" }}; if (1 < 2) document.title += "";</script>
</head>
<body>
<div class="header"><img src="logo.png" alt="某县人民政府"><div id="search">搜索</div></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li></ul>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 工作总结</div>
<article>
<header><h1>{title}</h1></header>
{body}
</article>
<div class="bdsharebuttonbox">分享到：<a class="bds_weixin">微信</a><a class="bds_tsina">微博</a></div>
<div class="related"><h3>相关文章</h3><ul><li><a>XX镇召开2024年工作部署会</a></li></ul></div>
<div class="footer">主办单位：某县人民政府办公室&nbsp;&nbsp;网站标识码：4312000001<br>
<script>document.write("访问量：9999万");</script></div>
</body></html>
"""


def cms_fragment(text: str) -> str:
    """What a CMS editor holds: paragraphs only, each broken over two source lines between two
    Chinese characters (where a browser shows no space)."""
    out = []
    for line in report_lines(text):
        escaped = html.escape(line, quote=False)
        cut = len(escaped) // 2
        while cut < len(escaped) and not (_CJK.match(escaped[cut - 1]) and _CJK.match(escaped[cut])):
            cut += 1
        out.append(f"<p>\n  {escaped[:cut]}\n  {escaped[cut:]}\n</p>")
    return "\n".join(out) + "\n"


def pdf_bytes(text: str, *, furniture: bool = True, indent: bool = True) -> bytes:
    """An A4 PDF of `text`, one paragraph per line, CJK-wrapped at the margin, with a running header
    and a page number on every page (reportlab's built-in CID font STSong-Light: no font file)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=18, wordWrap="CJK",
                           spaceAfter=6, firstLineIndent=24 if indent else 0)

    def page_furniture(canvas, doc):  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("STSong-Light", 9)
        canvas.drawString(72, A4[1] - 40, PAGE_HEADER)
        canvas.drawCentredString(A4[0] / 2, 30, f"- {doc.page} -")
        canvas.restoreState()

    out = io.BytesIO()
    story = [Paragraph(html.escape(line, quote=False), style) for line in report_lines(text)]
    hooks = {"onFirstPage": page_furniture, "onLaterPages": page_furniture} if furniture else {}
    SimpleDocTemplate(out, pagesize=A4, title="report").build(story, **hooks)
    return out.getvalue()
