#!/usr/bin/env python3
"""Time and peak memory of `checker check` on hostile inputs (issue 12). Not a test.

Each case is a generated file checked by a fresh `python -m checker check FILE -f json` process;
its wall time, CPU time (user + system: on a shared machine the fairer figure) and peak RSS are
printed beside the goal, which is judged on the wall time. Sizes are the issue's; --scale
shrinks them all (a quick look: --scale 0.1). tests/test_hostile_scale.py runs the same shapes
small enough for the test suite, asserting counts and operation counts, never times.

    python benchmarks/hostile.py                 # every case at full size (several minutes)
    python benchmarks/hostile.py --only xx-lines --scale 0.2

Cases (goal in brackets):
  big-report    50 MB of correct report sentences, XXX on the last line [<= 60 s, <= 500 MB, the
                XXX found, no internal.rule-error]
  figures-line  20,000 figures on one line without ，。； [<= 200 MB]
  letter-lines  400 KB of single-letter lines (hard-wrap joining, ASCII-run patterns) [<= 5 s]
  short-lines   3M short lines, and 1M for comparison [linear: time per line within 1.5x]
  xx-lines      100,000 lines each with an XX placeholder [every one found]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Correct sentences of the kind a township report is made of (written for this benchmark), about
# one figure per 50 characters as in real reports; the figures vary with the paragraph number so
# that no two paragraphs are the same text.
SENTENCES = (
    "全年完成固定资产投资{a}.{b}亿元，同比增长{g}.{b}%。",
    "新修通组公路{a}公里，硬化村内道路{c}米，群众出行条件明显改善。",
    "发放各类惠农补贴{c}万元，惠及农户{a}户。",
    "全镇油菜种植面积达到{c}亩，粮食总产量{a}.{b}万吨。",
    "开展农村实用技术培训{a}期，培训农民{c}人次。",
    "改造农村危房{a}户，实施人居环境整治项目{b}个。",
    "新增城镇就业{c}人，城镇登记失业率控制在{b}.{g}%以内。",
    "深入推进基层党组织标准化规范化建设，党员队伍结构不断优化。",
    "坚持把项目建设作为推动发展的主抓手，强化要素保障，优化营商环境，一批打基础、利长远的项目落地见效。",
    "持续巩固拓展脱贫攻坚成果，健全防止返贫动态监测和帮扶机制，守住不发生规模性返贫的底线。",
    "扎实开展农村人居环境整治，推进厕所革命和生活垃圾分类处理，村容村貌焕然一新。",
    "全面落实河长制、林长制，加强森林防火和地质灾害防治，生态环境质量稳中向好。",
    "深化平安建设，常态化开展扫黑除恶斗争，及时化解各类矛盾纠纷，社会大局和谐稳定。",
    "着力办好民生实事，教育、医疗、养老等公共服务水平不断提升，群众获得感、幸福感、安全感持续增强。",
)


def _paragraph(i: int) -> str:
    a, b, c, g = 10 + i % 80, 1 + i % 9, 200 + (i * 37) % 5000, 2 + i % 7
    return "".join(s.format(a=a, b=b, c=c, g=g) for s in SENTENCES) + "\n"


def big_report(size: int) -> str:
    parts, total, i = ["某镇人民政府工作报告\n"], 0, 0
    while total < size:
        p = _paragraph(i)
        parts.append(p)
        total += len(p.encode())
        i += 1
    parts.append("本镇新建XXX村综合文化服务中心。\n")
    return "".join(parts)


def figures_line(n: int) -> str:
    return "投资" + " ".join(f"{i}万元" for i in range(n)) + "\n"


def letter_lines(size: int) -> str:
    return "a\n" * (size // 2)


def short_lines(n: int) -> str:
    return "".join(("本镇", "共计", "12", "a", "。")[i % 5] + "\n" for i in range(n))


def xx_lines(n: int) -> str:
    return "本镇新建XX村图书室。\n" * n


@dataclass
class Run:
    seconds: float
    cpu: float  # user + system seconds of the checker process: what a loaded machine does not inflate
    peak_mb: float
    findings: list[dict[str, object]]
    exit_code: int


# The checker's peak RSS as its own process sees it at exit (VmHWM of /proc/self/status). Not the
# ru_maxrss of wait4: a child spawned by vfork inherits this process's high-water mark, which holds
# the generated documents.
RUN_AND_REPORT_PEAK = r"""
import atexit, sys
def peak(path):
    with open("/proc/self/status") as status, open(path, "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM")))
atexit.register(peak, sys.argv[1])
sys.argv = ["checker", *sys.argv[2:]]
from checker.cli import main
main()
"""


def check(path: Path) -> Run:
    """One fresh checker process on `path`: wall time, CPU time, peak RSS, its findings."""
    out, peak = path.with_suffix(".json"), path.with_suffix(".peak")
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    start = time.monotonic()
    with out.open("wb") as sink:
        proc = subprocess.Popen([sys.executable, "-c", RUN_AND_REPORT_PEAK, str(peak), "check", str(path), "-f",
                                 "json", "--isolated", "--no-cache", "-q", "--exit-zero"], stdout=sink, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    try:
        findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    except (ValueError, KeyError):
        raise SystemExit(f"checker failed on {path} (exit {os.waitstatus_to_exitcode(status)})") from None
    return Run(seconds, usage.ru_utime + usage.ru_stime, int(peak.read_text()) / 1024, findings,
               os.waitstatus_to_exitcode(status))


def _measured(run: Run) -> str:
    return f"{run.seconds:7.1f} s ({run.cpu:6.1f} s CPU) {run.peak_mb:6.0f} MB peak"


def _count(run: Run, rule: str) -> int:
    return sum(1 for f in run.findings if f["rule"] == rule)


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def case_big_report(work: Path, scale: float) -> None:
    size = int(50 * 1024 * 1024 * scale)
    path = work / "big-report.txt"
    path.write_text(big_report(size), encoding="utf-8")
    run = check(path)
    last = sum(1 for _ in path.open(encoding="utf-8"))
    found = any(f["rule"].startswith("placeholder.") and f["line"] == last for f in run.findings)
    errors = _count(run, "internal.rule-error") + _count(run, "input.too-slow")
    ok = run.seconds <= 60 * scale and run.peak_mb <= 500 and found and not errors
    print(f"big-report    {size / 2**20:7.1f} MB  {_measured(run)}  "
          f"XXX on the last line found: {found}  rule errors: {errors}  "
          f"[goal <= {60 * scale:g} s, <= 500 MB] {_verdict(ok)}")


def case_figures_line(work: Path, scale: float) -> None:
    n = int(20000 * scale)
    path = work / "figures-line.txt"
    path.write_text(figures_line(n), encoding="utf-8")
    run = check(path)
    print(f"figures-line  {n:7d} figures  {_measured(run)}  "
          f"[goal <= 200 MB] {_verdict(run.peak_mb <= 200)}")


def case_letter_lines(work: Path, scale: float) -> None:
    size = int(400 * 1024 * scale)
    path = work / "letter-lines.txt"
    path.write_text(letter_lines(size), encoding="utf-8")
    run = check(path)
    print(f"letter-lines  {size // 1024:7d} KB  {_measured(run)}  "
          f"[goal <= {5 * scale:g} s] {_verdict(run.seconds <= 5 * scale)}")


def case_short_lines(work: Path, scale: float) -> None:
    rates = []
    for n in (int(1_000_000 * scale), int(3_000_000 * scale)):
        path = work / f"short-lines-{n}.txt"
        path.write_text(short_lines(n), encoding="utf-8")
        run = check(path)
        rates.append(run.seconds / n)
        print(f"short-lines   {n:7d} lines  {_measured(run)}  "
              f"{1e6 * run.seconds / n:.1f} µs/line")
    print(f"short-lines   time per line, 3x the lines: {rates[1] / rates[0]:.2f}x  [goal: linear, <= 1.5x] "
          f"{_verdict(rates[1] <= 1.5 * rates[0])}")


def case_xx_lines(work: Path, scale: float) -> None:
    n = int(100_000 * scale)
    path = work / "xx-lines.txt"
    path.write_text(xx_lines(n), encoding="utf-8")
    run = check(path)
    found = _count(run, "placeholder.xxx")
    errors = _count(run, "internal.rule-error")
    print(f"xx-lines      {n:7d} lines  {_measured(run)}  XX found: {found}  "
          f"rule errors: {errors}  [goal: every one] {_verdict(found == n and not errors)}")


CASES: dict[str, Callable[[Path, float], None]] = {
    "big-report": case_big_report, "figures-line": case_figures_line, "letter-lines": case_letter_lines,
    "short-lines": case_short_lines, "xx-lines": case_xx_lines,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every size by this (default 1)")
    ap.add_argument("--only", action="append", choices=sorted(CASES), help="run only this case (repeatable)")
    ap.add_argument("--work", type=Path, help="folder for the generated files (default: a temporary one)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="checker-hostile-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for name in args.only or list(CASES):
            CASES[name](work, args.scale)


if __name__ == "__main__":
    main()
