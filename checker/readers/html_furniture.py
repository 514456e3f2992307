"""Which elements of a web page are its furniture, not the report: from the DOM alone.

An element is furniture by its tag (nav, header, footer, aside), its ARIA role (navigation, banner,
contentinfo, complementary, search) or a word of its class or id (split at anything not a letter or
digit: "bdsharebuttonbox", "xgwz" (相关文章) and "fbsj" (发布时间) are common Chinese-CMS names). A
header inside the report's own article, or one whose class also names the article ("article-header",
"news-title-head"), is the report's title block. Hidden elements (`hidden`, `aria-hidden`, an inline
`display:none`) are never text.
"""

from __future__ import annotations

import re

# What each tag, role and class/id word marks (the label names the block in the finding).
FURNITURE_TAGS = {"nav": "navigation", "header": "header", "footer": "footer", "aside": "sidebar"}
FURNITURE_ROLES = {"navigation": "navigation", "banner": "header", "contentinfo": "footer",
                    "complementary": "sidebar", "search": "navigation"}
FURNITURE_WORDS = {
    "nav": "navigation", "navbar": "navigation", "navigation": "navigation", "menu": "navigation",
    "breadcrumb": "navigation", "breadcrumbs": "navigation", "crumb": "navigation", "crumbs": "navigation",
    "position": "navigation", "location": "navigation", "dqwz": "navigation",
    "header": "header", "topbar": "header", "banner": "header",
    "footer": "footer", "foot": "footer", "copyright": "footer", "bottom": "footer",
    "sidebar": "sidebar", "aside": "sidebar",
    "share": "share", "bdshare": "share", "bdsharebuttonbox": "share", "social": "share", "fenxiang": "share",
    "related": "related", "relate": "related", "recommend": "related", "xgwz": "related", "xgxw": "related",
    "hot": "related", "pager": "navigation", "pagination": "navigation", "prevnext": "navigation",
    "search": "navigation", "login": "navigation",
    "meta": "info", "pubtime": "info", "fbsj": "info",
    "print": "tools", "tools": "tools", "toolbar": "tools", "fontsize": "tools", "qrcode": "tools", "ewm": "tools",
}
# "header" inside the report's own article is its title block, not the site's.
ARTICLE_TAGS = frozenset({"article", "main"})
ARTICLE_WORDS = frozenset({"article", "content", "detail", "main", "news", "post", "title", "text", "body"})
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def hidden(attrs: list[tuple[str, str | None]]) -> bool:
    """Whether an element is not shown (its text is no more the page's than a script's)."""
    for name, value in attrs:
        if name == "hidden" or (name == "aria-hidden" and value == "true"):
            return True
        if name == "style" and value and _HIDDEN_STYLE.search(value):
            return True
    return False


def furniture_of(tag: str, attrs: dict[str, str | None], inside_article: bool) -> str | None:
    """The furniture label of an element (navigation, header, footer, sidebar, share, related, info,
    tools), or None for an element that may hold report text."""
    label = FURNITURE_TAGS.get(tag) or FURNITURE_ROLES.get((attrs.get("role") or "").lower())
    if label is None:
        words = _WORD_SPLIT.split(f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower())
        label = next((FURNITURE_WORDS[w] for w in words if w in FURNITURE_WORDS), None)
        # "article-header", "news_title_head": the report's own title block, not the site's
        if label == "header" and not ARTICLE_WORDS.isdisjoint(words):
            return None
    if label == "header" and inside_article:
        return None
    return label
