"""Bad input of every kind (issue 12, items 6-10): one line naming the file and the reason, exit 2
when nothing can be used, never a traceback or a hang, and the other files' findings intact.

Each test is a scaled-down reproduction of a case that crashed, hung or gave wrong findings.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from checker.api import check_paths, check_text, select_rules
from checker.baseline import Baseline, BaselineError
from checker.config import Config, ConfigError, load_config_file
from checker.document import Document, load
from checker.findings import Finding, Report, Severity
from checker.reporters import FORMATS, RenderContext, render
from checker.reporters.encoding import make_encodable
from checker.reporters.stream import write_report
from checker.rules.kinds.pattern import PatternRule
from checker.rules.loader import RuleFileError, builtin_rules, load_rule_file, read_yaml
from checker.suppress import apply_suppressions

ROOT = Path(__file__).resolve().parent.parent
GOOD = "XX镇2023年工作总结\n全年完成各项任务。\n"
PLACEHOLDERS = Config(select=["placeholder.xxx"])
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
needs_dev_zero = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")


def _good(tmp_path: Path) -> Path:
    p = tmp_path / "good.txt"
    p.write_text(GOOD, encoding="utf-8")
    return p


def _cli(*args: str) -> tuple[int, str]:
    """Exit code and stderr of `checker check --isolated ARGS`; a traceback fails the test."""
    result = CliRunner().invoke(__import__("checker.cli", fromlist=["app"]).app, ["check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


def _exit_2_naming(path: Path | str, *args: str, reason: str) -> None:
    code, err = _cli(*args)
    assert code == 2
    [line] = err.strip().splitlines()
    assert str(path) in line and reason in line


# --- baselines -------------------------------------------------------------------------------


def test_baseline_nested_too_deeply_is_an_error_naming_it(tmp_path, deadline):
    bad = tmp_path / "deep.json"
    bad.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with deadline(20):
        _exit_2_naming(bad, "--isolated", "--baseline", str(bad), str(_good(tmp_path)), reason="nested too deeply")


@needs_dev_zero
def test_baseline_that_is_a_device_is_refused_not_read(tmp_path, deadline):
    with deadline(20):
        _exit_2_naming("/dev/zero", "--isolated", "--baseline", "/dev/zero", str(_good(tmp_path)),
                       reason="not a regular file")


@needs_fifo
def test_baseline_that_is_a_fifo_is_refused_not_waited_on(tmp_path, deadline):
    fifo = tmp_path / "baseline.json"
    os.mkfifo(fifo)
    with deadline(20), pytest.raises(BaselineError, match="not a regular file"):
        Baseline.load(fifo)


def test_oversized_baseline_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("checker.baseline.MAX_BASELINE_BYTES", 100)
    big = tmp_path / "b.json"
    big.write_text(json.dumps({"format": 1, "entries": [{"key": "k" * 50, "path": "p"}] * 3}), encoding="utf-8")
    with pytest.raises(BaselineError, match="over the limit"):
        Baseline.load(big)


# --- configs and rule files ------------------------------------------------------------------


def test_config_nested_too_deeply_is_an_error_naming_it(tmp_path, deadline):
    cfg = tmp_path / "checker.toml"
    cfg.write_text("select = " + "[" * 50_000 + '"a"' + "]" * 50_000 + "\n", encoding="utf-8")
    with deadline(20):
        _exit_2_naming(cfg, "--config", str(cfg), str(_good(tmp_path)), reason="nested too deeply")


@pytest.mark.parametrize("value", [100_000_000_000, 2**63 - 1, 0, -5])
def test_max_bytes_out_of_range_is_a_config_error(tmp_path, value):
    (tmp_path / "checker.toml").write_text(f"max-bytes = {value}\n", encoding="utf-8")
    _good(tmp_path)
    code, err = _cli(str(tmp_path))  # with the result cache on, which read max-bytes + 1 bytes
    assert code == 2 and "max-bytes" in err and "checker.toml" in err


@needs_fifo
def test_config_that_is_a_fifo_is_refused(tmp_path, deadline):
    fifo = tmp_path / "checker.toml"
    os.mkfifo(fifo)
    with deadline(20), pytest.raises(ConfigError, match="not a regular file"):
        load_config_file(fifo)


def _extra_rules(tmp_path: Path, entry: str) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    cfg = tmp_path / "checker.toml"
    cfg.write_text('extra-rules = ["rules"]\n', encoding="utf-8")
    return cfg


@needs_dev_zero
def test_extra_rule_file_linked_to_dev_zero_is_refused(tmp_path, deadline):
    cfg = _extra_rules(tmp_path, "")
    (tmp_path / "rules" / "zero.yaml").symlink_to("/dev/zero")
    with deadline(20):
        _exit_2_naming("zero.yaml", "--config", str(cfg), str(_good(tmp_path)), reason="not a regular file")


@needs_fifo
def test_extra_rule_file_that_is_a_fifo_is_refused(tmp_path, deadline):
    cfg = _extra_rules(tmp_path, "")
    os.mkfifo(tmp_path / "rules" / "fifo.yaml")
    with deadline(20):
        _exit_2_naming("fifo.yaml", "--config", str(cfg), str(_good(tmp_path)), reason="not a regular file")


def test_oversized_rule_file_is_refused_at_once(tmp_path, deadline):
    big = tmp_path / "big.yaml"
    big.write_text("rules:\n" + "# padding\n" * 300_000, encoding="utf-8")  # 3 MB, over the cap
    with deadline(10), pytest.raises(RuleFileError, match="not read"):
        read_yaml(big)


def _user_rule(**fields: object) -> dict[str, object]:
    return {"id": "user.rule", "kind": "pattern", "category": "artifact", "pattern": "临时工作",
            "message": {"zh": "发现“{text}”", "en": "found '{text}'"}, "description": "d", "why": "w",
            "fix": "f", "examples": {"bad": ["临时工作"], "good": ["正式工作"]}, **fields}


def _rule_file(tmp_path: Path, **fields: object) -> Path:
    path = tmp_path / "user.yaml"
    path.write_text(json.dumps({"rules": [_user_rule(**fields)]}, ensure_ascii=False), encoding="utf-8")
    return path


def test_pattern_with_thousands_of_nested_groups_is_an_error_naming_the_rule(tmp_path, deadline):
    path = _rule_file(tmp_path, pattern="(" * 5000 + "a" + ")" * 5000)
    with deadline(20), pytest.raises(RuleFileError) as exc:
        load_rule_file(path)
    assert "user.yaml" in str(exc.value) and "user.rule" in str(exc.value) and "nested" in str(exc.value)


def test_config_override_with_thousands_of_nested_groups_is_a_config_error(tmp_path, deadline):
    cfg = tmp_path / "checker.toml"
    cfg.write_text('[rules."placeholder.xxx"]\npattern = "' + "(" * 5000 + "a" + ")" * 5000 + '"\n', encoding="utf-8")
    with deadline(20):
        _exit_2_naming(cfg, "--config", str(cfg), str(_good(tmp_path)), reason="nested too deeply")


@pytest.mark.parametrize("template", ["{0.__class__}", "{text.__class__.__init__}", "{text[0]}",
                                      "{text:>300000000}", "{text:.99999}", "{text:{width}}", "{}"])
def test_message_templates_may_only_name_fields(tmp_path, template):
    path = _rule_file(tmp_path, message={"zh": template, "en": "x"})
    with pytest.raises(RuleFileError) as exc:
        load_rule_file(path)
    assert "user.yaml" in str(exc.value) and "user.rule" in str(exc.value) and "message.zh" in str(exc.value)


def test_suggest_templates_may_name_groups_but_not_reach_into_them(tmp_path):
    assert load_rule_file(_rule_file(tmp_path, pattern="临时(工作)", suggest="正式{1}"))
    with pytest.raises(RuleFileError, match="suggest"):
        load_rule_file(_rule_file(tmp_path, pattern="临时(工作)", suggest="{0.__class__.__mro__}"))
    assert load_rule_file(_rule_file(tmp_path, message={"zh": "“{text:>8}”", "en": "{text!r}"}))


def test_config_override_with_a_taken_rule_id_is_an_error_naming_both_places(tmp_path):
    cfg = tmp_path / "checker.toml"
    cfg.write_text('[rules."placeholder.xxx"]\nid = "artifact.doubled-word"\n', encoding="utf-8")
    code, err = _cli("--config", str(cfg), str(_good(tmp_path)))
    assert code == 2
    assert "checker.toml" in err and "rules.placeholder.xxx.id" in err and "artifact.yaml" in err


def test_fuzzy_constraint_starting_with_a_digit_is_not_misread_by_the_prefilter():
    rule = PatternRule.model_validate(_user_rule(pattern="(?:临时工作){1<=e<=1}"))
    assert rule.prefilter is None  # RE2 would read {1<=e<=1} as literal text
    [finding] = check_text("本镇聘用临时工做人员。", PLACEHOLDERS, rules=[rule])
    assert finding.text == "临时工做"


# --- input files -----------------------------------------------------------------------------


def test_path_too_long_for_the_file_system_costs_one_finding(tmp_path):
    long = tmp_path.joinpath(*["d" * 200] * 25) / "a.txt"  # over PATH_MAX (4,096 bytes)
    report = check_paths([long, _good(tmp_path)], PLACEHOLDERS)
    by_file = {os.path.basename(f.path): f.rule for f in report.findings}
    assert by_file == {"a.txt": "input.unreadable", "good.txt": "placeholder.xxx"}
    code, _ = _cli("--isolated", str(long), str(_good(tmp_path)))
    assert code == 1


def test_folder_too_deep_to_list_is_reported_not_skipped_in_silence(tmp_path, monkeypatch):
    (tmp_path / "top").mkdir()
    monkeypatch.chdir(tmp_path / "top")
    for _ in range(25):  # one level at a time: no single call sees a path over PATH_MAX
        os.mkdir("d" * 200)
        os.chdir("d" * 200)
    Path("a.txt").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = check_paths([tmp_path / "top", _good(tmp_path)], PLACEHOLDERS)
    rules = sorted(f.rule for f in report.findings)
    assert rules == ["input.unreadable", "placeholder.xxx"]


def test_utf8_bom_before_a_gbk_body_reads_as_gbk(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(b"\xef\xbb\xbf" + "本镇完成投资364万元。\nXX村道路硬化。\n".encode("gbk"))
    doc = load(path)
    assert doc.text == "本镇完成投资364万元。\nXX村道路硬化。\n" and doc.had_bom
    assert "byte-order mark" in doc.warnings[0][1].en and "字节顺序标记" in doc.warnings[0][1].zh


def test_big5_lines_inside_a_mixed_file_are_decoded_or_reported(tmp_path):
    utf8 = "本镇全年完成投资364万元，同比增长5%。\n".encode()
    big5 = "臺灣地區經濟發展與產業結構調整報告書。\n".encode("big5")
    path = tmp_path / "mixed.txt"
    path.write_bytes(utf8 * 4 + big5 + "各项工作稳步推进。\n".encode("gbk"))
    doc = load(path)
    assert "臺灣地區經濟發展與產業結構調整報告書。" in doc.text and "各项工作稳步推进。" in doc.text
    assert any("Big5" in message.en for _code, message, _offset in doc.warnings)


def test_gbk_file_name_under_the_dask_engine_is_shown_decoded(tmp_path):
    pytest.importorskip("distributed")
    from checker.distributed import _check_chunk

    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/" + "报告".encode("gbk") + b".txt")
    Path(name).write_text(GOOD, encoding="utf-8")
    results, _table = _check_chunk([name, str(_good(tmp_path))], select_rules(PLACEHOLDERS), PLACEHOLDERS, None,
                                   False)
    [(status, [finding]), (_status, [placeholder])] = results
    assert status.path.endswith("报告.txt") and finding.path == status.path and finding.rule == "input.unreadable"
    assert placeholder.rule == "placeholder.xxx"


# --- text as the reader sees it --------------------------------------------------------------


def test_zero_width_characters_no_longer_split_figures():
    from checker.context import DocumentContext

    ctx = DocumentContext(Document.from_text("全镇投资36\u200b4万元，同比增长5%。"))
    assert ctx.metric_columns["value"][0] == 3_640_000


def test_zero_width_characters_no_longer_hide_placeholders_and_positions_stay_exact():
    text = "本镇新建X\ufeffX村图书室，X\u200b\u200bX社区服务站。"
    found = [(f.rule, f.column, f.end_column, f.text) for f in check_text(text)]
    assert ("placeholder.xxx", 5, 8, "X\ufeffX") in found
    assert ("placeholder.xxx", 13, 17, "X\u200b\u200bX") in found
    invisible = [(c, e) for rule, c, e, _t in found if rule == "artifact.invisible-character"]
    assert invisible == [(6, 7), (14, 16)]  # one finding per run


def test_invisible_characters_of_the_rule_are_those_the_normaliser_drops():
    from checker.normalize import INVISIBLE

    [rule] = [r for r in builtin_rules() if r.id == "artifact.invisible-character"]
    dropped = __import__("re").compile(f"[{INVISIBLE}]")
    assert [c for c in range(0x10000) if rule.compiled.fullmatch(chr(c))] == \
        [c for c in range(0x10000) if dropped.fullmatch(chr(c))]


# --- output ------------------------------------------------------------------------------------


def _hostile_report() -> Report:
    path = "a\x1b[2Jb\x9b31m.txt"
    text = "X\x1b]0;pwned\x07X"
    f = Finding(rule="placeholder.xxx", category="placeholder", severity=Severity.error, path=path, line=1,
                column=1, end_line=1, end_column=len(text) + 1, text=text, message=f"模板占位符“{text}”",
                suggestion="\x1b[31m", context=text + "镇工作总结\u202e")
    from checker.findings import FileStatus

    return Report(findings=[f], files=[FileStatus(path=path, ok=True, findings=1)])


HUMAN_FORMATS = ("rich", "github", "markdown", "html")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("color", [False, True])
def test_no_format_passes_control_characters_through(fmt, color):
    out = render(fmt, _hostile_report(), RenderContext(rules=builtin_rules(), lang="zh", color=color))
    if fmt == "rich" and color:
        out = __import__("re").sub(r"\x1b\[[0-9;]*m", "", out)  # rich's own colours
    # Machine formats escape C0 controls by their own syntax (JSON \u001b; XML cannot hold them);
    # what a person reads shows C1 controls and direction overrides as escapes too.
    shown = "\x1b\x07\x9b\u202e" if fmt in HUMAN_FORMATS else "\x1b\x07"
    assert not any(ch in out for ch in shown), fmt


def test_metrics_table_escapes_control_characters(tmp_path):
    from checker.api import metrics_for_paths
    from checker.reporters.metrics_output import render_table

    path = tmp_path / "a\x1b[2J.txt"
    text = "全镇完成投资364万元\x1b]0;x\x07，同比增长5%。\n" + "各项工作稳步推进，成效明显。\n" * 5
    path.write_text(text, encoding="utf-8")
    out = render_table(metrics_for_paths([path]), color=False)
    assert "364" in out and "\x1b" not in out and "\x07" not in out


@pytest.mark.parametrize(("encoding", "fmt"), [("ascii", "json"), ("latin-1", "rich")])
def test_output_is_encodable_in_any_locale(tmp_path, encoding, fmt):
    good = _good(tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONPATH": str(ROOT), "CHECKER_NO_CACHE": "1"}
    proc = subprocess.run([sys.executable, "-m", "checker", "check", "--isolated", "-f", fmt, str(good)],
                          capture_output=True, env=env, timeout=120, cwd=tmp_path)
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr, proc.stderr.decode(errors="replace")
    proc.stdout.decode(encoding)  # nothing the stream cannot carry
    if fmt == "json":
        assert json.loads(proc.stdout)["findings"][0]["text"] == "XX"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_can_be_written_to_an_ascii_stream(fmt):
    buffer = io.BytesIO()
    stream = io.TextIOWrapper(buffer, encoding="ascii")
    make_encodable(stream, fmt)
    write_report(fmt, _hostile_report(), RenderContext(rules=builtin_rules(), lang="zh"), stream)
    stream.flush()
    out = buffer.getvalue().decode("ascii")
    if fmt in ("json", "jsonl", "sarif", "rdjson", "gitlab"):
        assert "\\u6a21\\u677f" in out  # 模板 as JSON escapes: the same strings once parsed
    if fmt in ("junit", "html"):
        assert "&#27169;&#26495;" in out


# --- suppressions ------------------------------------------------------------------------------


def test_suppressions_are_linear_in_the_number_of_comments():
    n = 10_000
    doc = Document.from_text("".join(f"第{i}行XX镇 <!-- checker-disable-line -->\n" for i in range(n)))
    findings = [Finding(rule="placeholder.xxx", category="placeholder", severity=Severity.error, path="<text>",
                        line=i + 1, column=4 + len(str(i)), end_line=i + 1, end_column=6 + len(str(i)), text="XX",
                        message="m") for i in range(n)]
    rules = [r for r in builtin_rules() if r.id in ("placeholder.xxx", "suppression.unused")]
    # A guard against a quadratic sweep (10^8 steps: minutes), not a timing: the process's own CPU
    # time, which other tenants of a shared CI machine do not inflate, with a wide margin (~0.1 s).
    start = time.process_time()
    assert apply_suppressions(doc, findings, rules) == []
    assert time.process_time() - start < 3.0
