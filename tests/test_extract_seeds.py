"""Extraction against the hand-labelled figures of the five seed reports.

tests/fixtures/metrics_*.jsonl hold every figure of each seed (value with magnitude applied,
canonical unit, what it measures), labelled by reading the reports. The scorer lives in
benchmarks/extract_accuracy.py so that the numbers printed there and asserted here are one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from extract_accuracy import score  # noqa: E402

from checker.context import DocumentContext  # noqa: E402
from checker.document import load  # noqa: E402


@pytest.fixture(scope="module")
def seed_score():  # type: ignore[no-untyped-def]
    return score()


def test_every_seed_is_labelled() -> None:
    seeds = sorted(p.name[:3] for p in (ROOT / "seeds").glob("*.txt"))
    labelled = sorted(p.stem.split("_")[1] for p in (ROOT / "tests" / "fixtures").glob("metrics_*.jsonl"))
    assert labelled == seeds


def test_value_and_unit_accuracy(seed_score) -> None:  # type: ignore[no-untyped-def]
    assert seed_score.labelled >= 500
    assert seed_score.value_unit_share >= 0.98, seed_score.misses[:20]


def test_subject_accuracy(seed_score) -> None:  # type: ignore[no-untyped-def]
    assert seed_score.subject_share >= 0.90, [m for m in seed_score.misses if "subject" in m][:30]


def test_no_rows_beyond_the_labelled_figures(seed_score) -> None:  # type: ignore[no-untyped-def]
    # every row the extractor produces on the seeds is a labelled figure: no dates, ordinals,
    # slogans or codes slipped in
    assert seed_score.extra == []


NON_METRICS = {
    "000": ["2023年", "12月", "二十大", "七个一", "十百千", "五大", "五子", "两不愁", "一岗双责", "12底", "5大",
            "五十周年", "十周年"],
    "001": ["2023年", "8月", "一下三民", "1＋4", "十户", "一老一小", "CCTV2", "二期", "三期", "四、五年级",
            "1.2023"],
    "002": ["2023年", "11月底", "20日", "二十大", "1+N", "五个到户", "2022年", "關鍵詞2", "关键词2"],
    "003": ["2023年", "1-4月份", "4月24日", "5月底", "12月份", "三高四新", "两城三区", "59192"],
    "004": ["2023年", "2月", "11月26日", "10月20日", "第九期", "前三名", "二号院", "三级以上", "四包一", "八一"],
}


@pytest.mark.parametrize("seed", sorted(NON_METRICS))
def test_seed_non_metrics_are_not_rows(seed: str) -> None:
    path = next((ROOT / "seeds").glob(f"{seed}_*.txt"))
    rows = DocumentContext(load(str(path))).metrics["text"].tolist()
    for word in NON_METRICS[seed]:
        assert not any(word in r for r in rows), (word, rows)


def test_seed_positions_point_at_the_original_file() -> None:
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        doc = load(str(path))
        lines = doc.text.split("\n")
        for r in DocumentContext(doc).metrics.itertuples():
            if r.line == r.end_line:
                assert lines[r.line - 1][r.column - 1: r.end_column - 1] == r.text, (path.name, r.text)


def test_cli_metrics_json_contract() -> None:
    seed = next((ROOT / "seeds").glob("000_*.txt"))
    proc = subprocess.run([sys.executable, "-m", "checker", "metrics", str(seed), "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8", check=True, cwd=ROOT)
    assert proc.stderr == ""  # jieba's start-up chatter is silenced
    data = json.loads(proc.stdout)
    recs = {r["text"]: r for r in data["metrics"]}
    assert recs["364万"]["value"] == 3_640_000 and recs["364万"]["unit"] is None
    assert recs["2.45亩"]["value"] == 2.45 and recs["2.45亩"]["unit"] == "亩"
    assert recs["4.2万亩"]["value"] == 42_000 and recs["4.2万亩"]["base_value"] == 42_000
    assert recs["1.7余万元"]["approx"] is True and recs["1.7余万元"]["approx_position"] == "inside"
    r = recs["364万"]
    assert (r["line"], r["column"], r["end_column"]) == (26, 44, 48)


def test_cli_metrics_csv_and_table() -> None:
    seed = next((ROOT / "seeds").glob("003_*.txt"))
    csv = subprocess.run([sys.executable, "-m", "checker", "metrics", str(seed), "-f", "csv"],
                         capture_output=True, text=True, encoding="utf-8", check=True, cwd=ROOT).stdout
    header = csv.splitlines()[0].split(",")
    assert header[:3] == ["path", "line", "column"] and "subject_key" in header
    assert len(csv.splitlines()) > 50
    tab = subprocess.run([sys.executable, "-m", "checker", "metrics", str(seed), "-f", "table"],
                         capture_output=True, text=True, encoding="utf-8", check=True, cwd=ROOT).stdout
    assert "4151.5万元" in tab
