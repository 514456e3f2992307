"""Memory that does not grow with the corpus: findings spooled to disk (checker.spool), reports
written piece by piece (checker.reporters.stream), and the same bytes as a report held in lists."""

from __future__ import annotations

import gc
import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from checker.api import SourceFiles, check_paths, iter_inputs, select_rules
from checker.config import Config
from checker.document import display_path
from checker.findings import FileStatus, Finding, Report, Severity
from checker.reporters import FORMATS, RenderContext, render
from checker.reporters.describe import FindingsByPath
from checker.reporters.stream import Stream, dump_json, write_report
from checker.spool import FileStatuses, FindingSpool

# Lines that each make findings of a few rules (placeholders, a truncated figure, a unit slip);
# documents are made of them with their figures varied, so every document has its own findings.
LINES = (
    "全年完成投资XX万元，同比增长{n}%。",
    "今年粮食产量达到X吨，比上年增长百分之**。",
    "（此处填写数据）人次。全年接待游客{n}万人次。",
    "农民人均收入达到{m}万元。",
)


def _corpus(root: Path, n_docs: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n_docs):
        text = "\n".join(line.format(n=i % 90 + 5, m=25000 + i) for line in LINES) + "\n"
        (root / f"report-{i:05d}.txt").write_text(text, encoding="utf-8")
    return root


def _finding(path: str, line: int, rule: str = "placeholder.xxx") -> Finding:
    return Finding(rule=rule, category="placeholder", severity=Severity.warning, path=path, line=line, column=1,
                   end_line=line, end_column=3, text="XX", message="m", context=f"line {line}")


@pytest.fixture(scope="module")
def rules():
    return select_rules(Config())


def test_a_checked_report_holds_no_finding_in_memory(tmp_path, rules):
    report = check_paths([_corpus(tmp_path / "c", 12)], Config(), rules=rules)
    assert len(report.findings) >= 12 * 4
    gc.collect()
    held = [o for o in gc.get_objects() if isinstance(o, Finding) and o.path.startswith(str(tmp_path))]
    assert held == [], f"{len(held)} findings kept in memory after the run"
    # ...yet it reads like the list it was: indexes, slices, iteration, equality
    listed = list(report.findings)
    assert report.findings[0] == listed[0] and report.findings[-1] == listed[-1]
    assert report.findings[3:7] == listed[3:7]
    assert listed == sorted(listed, key=Finding.sort_key)
    assert report.findings == listed
    assert report.findings[0].context  # the excluded field baselines need survives the spool


def test_documents_are_checked_in_the_order_findings_are_reported(tmp_path, rules):
    """Walk order is not path order (a folder's files come before its subfolders), and a GBK file
    name is reported decoded: neither may split the spool into runs to merge."""
    folder = _corpus(tmp_path / "c", 3)
    _corpus(folder / "a-sub", 2)
    # undecoded, 乡镇 in GBK (CF E7 D5 F2, not UTF-8) sorts after 镇 (U+9547) as surrogates U+DCCF...;
    # decoded, it sorts before
    os.rename(folder / "report-00001.txt", os.fsencode(folder) + b"/" + "乡镇.txt".encode("gbk"))
    os.rename(folder / "report-00002.txt", folder / "镇.txt")
    report = check_paths([folder, folder / "report-00000.txt"], Config(), rules=rules)
    assert report.findings.runs == 2  # the file named twice, and only that
    listed = list(report.findings)
    assert listed == sorted(listed, key=Finding.sort_key)
    walked = iter_inputs([folder, folder / "report-00000.txt"], Config())
    assert [s.path for s in report.files] == [display_path(p) for p in walked]  # statuses in walk order


def test_peak_memory_of_a_run_does_not_grow_with_the_number_of_documents(tmp_path, rules):
    """tracemalloc's peak while checking 20 vs 200 documents (about 5 findings each): holding the
    findings (about 1.5 KB each with their line's text) would add well over a megabyte."""
    small, large = _corpus(tmp_path / "small", 20), _corpus(tmp_path / "large", 200)
    config = Config()
    check_paths([large], config, rules=rules)  # warm-up: lazy dictionaries and rule caches
    peaks = {}
    for name, folder in (("small", small), ("large", large)):
        gc.collect()
        tracemalloc.start()
        try:
            report = check_paths([folder], config, rules=rules)
            peaks[name] = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        peaks[name + "_findings"] = len(report.findings)
        del report
    assert peaks["large_findings"] >= 10 * peaks["small_findings"] > 0
    growth = peaks["large"] - peaks["small"]
    # 180 more documents may cost their path and status (~200 bytes each), not their findings.
    assert growth < 300_000, f"peak grew by {growth} bytes for {peaks['large_findings']} findings"


def test_streamed_and_listed_reports_render_the_same_bytes_in_every_format(tmp_path, rules):
    folder = _corpus(tmp_path / "c", 6)
    (folder / "unreadable.docx").write_bytes(b"not a zip")
    streamed = check_paths([folder], Config(), rules=rules)
    listed = Report(findings=list(streamed.findings), files=list(streamed.files))
    sources = {s.path: Path(s.path).read_text(encoding="utf-8") for s in streamed.files if s.ok}
    for fmt in FORMATS:
        ctx = RenderContext(rules=list(rules), version="9", color=False, sources=sources)
        lazy_ctx = RenderContext(rules=list(rules), version="9", color=False,
                                 sources=SourceFiles(s.path for s in streamed.files if s.ok and s.findings))
        out = io.StringIO()
        write_report(fmt, streamed, lazy_ctx, out)
        assert out.getvalue() == render(fmt, listed, ctx), fmt
    assert streamed.summary() == listed.summary()
    assert streamed.worst() == listed.worst() == Severity.error


def test_spool_merges_out_of_order_documents_like_a_stable_sort():
    spool = FindingSpool()
    batches = [[_finding("b.txt", 2), _finding("b.txt", 1)], [_finding("a.txt", 5)], [],
               [_finding("b.txt", 1, "placeholder.zzz"), _finding("c.txt", 1)], [_finding("a.txt", 5)]]
    for batch in batches:
        spool.add(batch)
    expected = sorted((f for b in batches for f in b), key=Finding.sort_key)
    assert list(spool) == expected
    assert [spool[i] for i in range(len(spool))] == expected
    assert spool[-1] == expected[-1] and spool[1:3] == expected[1:3]
    with pytest.raises(IndexError):
        spool[len(expected)]
    assert dict(spool.by_rule) == {"placeholder.xxx": 5, "placeholder.zzz": 1}
    spool.close()
    assert len(spool) == 0 and list(spool) == []


def test_file_statuses_keep_their_order_and_fields():
    statuses = FileStatuses(2)
    statuses.set(1, FileStatus(path="b.txt", ok=True, encoding="utf-8", findings=3))
    statuses.set(0, FileStatus(path="a.txt", ok=False, error="no such file"))
    assert [s.path for s in statuses] == ["a.txt", "b.txt"]
    assert statuses[1] == FileStatus(path="b.txt", ok=True, encoding="utf-8", findings=3)
    assert Report.streamed(FindingSpool(), statuses).model_dump()["files"][0]["error"] == "no such file"


def test_findings_by_path_groups_a_report_in_any_order():
    unsorted = [_finding("b.txt", 1), _finding("a.txt", 1), _finding("b.txt", 2)]
    groups = FindingsByPath(unsorted)
    assert groups.paths == ["b.txt", "a.txt"]
    assert groups.numbered("b.txt") == [(0, unsorted[0]), (2, unsorted[2])]
    assert groups.count("a.txt") == 1 and groups.findings("missing.txt") == []
    ordered = sorted(unsorted, key=Finding.sort_key)
    assert FindingsByPath(ordered).numbered("b.txt") == [(1, ordered[1]), (2, ordered[2])]


@pytest.mark.parametrize("value", [
    {"a": [], "b": {}, "c": {"d": [1, {"e": "x\ny"}]}, "f": "中文"},
    [],
    {"list": [{"k": 1}, {"k": 2}], "empty": [], "last": None},
])
def test_dump_json_streams_exactly_what_json_dumps_writes(value):
    def streamed(v):
        if isinstance(v, dict):
            return {k: streamed(x) for k, x in v.items()}
        if isinstance(v, list):
            return Stream(iter([streamed(x) for x in v]))
        return v

    out = io.StringIO()
    dump_json(streamed(value), out)
    assert out.getvalue() == json.dumps(value, ensure_ascii=False, indent=2)
