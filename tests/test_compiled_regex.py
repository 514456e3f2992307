"""checker's `regex` patterns shipped compiled (checker/compiled_regex.py) answer as their plain twin,
the same pattern compiled by `regex` now: same matches and groups on the seeds, every rule's examples
and generated texts. The table is current for the rules, made for the `regex` the lock names, ignored
when made for another, and never runs anything but `regex`'s own constructor."""

from __future__ import annotations

import io
import os
import pickle
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import compiled_regex
from checker.rule_examples import run_examples
from checker.rules.loader import load_rules

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SHIPPED = compiled_regex.read_table()
KEYS = sorted(SHIPPED, key=repr)


def _shipped(key: compiled_regex.Key) -> regex.Pattern:
    return compiled_regex._Program(io.BytesIO(SHIPPED[key])).load()


def _answers(pattern: regex.Pattern, text: str | bytes) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def _corpus() -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for rule in load_rules():
        if rule.examples is not None:
            texts += [*rule.examples.bad, *rule.examples.good]
    return "\n".join(texts)


def test_the_shipped_table_is_made_for_this_regex() -> None:
    head = compiled_regex.TABLE.read_bytes().partition(b"\n")[0].decode()
    assert head == compiled_regex.table_key(), \
        "checker/regex_table.pickle was made with another regex: run python scripts/update_regex_table.py"
    assert len(SHIPPED) > 100


def test_every_shipped_program_answers_as_a_fresh_compile() -> None:
    text = _corpus()
    for key in KEYS:
        shipped, fresh = _shipped(key), regex.compile(*key)
        assert (shipped.pattern, shipped.flags, shipped.groupindex) == (fresh.pattern, fresh.flags, fresh.groupindex)
        sample = text.encode() if isinstance(key[0], bytes) else text
        assert _answers(shipped, sample) == _answers(fresh, sample), key


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_shipped_programs_answer_as_fresh_compiles_on_generated_text(data: st.DataObject) -> None:
    key = data.draw(st.sampled_from([k for k in KEYS if isinstance(k[0], str)]))
    alphabet = sorted({c for c in key[0] if not c.isascii() or c.isalnum()} | set("0123456789.%，。、\n "))
    text = data.draw(st.text(alphabet=alphabet, max_size=60))
    assert _answers(_shipped(key), text) == _answers(regex.compile(*key), text)


def test_the_table_holds_every_pattern_the_rules_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule edited without `python scripts/update_regex_table.py` would compile on every start again."""
    recorded: set[compiled_regex.Key] = set()
    monkeypatch.setattr(compiled_regex, "_recorded", recorded)
    for rule in load_rules():
        run_examples(rule)
    missing = recorded - set(SHIPPED)
    assert not missing, f"not in checker/regex_table.pickle (run scripts/update_regex_table.py): {sorted(missing)[:3]}"


def test_a_pattern_the_table_lacks_is_compiled() -> None:
    pattern = compiled_regex.compile_regex(r"(?<!\d)(\d+)亩(?!以上)", regex.VERSION1)
    assert pattern.findall("3亩、40亩以上") == ["3"]


def test_a_table_made_for_another_regex_is_not_read(tmp_path: Path) -> None:
    body = compiled_regex.TABLE.read_bytes().partition(b"\n")[2]
    other = tmp_path / "table.pickle"
    other.write_bytes(b"regex 2001.1.1 magic 1 code 4\n" + body)
    assert compiled_regex.read_table(other) == {}
    assert compiled_regex.read_table(tmp_path / "missing.pickle") == {}


def test_a_planted_global_is_never_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    flag = tmp_path / "ran"

    class Planted:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (os.system, (f"touch {flag}",))

    key = ("种植(\\d+)亩", 0)
    monkeypatch.setattr(compiled_regex, "_table", {key: pickle.dumps(Planted())})
    monkeypatch.setattr(compiled_regex, "_compiled", {})
    assert compiled_regex.compile_regex(*key).findall("种植35亩") == ["35"]  # compiled as usual
    assert not flag.exists()
    table = tmp_path / "table.pickle"
    table.write_bytes(compiled_regex.table_key().encode() + b"\n" + pickle.dumps(Planted()))
    assert compiled_regex.read_table(table) == {}
    assert not flag.exists()
