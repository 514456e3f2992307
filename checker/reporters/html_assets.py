"""The stylesheet and script inlined into every HTML report (no CDN: the file must work offline,
attached to an e-mail or opened from a CI artifact).

The script reads only the DOM the reporter wrote (data-* attributes and the finding cards); it
never parses report text as HTML, so escaped text stays text.
"""

CSS = """
:root{--err:#c62828;--err-bg:rgba(198,40,40,.16);--warn:#a66a00;--warn-bg:rgba(230,160,0,.24);
--info:#1565c0;--info-bg:rgba(21,101,192,.14);--fg:#1f2328;--muted:#646c76;--line:#d8dee4;--bg:#f6f8fa;
--card:#fff;--accent:#0b5cad}
*{box-sizing:border-box}
body{margin:0;color:var(--fg);background:var(--bg);font:15px/1.65 system-ui,-apple-system,"Segoe UI",
"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Zen Hei",sans-serif}
header{background:#1f2a37;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:22px;font-weight:600;letter-spacing:.02em}
header .meta{margin:4px 0 0;color:#c9d1d9;font-size:13px}
.totals{display:flex;gap:10px;margin-top:12px;flex-wrap:wrap}
.total{background:rgba(255,255,255,.09);border-radius:8px;padding:6px 14px;min-width:92px}
.total b{display:block;font-size:20px;line-height:1.2}
.total.error b{color:#ff8a80}.total.warning b{color:#ffd54f}.total.info b{color:#90caf9}
.layout{display:grid;grid-template-columns:250px minmax(0,1fr);gap:22px;padding:20px 28px;align-items:start}
nav{position:sticky;top:12px;background:var(--card);border:1px solid var(--line);border-radius:10px;
padding:12px 14px;font-size:14px;max-height:calc(100vh - 24px);overflow:auto}
nav h2{font-size:13px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:10px 0 6px}
nav fieldset{border:0;margin:0 0 6px;padding:0}
nav legend{font-weight:600;margin-bottom:2px}
nav label{display:flex;gap:6px;align-items:center;cursor:pointer;padding:1px 0}
nav label .n{margin-left:auto;color:var(--muted);font-variant-numeric:tabular-nums}
nav ul{list-style:none;margin:0;padding:0}
nav li a{display:flex;gap:6px;color:var(--accent);text-decoration:none;padding:2px 0;word-break:break-all}
nav li a .n{margin-left:auto;color:var(--muted);flex-shrink:0;white-space:nowrap}
main{min-width:0}
section.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 18px;
margin-bottom:20px}
section.panel h2{margin:0 0 10px;font-size:17px}
.tables{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,2fr);gap:18px}
table{border-collapse:collapse;width:100%;font-size:13.5px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600;background:#fafbfc;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td details summary{cursor:pointer}
td details p{margin:4px 0;color:var(--muted)}
code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eef1f4;
padding:1px 5px;border-radius:4px}
.doc h2{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap;word-break:break-all}
.doc h2 .n{font-size:13px;font-weight:400;color:var(--muted)}
.doc .input-problem{color:var(--err);margin:4px 0}
ol.lines{list-style:none;margin:0;padding:0;border-top:1px solid var(--line)}
li.line{display:grid;grid-template-columns:3.2em minmax(0,1fr);gap:0 12px;padding:3px 0;
border-bottom:1px solid #eef1f4}
li.line.flagged{grid-template-columns:3.2em minmax(0,1fr) minmax(240px,34%);background:#fffdf6}
li.line.flagged.quiet{background:none}
body.only-flagged li.line:not(.shown){display:none}
a.ln{color:#8c959f;text-align:right;text-decoration:none;font:12px/2 ui-monospace,monospace;user-select:none}
.text{white-space:pre-wrap;word-break:break-word;min-height:1.2em}
mark.hl{background:var(--err-bg);border-bottom:2px solid var(--err);color:inherit;border-radius:2px;
cursor:pointer;padding:0 1px}
mark.hl.sev-warning{background:var(--warn-bg);border-bottom-color:var(--warn)}
mark.hl.sev-info{background:var(--info-bg);border-bottom-color:var(--info)}
mark.hl.empty::before{content:"\\2038";color:var(--err);font-weight:700}
mark.hl.off{background:none;border-bottom-color:transparent;cursor:auto}
mark.hl.off.empty::before{content:none}
mark.hl.flash,.finding.flash{outline:3px solid #ffb300;outline-offset:1px}
.notes{display:flex;flex-direction:column;gap:6px;padding:2px 0}
.finding{border:1px solid var(--line);border-left:4px solid var(--err);border-radius:6px;padding:5px 9px;
background:#fff;font-size:13.5px;line-height:1.5}
.finding.sev-warning{border-left-color:var(--warn)}.finding.sev-info{border-left-color:var(--info)}
.finding[hidden]{display:none}
.finding .head{display:flex;gap:6px;align-items:center;flex-wrap:wrap;color:var(--muted);font-size:12px}
.badge{border-radius:10px;padding:0 7px;color:#fff;background:var(--err);font-size:11.5px;font-weight:600}
.badge.sev-warning{background:var(--warn)}.badge.sev-info{background:var(--info)}
.finding .msg{margin:3px 0 0;font-weight:500}
.finding .extra{margin:2px 0 0;color:var(--muted)}
.finding .extra b{color:var(--fg);font-weight:500}
.finding pre{white-space:pre-wrap;margin:4px 0 0;font-size:12px;background:var(--bg);padding:4px 6px;
border-radius:4px}
.clean{color:var(--muted)}
#tip{position:fixed;z-index:10;max-width:380px;pointer-events:none;display:none;box-shadow:0 6px 24px
rgba(0,0,0,.18);border-radius:8px}
#tip .finding{margin:0}
footer{color:var(--muted);font-size:12px;padding:0 28px 24px}
@media (max-width:900px){.layout{grid-template-columns:1fr}nav{position:static;max-height:none}
.tables{grid-template-columns:1fr}li.line.flagged{grid-template-columns:3.2em minmax(0,1fr)}
li.line.flagged .notes{grid-column:2}}
"""

JS = """
(function () {
  "use strict";
  var body = document.body;
  var cards = Array.prototype.slice.call(document.querySelectorAll(".finding[data-severity]"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.hl"));
  var rank = {error: 2, warning: 1, info: 0};
  function checked(kind) {
    var on = {};
    document.querySelectorAll("input[data-filter='" + kind + "']").forEach(function (box) {
      on[box.value] = box.checked;
    });
    return on;
  }
  function apply() {
    var sev = checked("severity"), cat = checked("category");
    cards.forEach(function (c) { c.hidden = !(sev[c.dataset.severity] && cat[c.dataset.category]); });
    marks.forEach(function (m) {
      var best = null;
      m.dataset.f.split(" ").forEach(function (id) {
        var c = document.getElementById(id);
        if (c && !c.hidden && (best === null || rank[c.dataset.severity] > rank[best])) { best = c.dataset.severity; }
      });
      m.classList.toggle("off", best === null);
      ["error", "warning", "info"].forEach(function (s) { m.classList.toggle("sev-" + s, s === best); });
    });
    document.querySelectorAll("li.line").forEach(function (li) {
      var shown = li.querySelector(".finding:not([hidden])") !== null;
      li.classList.toggle("shown", shown);
      li.classList.toggle("quiet", li.classList.contains("flagged") && !shown);
    });
    document.querySelectorAll("section.doc").forEach(function (d) {
      var n = d.querySelectorAll(".finding:not([hidden])").length;
      var out = d.querySelector("[data-visible]");
      if (out) { out.textContent = String(n); }
      var link = document.querySelector("a[href='#" + d.id + "'] .n");
      if (link) { link.textContent = String(n); }
    });
    body.classList.toggle("only-flagged", document.getElementById("only-flagged").checked);
  }
  document.querySelectorAll("nav input").forEach(function (box) { box.addEventListener("change", apply); });
  function flash(el) {
    el.classList.add("flash");
    setTimeout(function () { el.classList.remove("flash"); }, 1200);
  }
  var tip = document.getElementById("tip");
  marks.forEach(function (m) {
    m.addEventListener("mouseenter", function () {
      if (m.classList.contains("off")) { return; }
      tip.textContent = "";
      m.dataset.f.split(" ").forEach(function (id) {
        var c = document.getElementById(id);
        if (c && !c.hidden) { var copy = c.cloneNode(true); copy.removeAttribute("id"); tip.appendChild(copy); }
      });
      var r = m.getBoundingClientRect();
      tip.style.display = "block";
      tip.style.left = Math.max(8, Math.min(r.left, window.innerWidth - tip.offsetWidth - 8)) + "px";
      var below = r.bottom + 6;
      tip.style.top = (below + tip.offsetHeight > window.innerHeight ? r.top - tip.offsetHeight - 6 : below) + "px";
    });
    m.addEventListener("mouseleave", function () { tip.style.display = "none"; tip.textContent = ""; });
    m.addEventListener("click", function () {
      var c = document.getElementById(m.dataset.f.split(" ")[0]);
      if (c) { flash(c); }
    });
  });
  cards.forEach(function (c) {
    c.addEventListener("click", function () {
      marks.forEach(function (m) { if (m.dataset.f.split(" ").indexOf(c.id) >= 0) { flash(m); } });
    });
  });
  apply();
  body.dataset.ready = "1";
})();
"""

# The index page of a multi-page report (html_site) and its pages' pager.
INDEX_CSS = """
header .meta a{color:#90caf9}
main.index{padding:20px 28px}
nav .pager{display:flex;justify-content:space-between;gap:8px;margin:0 0 8px}
nav .pager a{color:var(--accent);text-decoration:none}
#files .tools{display:flex;gap:16px;align-items:center;flex-wrap:wrap}
#files input[type=search]{font:inherit;padding:3px 8px;min-width:260px;border:1px solid var(--line);border-radius:6px}
table.files td a{color:var(--accent);text-decoration:none;word-break:break-all}
table.files td.sev-error{color:var(--err)}table.files td.sev-warning{color:var(--warn)}
table.files td.sev-info{color:var(--info)}
table.files tr[hidden]{display:none}
"""

# Filters the index's rows by file name and by "has findings"; reads only the rows' text and data-n.
INDEX_JS = """
(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.files tbody tr"));
  var text = document.getElementById("file-filter"), flagged = document.getElementById("with-findings");
  function apply() {
    var needle = text.value.trim().toLowerCase(), only = flagged.checked;
    rows.forEach(function (r) {
      var name = r.cells[0].textContent.toLowerCase();
      r.hidden = (needle !== "" && name.indexOf(needle) < 0) || (only && r.dataset.n === "0");
    });
  }
  text.addEventListener("input", apply);
  flagged.addEventListener("change", apply);
  apply();
  document.body.dataset.ready = "1";
  // how long the page took to be usable, from the start of navigation (tests hold it under 5 s)
  document.body.dataset.readyMs = String(Math.round(performance.now()));
})();
"""
