"""Fault injector: plants one defect of a category on a known line of a clean document.

Each injector is a regex over one line and a replacement that makes the figure wrong the way
real reports are wrong (元 dropped, 万 dropped, a part changed so the sum breaks, a growth rate's
decimal point lost, a restated figure changed, a placeholder or a scrape artifact left in).
The injector returns the line number (1-based) it damaged, so recall can be scored by line.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.quality.corpus import Doc

Transform = Callable[[re.Match[str], random.Random], str]


@dataclass(frozen=True)
class Injector:
    category: str
    name: str
    pattern: str
    transform: Transform
    line_filter: str = ""  # the line must also match this (e.g. a money word before the figure)


def _sub_once(line: str, inj: Injector, rng: random.Random) -> str:
    matches = list(re.finditer(inj.pattern, line))
    m = rng.choice(matches)
    return line[: m.start()] + inj.transform(m, rng) + line[m.end():]


def _growth_typo(m: re.Match[str], rng: random.Random) -> str:
    v = float(m.group(2))
    typo = v * 10 if v * 10 > 60 else v * 100
    return f"{m.group(1)}{typo:g}%"


INJECTORS: list[Injector] = [
    # missing-unit: 元 dropped after 万 (not before 和/、, where a shared tail would be legitimate)
    Injector("missing-unit", "drop-yuan", r"(\d+(?:\.\d+)?)万元(?![和、至])", lambda m, r: f"{m.group(1)}万",
             line_filter=r"资金|投资|收入|低保金|供养金|津贴"),
    # unit-format
    Injector("unit-format", "pingmi", r"(\d+)平方米", lambda m, r: m.group(1) + r.choice(["平米", "m2", "平"])),
    Injector("unit-format", "mw-case", r"(\d+)MW", lambda m, r: m.group(1) + "mw"),
    Injector("unit-format", "month", r"(\d+)月底", lambda m, r: m.group(1) + "底"),
    Injector("unit-format", "approx-twice", r"约(\d+)份", lambda m, r: f"约{m.group(1)}余份"),
    Injector("unit-format", "decimal-comma", r"(\d+)\.(\d{1,2})亿元", lambda m, r: f"{m.group(1)}、{m.group(2)}亿元"),
    # placeholder: a blank figure, or a template XX
    Injector("placeholder", "blank", r"((?:共|全年|累计)[^\d，。；]{0,10}?)(\d+)(名|件|起|人次)",
             lambda m, r: m.group(1) + m.group(3)),
    Injector("placeholder", "xx", r"([\u4e00-\u9fff]{2})村(?=[\u4e00-\u9fff])",
             lambda m, r: "XX村"),
    # artifact (another helper's rules; measured here all the same)
    Injector("artifact", "bookmark", r"^(.)", lambda m, r: "[bookmark: _GoBack]" + m.group(1)),
    Injector("artifact", "paywall", r"。$", lambda m, r: "。##paidbegin##"),
    # implausible-value
    Injector("implausible-value", "crop-drop-wan", r"(种植面积(?:达到|稳定在)?)(\d+)亩",
             lambda m, r: f"{m.group(1)}{int(m.group(2)) / 1000:g}亩"),
    Injector("implausible-value", "rate-year", r"(办结率|整改率)100%", lambda m, r: f"{m.group(1)}20230%"),
    Injector("implausible-value", "income-drop", r"(人均可支配收入(?:达到?)?)(\d+)元",
             lambda m, r: f"{m.group(1)}{int(m.group(2)) / 10000:g}元"),
    Injector("implausible-value", "household-size", r"(低保对象|惠及)(\d+)户(\d+)人",
             lambda m, r: f"{m.group(1)}{m.group(3)}户{m.group(2)}人"),
    Injector("implausible-value", "year-as-count", r"(带动)(\d+)(户农户)",
             lambda m, r: f"{m.group(1)}{{YEAR}}{m.group(3)}"),
    # implausible-growth: a lost decimal point in an aggregate's rate, or a rate contradicting its values
    Injector("implausible-growth", "rate-typo", r"(地区生产总值[\d.]+亿元，(?:同比|比上年)增长)(\d+\.\d)%",
             _growth_typo),
    Injector("implausible-growth", "rate-contradiction", r"(上年为\d+万元，同比增长|较上年的\d+万元增长)(\d+\.\d)%",
             lambda m, r: f"{m.group(1)}{float(m.group(2)) + r.randint(8, 20):.1f}%"),
    # arithmetic: a part changed so the breakdown or the list no longer adds up
    Injector("arithmetic", "part", r"(其中水稻(?:种植面积)?)(\d+\.\d)万亩",
             lambda m, r: f"{m.group(1)}{float(m.group(2)) + r.choice([0.6, 0.9, 1.2]):.1f}万亩"),
    Injector("arithmetic", "household-part", r"(分散供养)(\d+)户", lambda m, r: f"{m.group(1)}{int(m.group(2)) + 7}户"),
    Injector("arithmetic", "list-total", r"(总投资)(\d+\.\d\d)亿元(?=。$)",
             lambda m, r: f"{m.group(1)}{float(m.group(2)) + r.choice([0.15, 0.3, 0.45]):.2f}亿元"),
    Injector("arithmetic", "list-count", r"(、[^、，。]+)(四个阵地|等3个)",
             lambda m, r: m.group(1) + ("三个阵地" if m.group(2) == "四个阵地" else "等2个")),
    # inconsistency: a restated figure changed, the title's name or level or year changed
    Injector("inconsistency", "restated", r"(乡村振兴方面：完成土地流转)(\d+)亩",
             lambda m, r: f"{m.group(1)}{int(m.group(2)) + r.choice([400, 700, 1100])}亩"),
    Injector("inconsistency", "rate-from-parts", r"(按期办结)(\d+)(件，办结率100%)",
             lambda m, r: f"{m.group(1)}{int(m.group(2)) * 3 // 4}{m.group(3)}"),
    Injector("inconsistency", "title-name", r"^([\u4e00-\u9fff]{2,3})(镇|乡)(?=人民政府|\d)",
             lambda m, r: f"{m.group(1)}{r.choice('溪坪湾岭')}{m.group(2)}"),
    Injector("inconsistency", "title-level", r"^([\u4e00-\u9fff]{2,3})镇(?=人民政府|\d)",
             lambda m, r: f"{m.group(1)}乡"),
    Injector("inconsistency", "title-year", r"^([^\n]{0,12}?)(20\d\d)(年)",
             lambda m, r: f"{m.group(1)}{int(m.group(2)) - r.choice([7, 9, 13])}{m.group(3)}"),
]

CATEGORIES = sorted({i.category for i in INJECTORS})


def inject(doc: Doc, rng: random.Random, categories: list[str] = CATEGORIES) -> tuple[Doc, list[dict[str, object]]]:
    """A copy of `doc` with one defect per category on distinct lines; the list says where."""
    lines = list(doc.lines)
    used: set[int] = set()
    planted: list[dict[str, object]] = []
    for cat in categories:
        options = [inj for inj in INJECTORS if inj.category == cat]
        rng.shuffle(options)
        for inj in options:
            cands = [i for i, s in enumerate(lines) if i not in used and re.search(inj.pattern, s)
                     and (not inj.line_filter or re.search(inj.line_filter, s))]
            if inj.name.startswith("title"):
                cands = [i for i in cands if i == 0]
            else:
                cands = [i for i in cands if i > 0]
            if not cands:
                continue
            i = rng.choice(cands)
            before = lines[i]
            year = re.search(r"20\d\d", lines[0])
            lines[i] = _sub_once(lines[i], inj, rng).replace("{YEAR}", year.group(0) if year else "2023")
            if lines[i] == before:
                continue
            used.add(i)
            planted.append({"category": cat, "injector": inj.name, "line": i + 1, "text": lines[i]})
            break
    return Doc(doc.name.replace("clean_", "faulty_"), lines), planted
