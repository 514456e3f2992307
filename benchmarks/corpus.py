"""A generated corpus of varied township reports, for the benchmarks (never for tests of rules).

Each report is built from a template skeleton (title, sections, paragraphs) filled with

* sentences of the seed reports (real wording, real defects), shuffled between reports, and
* generated figure sentences (subject + amount + unit, growth rates, 其中-lists), with a few
  defects at realistic rates (a placeholder, a missing unit, a Word bookmark, full-width digits);

and stored in the ways real archives store them: 8% traditional script, 8% CRLF, 6% hard-wrapped
lines, 5% GB18030, 5% UTF-8 with BOM. One place in five also gets the previous year's report, so
the cross-document check has pairs to compare. Deterministic for a given seed.

    python benchmarks/corpus.py DIR N [--kb 9] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterator
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FILES_PER_DIRECTORY = 500

SYLLABLES = "东西南北中上下新老大小青白黄红石桥河湾坪塘岭山溪江口坝田沟冲湖洲铺集店庄寨营屯园林".strip()
SUFFIXES = ("镇", "镇", "镇", "乡", "乡", "街道")
# (subject, unit, low, high, decimals): plausible magnitudes of a township's yearly figures
SUBJECTS = (
    ("粮食总产量", "万吨", 0.5, 6.0, 2), ("油菜种植面积", "万亩", 0.3, 3.0, 2), ("生猪出栏", "万头", 0.5, 8.0, 1),
    ("农村居民人均可支配收入", "元", 12000, 26000, 0), ("社会消费品零售总额", "亿元", 1.0, 12.0, 2),
    ("固定资产投资", "亿元", 0.8, 9.0, 2), ("招商引资到位资金", "亿元", 0.5, 6.0, 1),
    ("地方一般公共预算收入", "万元", 300, 3000, 1), ("发放低保资金", "万元", 100, 900, 0),
    ("新增城镇就业", "人", 80, 900, 0), ("完成造林", "亩", 200, 3000, 0), ("新修通组公路", "公里", 3, 40, 1),
    ("改造农村危房", "户", 10, 200, 0), ("培训农民工", "人次", 100, 2000, 0), ("光伏装机容量", "MW", 1, 30, 1),
)
EXTRAS = ("同比增长{g}%", "较上年增长{g}%", "同比下降{g}%", "比上年增加{n}{unit}", "")
HEADINGS = ("抓党建强引领，基层组织更加坚强", "抓项目稳增长，经济发展迈上新台阶", "抓产业促振兴，乡村面貌持续改善",
            "抓民生兜底线，群众获得感不断增强", "抓治理保平安，社会大局和谐稳定", "抓生态护环境，绿色底色更加鲜明")
DEFECTS = ("XX村", "[bookmark: _GoBack]", "共投入资金364万，", "约3000余亩", "2023年X月X日", "×××同志")
NUMERALS = "一二三四五六七八九十"


def _seed_sentences() -> list[str]:
    """Sentences of the seeds in simplified script (one seed is traditional; mixing its sentences
    into simplified reports would make every report a mixed-script defect)."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    sentences: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = t2s.convert(path.read_text(encoding="utf-8"))
        sentences += [s.strip() + "。" for s in re.split(r"[。\n]", text) if 12 <= len(s.strip()) <= 160]
    return sentences


def _place(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))) + rng.choice(SUFFIXES)


def _figure(rng: random.Random, values: dict[str, float]) -> str:
    subject, unit, low, high, decimals = rng.choice(SUBJECTS)
    value = round(rng.uniform(low, high), decimals)
    values.setdefault(subject, value)
    amount = f"{value:.{decimals}f}"
    extra = rng.choice(EXTRAS).format(g=f"{rng.uniform(0.5, 25):.1f}", n=f"{value * 0.1:.{decimals}f}", unit=unit)
    return f"全年{subject}{amount}{unit}" + (f"，{extra}" if extra else "") + "。"


def _paragraph(rng: random.Random, pool: list[str], values: dict[str, float]) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(2, 6)):
        roll = rng.random()
        if roll < 0.55:
            parts.append(rng.choice(pool))
        elif roll < 0.9:
            parts.append(_figure(rng, values))
        else:
            n = rng.randint(2, 4)
            parts_of = [rng.randint(5, 60) for _ in range(n)]
            items = "，".join(f"{rng.choice('东西南北')}{rng.choice('坪塘岭湾')}村{k}户" for k in parts_of)
            parts.append(f"全年完成危房改造{sum(parts_of)}户，其中{items}。")
    if rng.random() < 0.12:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(DEFECTS))
    return "".join(parts)


def report(rng: random.Random, pool: list[str], place: str, year: int, kb: float,
           previous: dict[str, float] | None = None) -> tuple[str, dict[str, float]]:
    """One report of about `kb` kilobytes (UTF-8); `previous` states last year's values, of which some
    come back as this year's growth claims."""
    values: dict[str, float] = {}
    title = rng.choice((f"{place}{year}年工作总结", f"{place}人民政府{year}年工作总结",
                        f"{place}{year}年工作总结及{year + 1}年工作安排", f"{year}年工作总结\n中共{place}委员会"))
    opening = f"{year}年以来，在上级党委政府的坚强领导下，{place}坚持稳中求进工作总基调，完成了年初确定的目标任务。"
    lines = [title, opening]
    if previous:
        for subject, last in list(previous.items())[:3]:
            unit = next(u for s, u, *_ in SUBJECTS if s == subject)
            decimals = next(d for s, _, _, _, d in SUBJECTS if s == subject)
            now = round(last * rng.uniform(1.02, 1.2), decimals)
            stated = (now / last - 1) * 100 if rng.random() < 0.8 else rng.uniform(20, 40)  # one in five is wrong
            lines.append(f"全年{subject}{now:.{decimals}f}{unit}，同比增长{stated:.1f}%。")
    section = 0
    while sum(len(s.encode("utf-8")) for s in lines) < kb * 1024:
        if section < len(NUMERALS) and (section == 0 or rng.random() < 0.3):
            lines.append(f"{NUMERALS[section]}、{rng.choice(HEADINGS)}")
            section += 1
        lines.append(_paragraph(rng, pool, values))
    return "\n".join(lines) + "\n", values


def _store(text: str, rng: random.Random) -> bytes:
    """Encode as archives do: mostly UTF-8, some traditional, CRLF, wrapped, GB18030 or BOM."""
    roll = rng.random()
    if roll < 0.08:
        import opencc

        text = opencc.OpenCC("s2t").convert(text)
    elif roll < 0.14:
        text = "\n".join(line[i:i + 38] for line in text.split("\n") for i in range(0, max(len(line), 1), 38))
    elif roll < 0.2:
        text = text.replace("1", "１").replace("0", "０")  # full-width digits
    if rng.random() < 0.08:
        text = text.replace("\n", "\r\n")
    roll = rng.random()
    if roll < 0.05:
        return text.encode("gb18030")
    if roll < 0.1:
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.encode("utf-8")


def generate(folder: Path, n: int, *, kb: float = 9.0, seed: int = 1) -> Iterator[Path]:
    """Write `n` reports under `folder` (FILES_PER_DIRECTORY a directory, as a county's archive
    would be split) and yield their paths."""
    rng = random.Random(seed)
    pool = _seed_sentences()
    written = 0
    while written < n:
        directory = folder / f"county{written // FILES_PER_DIRECTORY:04d}"
        directory.mkdir(parents=True, exist_ok=True)
        place, year = _place(rng), rng.randint(2019, 2024)
        previous: dict[str, float] | None = None
        if rng.random() < 0.2 and written + 1 < n:
            text, previous = report(rng, pool, place, year - 1, kb)
            path = directory / f"{written:06d}.txt"
            path.write_bytes(_store(text, rng))
            written += 1
            yield path
        text, _ = report(rng, pool, place, year, kb, previous)
        path = directory / f"{written:06d}.txt"
        path.write_bytes(_store(text, rng))
        written += 1
        yield path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--kb", type=float, default=9.0, help="approximate size of a report (default 9 KB)")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    total = sum(p.stat().st_size for p in generate(a.dir, a.n, kb=a.kb, seed=a.seed))
    print(f"{a.n} reports, {total / 1e6:.1f} MB in {a.dir}")


if __name__ == "__main__":
    main()
