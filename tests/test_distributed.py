"""The Dask engine: same findings, same order as the local engine; the metrics table as a validated
Dask DataFrame; the cross-document growth check as a Dask groupby (checker/crossdoc.py).

One in-process LocalCluster (a single threaded worker) serves the whole module, so the tests stay
fast; process workers are exercised by `benchmarks/run.py --dask` and docs/distributed.md.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("distributed")
pytest.importorskip("dask.dataframe")

import dask.dataframe as dd
from typer.testing import CliRunner

from checker import crossdoc
from checker.api import check_paths
from checker.cli import app
from checker.config import Config
from checker.context import DocumentContext
from checker.distributed import connect, metrics_meta, run
from checker.document import load
from checker.schemas import METRICS_SCHEMA

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
RULE = crossdoc.load().cross_document[0]


@pytest.fixture(scope="module")
def client():
    with connect(n_workers=1, processes=False) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two seeds (one in traditional script), an unreadable file and a two-year pair in a subdirectory."""
    tmp_path = tmp_path_factory.mktemp("corpus")
    for seed in sorted(SEEDS.glob("00[02]_*.txt")):
        shutil.copy(seed, tmp_path / seed.name)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    pair = RULE.examples.bad[0]
    (tmp_path / "town").mkdir()
    (tmp_path / "town" / "a.txt").write_text(pair.previous, encoding="utf-8")
    (tmp_path / "town" / "b.txt").write_text(pair.current, encoding="utf-8")
    (tmp_path / "town" / "c.txt").write_text("XX镇召开全体干部会议。\n", encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def local(corpus: Path):
    """The local engine's report of the corpus: what the Dask engine must reproduce."""
    return check_paths([corpus], Config())


def _dump(report):
    return ([f.model_dump(mode="json") | {"context": f.context} for f in report.findings],
            [s.model_dump(mode="json") for s in report.files])


def test_same_findings_same_order_as_local_engine(client, corpus, local):
    distributed = run([corpus], client, Config(), chunk_size=2, cross_document=False).report
    assert local.findings, "the seeds have findings; an empty comparison would prove nothing"
    assert any(not s.ok for s in distributed.files)  # the broken .docx is reported, the run goes on
    assert _dump(distributed) == _dump(local)


def test_cross_document_findings_are_added_not_mixed_in(client, corpus, local):
    result = run([corpus], client, Config(), chunk_size=3).report
    extra = [f for f in result.findings if f.rule == RULE.id]
    assert [f.path for f in extra] == [str(corpus / "town" / "b.txt")]
    assert [f for f in result.findings if f.rule != RULE.id] == local.findings
    status = {s.path: s.findings for s in result.files}
    assert status[str(corpus / "town" / "b.txt")] == 1


def test_metrics_table_is_a_validated_dask_dataframe(client, corpus):
    result = run([corpus], client, Config(), chunk_size=2, cross_document=False)
    assert isinstance(result.metrics, dd.DataFrame)
    assert result.metrics.pandera.schema is METRICS_SCHEMA
    table = result.metrics.compute()
    expected = sum(len(DocumentContext(load(str(p))).metrics)
                   for p in sorted(corpus.rglob("*.txt")))
    assert len(table) == expected > 0
    town = table[table["path"].str.endswith("b.txt")]
    assert set(town["year"]) == {2023} and town["place"].str.endswith("城南镇").all()


def test_rule_examples_through_the_engine(client, tmp_path):
    """Every example pair of the rule in one run: each pair in its own directory (place_scope:
    directory keeps them apart), so one groupby judges them all."""
    pairs = [(side, i, pair) for side in ("bad", "good") for i, pair in enumerate(getattr(RULE.examples, side))]
    for side, i, pair in pairs:
        (tmp_path / f"{side}{i}").mkdir()
        (tmp_path / f"{side}{i}" / "previous.txt").write_text(pair.previous, encoding="utf-8")
        (tmp_path / f"{side}{i}" / "current.txt").write_text(pair.current, encoding="utf-8")
    report = run([tmp_path], client, Config(select=[RULE.id])).report
    for side, i, pair in pairs:
        where = tmp_path / f"{side}{i}"
        hits = [f for f in report.findings if f.rule == RULE.id and Path(f.path).parent == where]
        if side == "good":
            assert not hits, (f"{side}{i}", [f.message for f in hits])
            continue
        assert len(hits) == 1, f"{side}{i}"
        hit = hits[0]
        assert hit.path == str(where / "current.txt") and hit.text.endswith("%")
        line = pair.current.split("\n")[hit.line - 1]
        assert line[hit.column - 1:hit.end_column - 1] == hit.text  # the span is the stated rate
        assert hit.context == line and hit.fingerprint
        assert hit.evidence["previous_path"] == str(where / "previous.txt")


def test_cli_engine_dask_matches_local(corpus):
    runner = CliRunner()
    args = ["check", str(corpus / "town"), "--format", "json", "--no-cache", "--isolated"]
    local = runner.invoke(app, args)
    dask = runner.invoke(app, [*args, "--engine", "dask", "--jobs", "1"])
    assert local.exit_code == dask.exit_code == 1, dask.output
    import json

    lf, df = json.loads(local.stdout)["findings"], json.loads(dask.stdout)["findings"]
    assert lf and [f for f in df if f["rule"] != RULE.id] == lf
    assert [f["rule"] for f in df if f["rule"] == RULE.id] == [RULE.id]
    bad = runner.invoke(app, [*args, "--engine", "spark"])
    assert bad.exit_code == 2 and "--engine" in bad.output


# ---------------------------------------------------------------------------------------------
# The groupby on constructed metrics rows (independent of the extractor's wording coverage)


def _row(path: str, year: int, row_id: int, value: float, *, place: str = "/x/城南镇", subject: str = "粮食总产量",
         kind: str = "mass", magnitude: float = 1e4, decimals: int = 2, qualifier: str | None = None,
         qualifies: int | None = None, approx: bool = False, text: str = "") -> dict:
    number = value / magnitude
    percent = kind == "percent"
    return dict(path=path, line=2, column=1 + row_id * 10, end_line=2, end_column=8 + row_id * 10, start=0, end=1,
                text=text or f"{number:g}{'%' if percent else '万吨'}", number=number, magnitude=magnitude,
                value=value, decimals=decimals, unit="%" if percent else "吨", unit_kind=kind,
                base_value=value if percent else value * 1000, approx=approx, approx_marker=None, is_range=False,
                range_high=None, subject=subject, subject_key=subject, qualifier=qualifier, qualifies=qualifies,
                role=None, group=None, pair=None, section="", sentence=0, row_id=row_id, place=place, year=year,
                partial_period=False)


def _table(*docs: list[dict]) -> dd.DataFrame:
    """One partition per document, as the engine builds it."""
    meta = metrics_meta()
    parts = [pd.concat([meta, pd.DataFrame(rows)], ignore_index=True).astype(meta.dtypes.to_dict()) for rows in docs]
    return dd.from_pandas(parts[0], npartitions=1) if len(parts) == 1 else dd.concat(
        [dd.from_pandas(p, npartitions=1) for p in parts])


def _frame(*docs: list[dict]) -> pd.DataFrame:
    meta = metrics_meta()
    return pd.concat([meta, *(pd.DataFrame(d) for d in docs)], ignore_index=True).astype(meta.dtypes.to_dict())


def _claims(*docs: list[dict]) -> pd.DataFrame:
    """The pandas path (same year_facts and judge_growth as the Dask path; agreement tested below)."""
    return crossdoc.cross_year_growth(_frame(*docs), RULE)


def _growth(path: str, year: int, value: float, rate: float, qualifier: str = "yoy_growth", **kw) -> list[dict]:
    return [_row(path, year, 0, value, **kw),
            _row(path, year, 1, rate, kind="percent", magnitude=1, decimals=1, qualifier=qualifier, qualifies=0)]


def test_groupby_flags_a_rate_that_last_years_figure_contradicts(client):
    rows = crossdoc.cross_year_growth(_table(
        [_row("/x/2021.txt", 2021, 0, 9000)],
        [_row("/x/2022.txt", 2022, 0, 12000)], _growth("/x/2023.txt", 2023, 13200, 25.0)), RULE).compute()
    assert list(rows["path"]) == ["/x/2023.txt"] and rows["computed"].round(6).tolist() == [10.0]
    assert rows["previous_path"].tolist() == ["/x/2022.txt"] and rows["previous_year"].tolist() == [2022]


def test_groupby_flags_on_the_pandas_path_too():
    rows = _claims([_row("/x/2022.txt", 2022, 0, 12000)], _growth("/x/2023.txt", 2023, 13200, 25.0))
    assert list(rows["path"]) == ["/x/2023.txt"] and rows["computed"].round(6).tolist() == [10.0]
    assert rows["previous_path"].tolist() == ["/x/2022.txt"] and rows["previous_year"].tolist() == [2022]


def test_groupby_is_silent_within_rounding_and_tolerance():
    # 1.32/1.20 is 10.0%; 1.3149/1.2049 .. 1.3249/1.1950 allows 9.1% .. 10.9%, plus 1 point of tolerance.
    assert _claims([_row("/x/2022.txt", 2022, 0, 12000)], _growth("/x/2023.txt", 2023, 13200, 11.5)).empty
    assert not _claims([_row("/x/2022.txt", 2022, 0, 12000)], _growth("/x/2023.txt", 2023, 13200, 12.5)).empty


def test_groupby_reads_a_decline_as_negative():
    assert _claims([_row("/x/2022.txt", 2022, 0, 12000)],
                   _growth("/x/2023.txt", 2023, 10800, 10.0, qualifier="yoy_decline")).empty
    assert not _claims([_row("/x/2022.txt", 2022, 0, 12000)],
                       _growth("/x/2023.txt", 2023, 13200, 10.0, qualifier="yoy_decline")).empty


@pytest.mark.parametrize(("previous", "subject"), [
    ([_row("/x/2022.txt", 2022, 0, 12000), _row("/x/2022.txt", 2022, 1, 9000)], "粮食总产量"),  # ambiguous
    ([_row("/x/2021.txt", 2021, 0, 12000)], "粮食总产量"),  # not the previous year
    ([_row("/x/2022.txt", 2022, 0, 12000, place="/y/城南镇")], "粮食总产量"),  # another county's 城南镇
    ([_row("/x/2022.txt", 2022, 0, 12000, subject="生猪出栏")], "粮食总产量"),  # another measure
    ([_row("/x/2022.txt", 2022, 0, 12000, approx=True)], "粮食总产量"),  # 约1.2万吨: no exact base
    ([_row("/x/2022.txt", 2022, 0, 12000, subject="地区生产总值")], "地区生产总值"),  # real growth (可比价)
    ([_row("/x/2022.txt", 2022, 0, 12000) | {"partial_period": True}], "粮食总产量"),  # 1-9月: not annual
])
def test_groupby_compares_only_an_unambiguous_previous_figure(previous, subject):
    assert _claims(previous, _growth("/x/2023.txt", 2023, 13200, 25.0, subject=subject)).empty
    # the same current report against a clean previous figure does fire: the case above is what silenced it
    if subject == "粮食总产量":
        assert not _claims([_row("/x/2022.txt", 2022, 0, 12000)], _growth("/x/2023.txt", 2023, 13200, 25.0)).empty


def test_pandas_and_dask_paths_agree(client):
    docs = ([_row("/x/2022.txt", 2022, 0, 12000)], _growth("/x/2023.txt", 2023, 13200, 25.0),
            [_row("/z/2022.txt", 2022, 0, 500, place="/z/桃源乡")],
            _growth("/z/2023.txt", 2023, 450, 12.0, qualifier="yoy_decline", place="/z/桃源乡"))
    on_dask = crossdoc.cross_year_growth(_table(*docs), RULE).compute()
    on_pandas = _claims(*docs)
    assert len(on_pandas) == 2
    key = ["path", "line", "column"]
    assert on_pandas.sort_values(key).reset_index(drop=True).equals(on_dask.sort_values(key).reset_index(drop=True))


@pytest.mark.parametrize(("title", "expected"), [
    ("城南镇2022年工作总结", ("城南镇", 2022)),
    ("2023年工作总结\n中共低庄镇委员会\n低庄镇人民政府", ("低庄镇", 2023)),
    ("北斗镇人民政府2023年工作总结", ("北斗镇", 2023)),
    ("关于城东街道2023年度工作情况的报告", ("城东街道", 2023)),
    ("XX镇2023年工作总结及2024年工作安排", (None, None)),
    ("镇政府2023年上半年工作总结及下半年目标任务", (None, None)),
    ("桃源乡2022年1-9月工作总结", (None, None)),
    ("全镇2023年工作总结", (None, None)),
])
def test_report_period_from_title(title, expected):
    period = crossdoc.load().report_period.model_copy(update={"place_scope": "global"})
    assert period.of(title + "\n正文。", "r.txt") == expected


def test_partial_period_is_read_from_the_figures_own_sentence():
    period = crossdoc.load().report_period
    text = "城南镇2023年工作总结\n1-6月完成投资3.1亿元，同比增长12.5%。全年粮食1.2万吨；上半年新增就业80人"
    starts = [text.index(s) for s in ("3.1", "12.5", "1.2万", "80人")]
    assert period.partial_before(text, starts) == [True, True, False, True]
