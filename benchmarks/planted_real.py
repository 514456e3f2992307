"""Planted-defect benchmark on real text: damage real reports the way exports, edits and scrapes do,
then count how often checker reports the damage on its line.

`benchmarks/quality` plants defects into documents written for the benchmark; this one plants them
into real reports nobody wrote for checker (any folder of .txt files: `../shared/real/texts`, an
archive of your own), so the figures say how the rules fare on real wording. For every document and
every planter that finds a site, one copy with that one defect is written; checker runs on the
originals and on the copies, and a defect counts as found when a finding that the original did not
have (same rule, same line) sits on the damaged line (for a contradicted restatement, also a
finding whose message names that line, as gold files accept a `related_line`).

    python benchmarks/planted_real.py [--pages DIR] [--work DIR] [--seed N] [--show] [--traditional]

The planters are deliberately plain (drop 元 or 万, lose a decimal point, stack two magnitudes, blank
a count, glue scrape furniture to a sentence …) and know nothing of the rules; the same hands wrote
both, so read the figures as a floor for these shapes, not as recall on every kind of damage.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HAN = r"[\u4e00-\u9fff]"
MONEY_CONTEXT = re.compile(r"资金|投资|收入|投入|补助|补贴|产值|总额|金额|资产|发放|兑现|奖补|到位|筹集|争取")
DEFAULT_PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "real" / "texts"

Planted = tuple[str, int, int]  # the damaged line, and the damaged span's start and end in it
Planter = Callable[[str, random.Random, list[str]], Planted | None]


@dataclass(frozen=True)
class Kind:
    name: str
    category: str
    plant: Planter
    ends_text: bool = False  # the damage also drops every later line (a cut-off copy)


def _replace(line: str, m: re.Match[str], new: str) -> Planted:
    return line[: m.start()] + new + line[m.end():], m.start(), m.start() + len(new)


def _pick(pattern: str, line: str, rng: random.Random,
          keep: Callable[[re.Match[str]], bool] = lambda m: True) -> re.Match[str] | None:
    found = [m for m in re.finditer(pattern, line) if keep(m)]
    return rng.choice(found) if found else None


def _money(line: str) -> Callable[[re.Match[str]], bool]:
    return lambda m: MONEY_CONTEXT.search(line[max(0, m.start() - 25): m.start()]) is not None


def drop_yuan(line: str, rng: random.Random, doc: list[str]) -> Planted | None:
    """低保资金364万元 -> 364万: the currency unit lost."""
    m = _pick(r"(\d+(?:\.\d+)?)(万|亿)元(?=[，。；,])", line, rng, _money(line))
    return _replace(line, m, m.group(1) + m.group(2)) if m else None


def drop_wan_count(line: str, rng: random.Random, doc: list[str]) -> Planted | None:
    """2.45万亩 -> 2.45亩, 0.4万人 -> 0.4人: the magnitude lost from a quantity."""
    m = _pick(r"(\d+(?:\.\d+)?)万(亩|吨|头|人次|人)", line, rng,
              lambda m: "." in m.group(1) or float(m.group(1)) < 100)
    return _replace(line, m, m.group(1) + m.group(2)) if m else None


def drop_wan_money(line: str, rng: random.Random, doc: list[str]) -> Planted | None:
    """完成投资3.5亿元 -> 3.5元: both the magnitude and its sense lost."""
    m = _pick(r"(\d+(?:\.\d+)?)(亿元|万元)", line, rng,
              lambda m: _money(line)(m) and (m.group(2) == "亿元" or float(m.group(1)) < 1000))
    return _replace(line, m, m.group(1) + "元") if m else None


def growth_decimal(line: str, rng: random.Random, doc: list[str]) -> Planted | None:
    """增长10.7% -> 107%: a decimal point lost in a rate."""
    m = _pick(r"((?:增长|增加|提高|下降)了?)(\d{1,2})\.(\d)%", line, rng,
              lambda m: float(m.group(2) + m.group(3)) >= 40)
    return _replace(line, m, m.group(1) + m.group(2) + m.group(3) + "%") if m else None


def doubled_magnitude(line: str, rng: random.Random, doc: list[str]) -> Planted | None:
    """1.78亿元 -> 1.78亿万元: a magnitude edited without deleting the old one."""
    m = _pick(r"(\d+(?:\.\d+)?)(万元|亿元)", line, rng)
    return _replace(line, m, m.group(1) + ("万万元" if m.group(2) == "万元" else "亿万元")) if m else None


def bare_square(line: str, rng: random.Random, doc: list[str]) -> Planted | None:
    """6.5平方公里 -> 6.5平方: half of the unit lost."""
    m = _pick(r"(\d+(?:\.\d+)?)(平方米|平方公里)", line, rng)
    return _replace(line, m, m.group(1) + ("平米" if m.group(2) == "平方米" else "平方")) if m else None


def part_changed(line: str, rng: random.Random, doc: list[str]) -> Planted | None:
    """A total whose 其中-parts add up exactly; one part changed so they no longer do."""
    for t in re.finditer(r"(?<![\d.])(\d+(?:\.\d+)?)(万元|亿元|万亩|亩|户|人|个|家|公里|吨|万吨|所|处|件)", line):
        m = re.compile(r"[^。；\n]{0,30}?其中([^。\n]{4,160})").match(line, t.end())
        if m is None:
            continue
        total, unit = float(t.group(1)), t.group(2)
        parts = list(re.finditer(r"(?<![\d.])(\d+(?:\.\d+)?)" + re.escape(unit) + r"(?![^，。；]*[%％])", m.group(1)))
        if len(parts) < 2 or abs(sum(float(p.group(1)) for p in parts) - total) > 1e-6 * max(1.0, total):
            continue
        p = rng.choice(parts)
        old = p.group(1)
        if "." in old:
            new = f"{float(old) + rng.choice([0.3, 0.5, 1.2]):.{len(old.split('.')[1])}f}"
        else:
            new = str(int(old) + max(1, round(int(old) * rng.choice([0.2, 0.3, 0.5]))))
        start = m.start(1) + p.start(1)
        return line[:start] + new + line[start + len(old):], start, start + len(new)
    return None


# Words that make a figure something other than the year's fact of the whole place: a part of the
# year, several years, a date inside the year, a plan. A figure stated in such a sentence and restated
# bare elsewhere (上半年…培训人数达54人 … 培训人数86人) is no restatement a reader would flag; nor is a
# bare figure appended to a paragraph that names a part of the year (PART_OF_YEAR: it holds for the
# paragraph's later sentences).
PART_OF_YEAR = (r"上半年|下半年|季度|\d+\s*[-—–~～至到]+\s*\d+\s*月|[一二三四五六七八九十\d]+月[份底末]"
                r"|截[至止]\s*\d+\s*月")
NOT_THE_YEAR = re.compile(PART_OF_YEAR + r"|截[至止]|年[来來]|以[来來]|期[间間]|十[一二三四五]五|[届屆]|累[计計]|同期"
                          r"|[计計][划劃畫]|[预預][计計]|目[标標]|力[争爭]|[争爭]取|[拟擬]|[将將]|[规規][划劃]|[预預]算")


def restated(line: str, rng: random.Random, doc: list[str]) -> Planted | None:
    """A figure of another paragraph stated again here with another value (1500余亩 … 1000余亩).

    Only a figure that is one fact by itself: not the first of a pair (达7338万元和4022万元), not a
    rank (位列全市165个迎检乡镇), not 341人 cut from 341人次, not in a sentence naming another period
    or a plan (NOT_THE_YEAR); and appended only to a paragraph that names no part of the year."""
    if not line.endswith("。") or len(line) < 20 or re.search(PART_OF_YEAR, line):
        return None
    figures = [m for other in doc if other is not line for m in re.finditer(
        r"(?<=[，。；,;：:])(" + HAN + r"{4,8}?)(?:达到?|为|完成|实现)?(\d+(?:\.\d+)?)"
        r"(万元|亿元|万亩|亩|户|人|公里|吨|万吨|个|家)(?![次和、及与至到~～-]|" + HAN + r"{0,2}[%％])", other)
        if not re.search(r"其中|增|减|比|占|率|均|每|年|月|位列|排名|位居", m.group(1))
        and not NOT_THE_YEAR.search(other[other.rfind("。", 0, m.start()) + 1: m.start(2)])]
    if not figures:
        return None
    m = rng.choice(figures)
    old = m.group(2)
    value = float(old) * rng.choice([1.3, 1.6, 0.7])
    new = f"{value:.{len(old.split('.')[1])}f}" if "." in old else str(round(value))
    if new == old:
        return None
    sentence = m.group(1) + new + m.group(3) + "。"
    return line + sentence, len(line), len(line) + len(sentence)


def year_swap(line: str, rng: random.Random, doc: list[str]) -> Planted | None:
    """2023年，全镇完成… -> 2032年: the last two digits of the report's year swapped."""
    title = re.search(r"(20\d\d)年", doc[1] if len(doc) > 1 else "")
    if title is None or title.group(1)[2] == title.group(1)[3] or line is doc[1]:
        return None  # the title's year is the reference: a body year is swapped
    year = title.group(1)
    m = _pick(re.escape(year) + r"(?=年)", line, rng)
    return _replace(line, m, year[:2] + year[3] + year[2]) if m else None


def template_name(line: str, rng: random.Random, doc: list[str]) -> Planted | None:
    """在青山村开展 -> 在XX村开展: a template's placeholder left in."""
    m = _pick(r"(?<=[在对为、和与，,])(" + HAN + r"{2})(村|社区)(?=" + HAN + ")", line, rng)
    return _replace(line, m, rng.choice(["XX", "XXX", "××"]) + m.group(2)) if m else None


def blank_count(line: str, rng: random.Random, doc: list[str]) -> Planted | None:
    """共帮扶126户 -> 共帮扶XX户: a count never filled in."""
    m = _pick(r"(?<=[共达计完成新增])(\d+)(户|人|个|家|项|次|件|名)", line, rng)
    return _replace(line, m, rng.choice(["XX", "X", "××"]) + m.group(2)) if m else None


def _glued(texts: tuple[str, ...]) -> Planter:
    def plant(line: str, rng: random.Random, doc: list[str]) -> Planted | None:
        if not line.endswith("。") or len(line) < 20:
            return None
        glued = rng.choice(texts)
        return line + glued, len(line), len(line) + len(glued)
    return plant


def bookmark(line: str, rng: random.Random, doc: list[str]) -> Planted | None:
    """A Word bookmark exported as text at the start of a paragraph."""
    return ("[bookmark: _GoBack]" + line, 0, 19) if len(line) >= 10 else None


KINDS = (
    Kind("drop-yuan", "missing-unit", drop_yuan),
    Kind("drop-wan-count", "implausible-value", drop_wan_count),
    Kind("drop-wan-money", "implausible-value", drop_wan_money),
    Kind("growth-decimal", "implausible-growth", growth_decimal),
    Kind("part-changed", "arithmetic", part_changed),
    Kind("restated", "inconsistency", restated),
    Kind("year-swap", "inconsistency", year_swap),
    Kind("template-name", "placeholder", template_name),
    Kind("blank-count", "placeholder", blank_count),
    Kind("paywall-marker", "artifact", _glued(("##paidbegin##", "##paidend##"))),
    Kind("bookmark", "artifact", bookmark),
    Kind("scrape-footer", "artifact", _glued(("如若转载，请注明出处：http://www.fanwen.com/a/12345.html",
                                               "本文来源于网络，如有侵权请联系删除。", "关键词2", "免费下载本文档"))),
    Kind("doubled-magnitude", "unit-format", doubled_magnitude),
    Kind("bare-square", "unit-format", bare_square),
)


def plant_all(pages: list[Path], out: Path, seed: int, traditional: bool = False) -> list[dict[str, object]]:
    """Write originals to out/orig and one damaged copy per (page, kind) to out/planted; with
    `traditional`, both are written in traditional script (OpenCC s2t after planting: the damage
    is planted where the simplified planters find it, then the copy reads as a Taiwan or Hong Kong
    portal would publish it). A page already in traditional script is first read in simplified
    (OpenCC t2s), or the planters, which look for 万元 and 其中, would find no site in 萬元 and 其中;
    the original is written through the same round trip, so the copy differs from it by the damage
    alone (the page's own conversion leftovers, 干部 in a 幹部 text, are evened out on both)."""
    convert = _s2t() if traditional else (lambda t: t)
    read = _t2s() if traditional else (lambda t: t)
    rng = random.Random(seed)
    (out / "orig").mkdir(parents=True, exist_ok=True)
    (out / "planted").mkdir(parents=True, exist_ok=True)
    plants: list[dict[str, object]] = []
    for k, page in enumerate(pages):
        text = read(page.read_text(encoding="utf-8", errors="replace"))
        name = f"{k:03d}"
        (out / "orig" / f"{name}.txt").write_text(convert(text), encoding="utf-8")
        for kind in KINDS:
            lines = text.split("\n")
            order = list(range(1, len(lines)))  # line 1 may be a url (../shared/real): left alone
            rng.shuffle(order)
            for i in order:
                done = kind.plant(lines[i], rng, lines)
                if done is None or done[0] == lines[i]:
                    continue
                lines[i] = done[0]
                if kind.ends_text:
                    del lines[i + 1:]
                copy = f"{name}_{kind.name}.txt"
                (out / "planted" / copy).write_text(convert("\n".join(lines)), encoding="utf-8")
                plants.append({"file": copy, "orig": name, "kind": kind.name, "category": kind.category,
                               "line": i + 1, "text": done[0][max(0, done[1] - 8): done[2] + 8]})
                break
    return plants


def _s2t() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("s2t").convert  # type: ignore[no-any-return]


def _t2s() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("t2s").convert  # type: ignore[no-any-return]


def findings(folder: Path) -> list[dict[str, object]]:
    run = subprocess.run([sys.executable, "-m", "checker", "check", str(folder), "--format", "json", "-q",
                          "--no-cache", "--isolated"], capture_output=True, text=True, check=False)
    return list(json.loads(run.stdout)["findings"])


def found(plant: dict[str, object], new: list[dict[str, object]]) -> bool:
    line = plant["line"]
    if any(f["line"] == line for f in new):
        return True
    return plant["category"] == "inconsistency" and any(
        f["category"] == "inconsistency" and f"第{line}行" in str(f["message"]) for f in new)


def score(out: Path, plants: list[dict[str, object]], show: bool) -> Counter[tuple[str, bool]]:
    before = {(Path(str(f["path"])).stem, f["rule"], f["line"]) for f in findings(out / "orig")}
    after: dict[str, list[dict[str, object]]] = {}
    for f in findings(out / "planted"):
        after.setdefault(Path(str(f["path"])).name, []).append(f)
    tally: Counter[tuple[str, bool]] = Counter()
    for p in plants:
        new = [f for f in after.get(str(p["file"]), []) if (p["orig"], f["rule"], f["line"]) not in before]
        hit = found(p, new)
        tally[(str(p["kind"]), hit)] += 1
        if show and not hit:
            print(f"missed {p['kind']:18s} {p['file']}:{p['line']}  {p['text']!r}")
    return tally


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="folder of real reports (.txt)")
    ap.add_argument("--work", type=Path, default=None, help="where to write the copies (default: a temp dir)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--show", action="store_true", help="print every missed defect")
    ap.add_argument("--traditional", action="store_true", help="write the copies in traditional script")
    args = ap.parse_args()
    pages = sorted(p for p in args.pages.glob("*.txt") if p.stat().st_size >= 300)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.work or Path(tmp)
        plants = plant_all(pages, out, args.seed, args.traditional)
        tally = score(out, plants, args.show)
    script = ", in traditional script" if args.traditional else ""
    print(f"{len(pages)} reports from {args.pages}{script}, seed {args.seed}, {len(plants)} planted defects\n")
    print("| planted defect | category | found | planted | recall |\n|---|---|---:|---:|---:|")
    for kind in KINDS:
        hit, total = tally[(kind.name, True)], tally[(kind.name, True)] + tally[(kind.name, False)]
        if total:
            print(f"| {kind.name} | {kind.category} | {hit} | {total} | {hit / total:.2f} |")
    hits = sum(n for (_, hit), n in tally.items() if hit)
    print(f"| **all** | | {hits} | {len(plants)} | {hits / max(len(plants), 1):.2f} |")


if __name__ == "__main__":
    main()
