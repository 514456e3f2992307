"""Rule files from outside (issue 7.2, issue 3.4): loaded only with a safe YAML loader, bounded, and
every malformed rule is an error naming the file, the line of the offending field, the rule id and
the field."""

from __future__ import annotations

import re
import textwrap

import pytest
from typer.testing import CliRunner

import checker.rules.loader
from checker.cli import app
from checker.lexicon import load_data_file
from checker.rules.loader import RuleFileError, load_rules

RULE = """\
rules:
  - id: user.town
    kind: pattern
    category: placeholder
    severity: warning
    pattern: 'XX镇'
    message:
      zh: "占位符“{text}”"
      en: "placeholder '{text}'"
    description: "A town placeholder."
    why: "Unfilled template."
    fix: "Fill it in."
    examples:
      bad: ["XX镇", "在XX镇"]
      good: ["本镇", "城关镇"]
"""


def _load(tmp_path, text: str, name: str = "user.yaml"):
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return load_rules([folder], include_builtin=False)


def _error(tmp_path, text: str) -> RuleFileError:
    with pytest.raises(RuleFileError) as exc:
        _load(tmp_path, text)
    return exc.value


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_a_good_rule_file_loads(tmp_path):
    [rule] = _load(tmp_path, RULE)
    assert rule.id == "user.town" and rule.source.endswith("user.yaml:2")


@pytest.mark.parametrize(
    ("edit", "field", "at", "says"),
    [
        (("kind: pattern", "kind: regexp"), "kind", "kind: regexp", "unknown kind 'regexp'; known kinds: "),
        (('      en: "placeholder \'{text}\'"\n', ""), "message.en", "message:", "Field required"),
        (("pattern: 'XX镇'", "pattern: 'XX(镇'"), "pattern", "pattern: 'XX(镇'", "invalid regular expression"),
        (("severity: warning", "severity: fatal"), "severity", "severity: fatal", "'error', 'warning' or 'info'"),
        (("category: placeholder", "category: typo"), "category", "category: typo", "'placeholder'"),
        (('      good: ["本镇", "城关镇"]\n', ""), "examples.good", "examples:", "Field required"),
        (('      good: ["本镇", "城关镇"]', "      good: []"), "examples.good", "good: []", "at least 1 item"),
        (("    why:", "    patern: 'x'\n    why:"), "patern", "patern:", "Extra inputs are not permitted"),
        (('zh: "占位符“{text}”"', 'zh: "占位符“{text”"'), "message.zh", "zh:", "expected '}'"),
        (("  - id: user.town", "  - id: Town Placeholder"), "id", "id: Town", "must look like 'family.name'"),
    ],
    ids=["unknown-kind", "missing-message-en", "bad-regex", "bad-severity", "bad-category", "missing-good",
         "empty-good", "misspelt-field", "broken-template", "bad-id"],
)
def test_malformed_rules_name_file_line_rule_and_field(tmp_path, edit, field, at, says):
    text = RULE.replace(*edit)
    assert text != RULE
    err = _error(tmp_path, text)
    message = str(err)
    line = _line_of(text, at)
    assert message.startswith(f"{tmp_path / 'rules' / 'user.yaml'}:{line}: "), message
    assert err.line == line and err.field == field
    assert f"field {field!r}" in message and says in message
    if field != "id":
        assert err.rule_id == "user.town" and "rule 'user.town'" in message


def test_missing_examples(tmp_path):
    text = RULE[: RULE.index("    examples:")]
    err = _error(tmp_path, text)
    assert (err.line, err.rule_id, err.field) == (2, "user.town", "examples")
    assert "Field required" in str(err)


def test_duplicate_id_names_both_places(tmp_path):
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "a.yaml").write_text(RULE, encoding="utf-8")
    (folder / "b.yaml").write_text("# another family\n" + RULE, encoding="utf-8")
    with pytest.raises(RuleFileError) as exc:
        load_rules([folder], include_builtin=False)
    message = str(exc.value)
    assert message.startswith(f"{folder / 'b.yaml'}:3: rule 'user.town' field 'id': duplicate rule id")
    assert f"first defined in {folder / 'a.yaml'}:2" in message


def test_duplicate_of_a_builtin_rule(tmp_path):
    builtin_id = load_rules()[0].id  # read now: other tests may swap the cached built-in rules
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "mine.yaml").write_text(RULE.replace("user.town", builtin_id), encoding="utf-8")
    with pytest.raises(RuleFileError, match=re.escape(f"rule '{builtin_id}' field 'id': duplicate rule id")):
        load_rules([folder])


@pytest.mark.parametrize(
    "tag",
    ["!!python/object/apply:os.system ['touch {marker}']", "!!python/name:os.system",
     "!!python/object/new:subprocess.Popen [['touch', '{marker}']]"],
)
def test_python_tags_are_refused_and_never_run(tmp_path, tag):
    marker = tmp_path / "pwned"
    text = RULE.replace("pattern: 'XX镇'", "pattern: " + tag.format(marker=marker))
    err = _error(tmp_path, text)
    message = str(err)
    assert err.line == _line_of(text, "pattern: !!")
    assert "YAML tag '!!python/" in message and "not allowed" in message and "safe loader" in message
    assert not marker.exists()


def test_alias_bomb_is_an_error_not_a_hang(tmp_path, deadline):
    # "Billion laughs" in YAML: nine levels of nine aliases expand to 9^9 strings when copied.
    levels = ["a0: &a0 ['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    text = "defs:\n" + textwrap.indent("\n".join(levels), "  ") + "\n" + RULE.replace(
        "      good: [\"本镇\", \"城关镇\"]", "      good: *a9")
    with deadline(20):
        err = _error(tmp_path, text)
    assert "expands to over" in str(err) and "aliases" in str(err)


def test_deeply_nested_yaml_is_an_error(tmp_path):
    """Refused by checker's depth guard or by libyaml's own limit (0.2.6 and later), whichever
    comes first: either way a RuleFileError naming the file and the line."""
    err = _error(tmp_path, "rules: " + "[" * 1000 + "]" * 1000 + "\n")
    assert err.path.endswith("user.yaml") and err.line == 1
    assert str(err).startswith(f"{err.path}:1: ")


def test_yaml_syntax_error_names_the_line(tmp_path):
    text = RULE.replace("    why: \"Unfilled template.\"", "   why: [\"Unfilled template.\"")
    err = _error(tmp_path, text)
    assert "YAML syntax error" in str(err) and err.line is not None
    assert abs(err.line - _line_of(text, "why:")) <= 1


def test_shape_errors(tmp_path):
    err = _error(tmp_path, "rules:\n  id: user.town\n")
    assert (err.line, err.field) == (1, "rules") and "'rules' must be a list" in str(err)
    err = _error(tmp_path, "rules:\n  - just a string\n")
    assert err.line == 2 and "must be a mapping, not str" in str(err)
    err = _error(tmp_path, RULE.replace("rules:", "rule:"))
    assert (err.line, err.field) == (1, "rule") and "did you mean 'rules'" in str(err)


def test_merge_keys_work_and_errors_still_point_at_the_field(tmp_path):
    text = textwrap.dedent("""\
        defaults: &defaults
          kind: pattern
          category: placeholder
          severity: warning
          description: "d"
          why: "w"
          fix: "f"
          examples: {bad: ["XX镇"], good: ["本镇"]}
        rules:
          - <<: *defaults
            id: user.one
            pattern: 'XX镇'
            message: {zh: "甲", en: "a"}
          - <<: *defaults
            id: user.two
            pattern: '(XX'
            message: {zh: "乙", en: "b"}
        """)
    err = _error(tmp_path, text)
    assert (err.rule_id, err.field, err.line) == ("user.two", "pattern", _line_of(text, "pattern: '(XX'"))
    assert [r.id for r in _load(tmp_path, text.replace("'(XX'", "'XX'"))] == ["user.one", "user.two"]


def test_a_key_written_twice_is_an_error_naming_the_line_but_a_merged_default_may_be_overridden(tmp_path):
    twice = RULE.replace("    kind: pattern\n", "    kind: pattern\n    severity: error\n    severity: info\n", 1)
    assert twice != RULE
    err = _error(tmp_path, twice)
    assert err.line == _line_of(twice, "severity: info") and "severity" in str(err) and "user.yaml" in str(err)
    text = textwrap.dedent("""\
        defaults: &defaults
          kind: pattern
          category: placeholder
          severity: warning
          description: "d"
          why: "w"
          fix: "f"
          examples: {bad: ["XX镇"], good: ["本镇"]}
        rules:
          - <<: *defaults
            id: user.one
            severity: error
            pattern: 'XX镇'
            message: {zh: "甲", en: "a"}
        """)
    [rule] = _load(tmp_path, text)
    assert rule.severity == "error"


def test_lexicons_are_not_rule_files_and_load_without_line_marks():
    units = load_data_file("units.yaml")
    assert "__line__" not in repr(units) and "__lines__" not in repr(units)


def test_cli_reports_a_broken_user_rule_file_as_a_usage_error(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "user.yaml").write_text(RULE.replace("severity: warning", "severity: fatal"),
                                                  encoding="utf-8")
    (tmp_path / "checker.toml").write_text('extra-rules = ["rules"]\n', encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text("XX镇工作总结\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(report), "--format", "json", "--no-cache",
                                 "--config", str(tmp_path / "checker.toml")])
    assert r.exit_code == 2
    assert "user.yaml:5: rule 'user.town' field 'severity'" in r.output


def test_oversized_rule_file_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(checker.rules.loader, "MAX_RULE_FILE_BYTES", 100)
    err = _error(tmp_path, RULE)
    assert "over 100 bytes" in str(err) and str(err).startswith(str(tmp_path / "rules" / "user.yaml"))
