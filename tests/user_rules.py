"""A user's own rule directory for tests of config, fixes and suppressions.

Tests must not depend on which built-in rules other work adds, so they bring their own rules
(the `demo.` family) the way a user would: a YAML file in a directory named by `extra-rules`.
"""

from __future__ import annotations

from pathlib import Path

RULES_YAML = r"""
rules:
  - id: demo.paywall
    kind: pattern
    category: artifact
    severity: error
    safe_fix: true
    pattern: '【付费内容[^】\n]*】'
    suggest: ''
    message: {zh: "付费墙标记“{text}”", en: "paywall marker '{text}'"}
    description: "A paywall marker copied from a document site."
    why: "It is not report text."
    fix: "Delete it."
    examples: {bad: ["正文【付费内容请购买】", "【付费内容】"], good: ["正文", "付费内容"]}
  - id: demo.sqm
    kind: pattern
    category: unit-format
    severity: warning
    safe_fix: true
    pattern: '(\d+(?:\.\d+)?)平米'
    suggest: '{1}平方米'
    message: {zh: "“{text}”应写作平方米", en: "'{text}': write 平方米"}
    description: "Colloquial 平米."
    why: "Official text spells the unit out."
    fix: "Write 平方米."
    examples: {bad: ["新建50平米", "共3.5平米"], good: ["新建50平方米", "平米数"]}
  - id: demo.pagefooter
    kind: pattern
    category: artifact
    severity: info
    safe_fix: true
    pattern: '第\d+页'
    suggest: ''
    message: {zh: "页脚“{text}”", en: "page footer '{text}'"}
    description: "A page footer; its digits are not figures of the report, so checker fix may delete it."
    why: "Not report text."
    fix: "Delete it."
    examples: {bad: ["第3页", "第12页"], good: ["第三页", "页"]}
  - id: demo.wanwan
    kind: pattern
    category: unit-format
    severity: warning
    safe_fix: true
    pattern: '万万'
    suggest: '万'
    message: {zh: "“{text}”", en: "'{text}'"}
    description: "A doubled multiplier; collapsing it changes the figure, so checker fix must refuse it."
    why: "Ambiguous figure."
    fix: "Check the source."
    examples: {bad: ["10万万元", "3万万"], good: ["10万元", "万"]}
  - id: demo.unsafe
    kind: pattern
    category: inconsistency
    severity: warning
    pattern: '乡政府'
    suggest: '镇政府'
    message: {zh: "“{text}”", en: "'{text}'"}
    description: "A suggestion that needs review: not marked safe."
    why: "Demo."
    fix: "Review."
    examples: {bad: ["乡政府", "在乡政府"], good: ["镇政府", "乡村"]}
"""


def write_user_rules(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "demo.yaml").write_text(RULES_YAML, encoding="utf-8")
    return directory
