"""Any input in bounded time and memory (issue 12): each reproduction of the issue, scaled down.

The full sizes, with their times and peak memory, are in benchmarks/hostile.py. Here nothing
asserts a time: counts, sizes and generous deadlines (the `deadline` fixture fails a test that
hangs; every case runs in well under a second once linear, where the quadratic versions took
minutes).
"""

from __future__ import annotations

import threading
import time

import pytest
import regex

from checker import engine
from checker.api import check_paths, check_text, select_rules
from checker.budget import FileTooSlow, file_budget
from checker.config import Config
from checker.context import DocumentContext
from checker.document import Document
from checker.rules import timed_regex
from checker.rules.loader import builtin_rules
from checker.rules.rows import MAX_CLAUSE_CHARS
from checker.rules.timed_regex import RuleTimeout, TimedPattern

RULES = select_rules(Config())

# (x+x+)+(?=y)y backtracks exponentially on a run of x without a y (the lookahead keeps it on the
# `regex` module: RE2 would run it in linear time, tests/test_re2_pattern.py).
REDOS = "(x+x+)+(?=y)y"


@pytest.fixture
def short_regex_budget(monkeypatch):
    """Failing regexes give up after 0.2 s instead of 2 s: the suite stays fast."""
    monkeypatch.setattr(timed_regex, "REGEX_TIMEOUT_S", 0.2)


def _rules(*ids: str):
    return [r for r in builtin_rules() if r.id in ids]


# 1. figures on one line without ，。；: memory was quadratic (each figure's clause ran back to the line start)

def test_a_line_of_thousands_of_figures_keeps_clauses_bounded(deadline):
    n = 3000
    text = "投资" + " ".join(f"{i}万元" for i in range(n)) + "\n"
    with deadline(60):
        rows = DocumentContext(Document.from_text(text)).metric_rows
        check_text(text, rules=RULES)
    assert len(rows) == n
    assert max(len(r["clause"]) for r in rows) == MAX_CLAUSE_CHARS  # the cut applies, and is exact
    assert sum(len(r["clause"]) for r in rows) <= n * MAX_CLAUSE_CHARS  # linear in the figures


def test_glued_figures_and_long_sentences_of_rates_finish(deadline):
    # 1%1%1%… (a compound walked from each member) and a "sentence" of thousands of rates
    with deadline(60):
        assert not [f for f in check_text("1%" * 3000, rules=RULES) if f.rule == "internal.rule-error"]
        assert not [f for f in check_text("增长12.5%，达到300万元，同比" * 1000, rules=RULES)
                    if f.rule == "internal.rule-error"]


# 3. long ASCII runs: the address, file-name and slogan spans were rescanned from each character

@pytest.mark.parametrize("text", ["a" * 100_000, "." * 50_000, "a\n" * 50_000, "一" * 30_000, "[a:" * 20_000,
                                  "a@" * 30_000])
def test_long_runs_are_linear(text, deadline):
    with deadline(60):
        findings = check_text(text, rules=RULES)
    assert not [f for f in findings if f.rule == "internal.rule-error"]


def test_the_span_patterns_still_find_addresses_and_file_names():
    from checker.extract.figures import grammar

    spans = grammar().spans
    text = "联系邮箱 office2023@gov.cn，附件 report_2023.pdf，“十户联防”与七个一工程"
    found = [text[m.start():m.end()] for m in spans.finditer(text)]
    assert "office2023@gov.cn" in found and "report_2023.pdf" in found and "七个一工程" in found


# 4. regex budgets: per match, on wall time, every match kept, every failing rule reported

def test_every_placeholder_of_a_long_document_is_found():
    n = 20_000
    findings = check_text("本镇新建XX村图书室。\n" * n, rules=_rules("placeholder.xxx"))
    assert [f.rule for f in findings].count("placeholder.xxx") == n
    assert {f.line for f in findings} == set(range(1, n + 1))


def test_the_budget_is_per_match_not_the_whole_finditer():
    """The regex module's own finditer timeout counted everything since the iterator began,
    including the caller's work between matches: with 40 matches and 10 ms of work after each,
    a 0.1 s budget was spent long before the last match."""
    pattern = TimedPattern(regex.compile("X"), timeout=0.1)
    seen = 0
    for _ in pattern.finditer("aXb" * 40):
        end = time.process_time() + 0.01
        while time.process_time() < end:
            pass
        seen += 1
    assert seen == 40


def test_finditer_by_windows_equals_the_whole_text_search(monkeypatch):
    monkeypatch.setattr(timed_regex, "WINDOW_CHARS", 64)
    monkeypatch.setattr(timed_regex, "OVERLAP_CHARS", 16)
    text = "".join(f"第{i}行XX村，共{i}户。\n" if i % 3 else "跨行的[链接\n文字]在这里\n" for i in range(200))
    for p in [r"X{2,}", r"^第\d+行", r"\[[^\]]*\]", r"户。$", r"[^，。\n]+"]:
        compiled = regex.compile(p, regex.VERSION1 | regex.MULTILINE)
        whole = [m.span() for m in compiled.finditer(text)]
        assert [m.span() for m in TimedPattern(compiled).finditer(text)] == whole, p


def test_two_threads_checking_at_once_both_get_every_finding():
    text = "本镇新建XX村图书室。\n" * 5000
    rules = _rules("placeholder.xxx")
    counts: list[int] = []

    def run() -> None:
        counts.append(sum(f.rule == "placeholder.xxx" for f in check_text(text, rules=rules)))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert counts == [5000, 5000]


def _user_rules(tmp_path, body: str):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "user.yaml").write_text("rules:\n" + body, encoding="utf-8")
    return folder


_COMMON = """    category: artifact
    severity: warning
    message: {zh: "坏", en: "bad"}
    description: "A badly written user rule."
    why: "Tests the regex guard."
    fix: "Rewrite it."
"""


def test_each_failing_rule_is_reported_and_every_kind_is_guarded(tmp_path, deadline, short_regex_budget):
    """A catastrophic regex in a pattern, in a truncation `exempt` and in a value-range row filter:
    each rule fails on its own, each failure is reported, and the document's other rules run."""
    folder = _user_rules(tmp_path, f"""  - id: user.pattern
    kind: pattern
    pattern: '{REDOS}'
{_COMMON}    examples: {{bad: ["xxy"], good: ["abc"]}}
  - id: user.truncation
    kind: truncation
    final_punctuation: "。"
    require_page_evidence: false
    exempt: ['{REDOS}']
{_COMMON}    examples: {{bad: ["一段没有写完的句子，在这里被截断了，读者无法知道它的结尾究竟是什么，后面还有"],
               good: ["完整。"]}}
  - id: user.range
    kind: value-range
    bands:
      - {{name: 测试, where: {{clause: '{REDOS}'}}, min: 0, max: 1, unit: 元}}
{_COMMON}    examples: {{bad: ["xxy共计5元"], good: ["共计5元"]}}
""")
    config = Config(extra_rules=[str(folder)])
    rules = [r for r in select_rules(config) if r.id.startswith("user.") or r.id == "placeholder.xxx"]
    # an xxy for the pattern's RE2 prefilter (the pattern without its lookahead matches there); then
    # runs of x that no y follows, on the last line too
    text = "XX镇工作总结\nxxy\n" + "x" * 3000 + "共计5元，" + "x" * 3000 + "\n"
    with deadline(60):
        findings = check_text(text, config, rules=rules)
    failed = sorted(f.evidence["rule"] for f in findings if f.rule == "internal.rule-error")
    assert failed == ["user.pattern", "user.range", "user.truncation"]
    assert "placeholder.xxx" in {f.rule for f in findings}


def test_a_regex_slowed_by_other_threads_is_retried_not_failed(monkeypatch):
    """`clock()` counts every thread's CPU: a first try that ran out of CPU budget before the wall
    budget is tried again with the CPU the process's cores could spend in the budget."""
    calls: list[float] = []

    def flaky(cpu_budget: float) -> str:
        calls.append(cpu_budget)
        if len(calls) == 1:
            raise TimeoutError
        return "found"

    monkeypatch.setattr(timed_regex, "_CORES", 2)
    assert timed_regex.run_timed(flaky, 1.0, "rule x") == "found"
    assert calls == [1.0, 2.0]
    def slow(cpu_budget: float) -> str:
        time.sleep(cpu_budget)
        raise TimeoutError

    with pytest.raises(RuleTimeout):  # a real timeout: the wall clock too says the budget is spent
        timed_regex.run_timed(slow, 0.05, "rule x")


# 1. a very large document: bounded windows, same findings on the lines each window owns

def test_windows_give_the_positions_and_findings_of_the_whole_document(monkeypatch):
    paragraph = ("全年完成固定资产投资3.5亿元，同比增长8.2%。新建XX村图书室，惠及农户120户。\n"
                 "深入推进基层党组织建设，党员队伍结构不断优化。\n")
    text = "某镇人民政府工作报告\n" + paragraph * 300 + "本镇新建XXX村综合文化服务中心。\n"
    rules = _rules("placeholder.xxx", "artifact.truncated")
    whole = check_text(text, rules=rules)
    monkeypatch.setattr(engine, "WINDOW_CHARS", 2000)
    monkeypatch.setattr(engine, "OVERLAP_CHARS", 300)
    monkeypatch.setattr(engine, "HEAD_CHARS", 100)
    doc = Document.from_text(text)
    assert len(list(engine.windows(doc))) > 5
    windowed = check_text(text, rules=rules)
    key = [(f.rule, f.line, f.column, f.end_line, f.end_column, f.text, f.context) for f in whole]
    assert [(f.rule, f.line, f.column, f.end_line, f.end_column, f.text, f.context) for f in windowed] == key
    assert len(whole) == 301 and whole[-1].line == text.count("\n")


# per-file budget and the run going on

def test_a_file_past_its_budget_is_too_slow_and_the_other_files_are_checked(tmp_path, deadline, short_regex_budget):
    folder = _user_rules(tmp_path, f"""  - id: user.pattern
    kind: pattern
    pattern: '{REDOS}'
{_COMMON}    examples: {{bad: ["xxy"], good: ["abc"]}}
  - id: user.pattern2
    kind: pattern
    pattern: '(y+y+)+(?=x)x'
{_COMMON}    examples: {{bad: ["yyx"], good: ["abc"]}}
""")
    # a run of x that no y follows and a run of y that no x follows: both patterns backtrack
    # (the last lines get both patterns past their RE2 prefilters)
    (tmp_path / "a_slow.txt").write_text("XX村\n" + "x" * 3000 + "\n" + "y" * 3000 + "\nxxy\nyyx\n",
                                         encoding="utf-8")
    (tmp_path / "b_fine.txt").write_text("本镇新建XXX村图书室。\n", encoding="utf-8")
    config = Config(extra_rules=[str(folder)], file_budget=0.3)
    # the two failing rules first: after them (0.2 s each) the budget is spent before the next rule
    rules = sorted(select_rules(config), key=lambda r: not r.id.startswith("user."))
    with deadline(60):
        report = check_paths([tmp_path / "a_slow.txt", tmp_path / "b_fine.txt"], config, rules=rules)
    got = {(f.path.rsplit("/", 1)[-1], f.rule) for f in report.findings}
    assert ("a_slow.txt", "input.too-slow") in got
    assert not {rule for path, rule in got if path == "a_slow.txt"} - {"input.too-slow"}
    assert ("b_fine.txt", "placeholder.xxx") in got
    [slow] = [f for f in report.findings if f.rule == "input.too-slow"]
    assert slow.category == "input-error" and "file-budget" in slow.message


def test_the_budget_interrupts_a_long_loop_in_the_main_thread():
    with pytest.raises(FileTooSlow), file_budget(0.2):
        while True:
            pass


# --jobs: Ctrl-C (or any early exit) stops the pool at once

def test_leaving_a_parallel_run_early_stops_its_busy_workers(tmp_path, deadline):
    """A KeyboardInterrupt reaches the run as an exception at its current `yield`, as closing the
    generator does: the pool must not wait for the files its workers are in the middle of."""
    from checker.findings import FileStatus
    from checker.runner import iter_checks

    def fake_check_file(path, rules, config):  # handed to the forked workers
        if not path.endswith("fast.txt"):
            time.sleep(120)
        return FileStatus(path=path, ok=True), []

    paths = [str(tmp_path / name) for name in ("a_fast.txt", "b_slow.txt", "c_slow.txt", "d_slow.txt")]
    run = iter_checks(paths, fake_check_file, [], Config(), jobs=2)
    with deadline(60):
        assert next(run)[0].path.endswith("a_fast.txt")
        run.close()  # without stopping the workers this waited for every slow file (minutes)


def test_two_threads_checking_different_reports_get_what_each_gets_alone():
    from pathlib import Path

    seeds = sorted(Path(__file__).resolve().parent.parent.joinpath("seeds").glob("*.txt"))[:2]
    texts = [p.read_text(encoding="utf-8") for p in seeds]

    def key(findings):
        return [(f.rule, f.line, f.column, f.text) for f in findings]

    alone = [key(check_text(t, rules=RULES)) for t in texts]
    together: list[list[object]] = [[], []]

    def run(k: int) -> None:
        together[k] = [key(check_text(texts[k], rules=RULES)) for _ in range(3)]

    threads = [threading.Thread(target=run, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert together == [[alone[0]] * 3, [alone[1]] * 3]


def test_a_line_longer_than_a_window_is_cut_and_keeps_its_columns(monkeypatch):
    text = "报告\n" + "".join(f"第{i}项投资{i}万元，新建XX村图书室，" for i in range(400)) + "\n"
    rules = _rules("placeholder.xxx")
    whole = check_text(text, rules=rules)
    monkeypatch.setattr(engine, "WINDOW_CHARS", 1000)
    monkeypatch.setattr(engine, "OVERLAP_CHARS", 200)
    monkeypatch.setattr(engine, "HEAD_CHARS", 2)
    assert len(list(engine.windows(Document.from_text(text)))) > 5
    windowed = check_text(text, rules=rules)
    assert len(whole) == 400
    assert [(f.line, f.column, f.end_column, f.text) for f in windowed] == \
        [(f.line, f.column, f.end_column, f.text) for f in whole]


@pytest.mark.parametrize("method", ["search", "match", "fullmatch"])
def test_search_match_and_fullmatch_retry_and_fail_as_run_timed_does(monkeypatch, method):
    """TimedPattern's search, match and fullmatch write run_timed's steps out (they run thousands
    of times per report): the same budget, the same second try, the same failure."""
    budgets: list[float] = []

    class Flaky:
        pattern = "x"

        def call(self, string, pos, endpos, concurrent, partial, timeout):
            budgets.append(timeout)
            if len(budgets) == 1:
                raise TimeoutError
            return "found"

    fake = Flaky()
    setattr(fake, method, fake.call)
    monkeypatch.setattr(timed_regex, "_CORES", 2)
    assert getattr(TimedPattern(fake, timeout=1.0), method)("text") == "found"  # type: ignore[arg-type]
    assert budgets == [1.0, 2.0]

    class Slow:
        pattern = "x"

        def call(self, string, pos, endpos, concurrent, partial, timeout):
            time.sleep(timeout)
            raise TimeoutError

    slow = Slow()
    setattr(slow, method, slow.call)
    with pytest.raises(RuleTimeout):
        getattr(TimedPattern(slow, timeout=0.05), method)("text")  # type: ignore[arg-type]
