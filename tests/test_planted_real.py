"""The planted-defect benchmark's planters damage what they say, where they say (benchmarks/planted_real.py)."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

# benchmarks/ is not a package that is installed (CI tests the wheel): load the module from its file
_SPEC = importlib.util.spec_from_file_location("benchmarks_planted_real",
                                               Path(__file__).parents[1] / "benchmarks" / "planted_real.py")
assert _SPEC is not None and _SPEC.loader is not None
planted_real = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = planted_real  # dataclasses look their module up while the class is built
_SPEC.loader.exec_module(planted_real)
KINDS, plant_all = planted_real.KINDS, planted_real.plant_all

LINE = ("全镇完成固定资产投资3.5亿元，同比增长12.5%，财政收入2.1亿元，争取资金800万元，其中国债300万元、省补500万元；"
        "完成粮食种植4.2万亩，在青山村建成基地，新增126户，新建厂房1.2平方公里。")
DOC = ["https://example.org/1.html", "青山镇2023年工作总结", LINE,
       "二、民生保障：2023年全镇低保资金364万元，惠及群众2万人，完成土地流转1500亩。"]


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_each_planter_damages_the_line_inside_its_span(kind) -> None:
    rng = random.Random(3)
    for line in DOC[1:]:
        done = kind.plant(line, rng, DOC)
        if done is not None:
            new, start, end = done
            assert new != line
            assert 0 <= start < end <= len(new)
            return
    pytest.fail(f"{kind.name} found no site in the sample document")


def test_plant_all_is_deterministic_and_leaves_the_url_line(tmp_path) -> None:
    page = tmp_path / "pages" / "a.txt"
    page.parent.mkdir()
    page.write_text("\n".join(DOC), encoding="utf-8")
    first = plant_all([page], tmp_path / "one", seed=5)
    second = plant_all([page], tmp_path / "two", seed=5)
    assert first == second and first
    assert all(p["line"] != 1 for p in first)
    for p in first:
        assert (tmp_path / "one" / "planted" / str(p["file"])).read_text(encoding="utf-8").split("\n")[0] == DOC[0]


@pytest.mark.parametrize("source", [
    "今年上半年，组织企业安全培训，培训人数达54人。",  # a part of the year
    "五年来，全镇粮食播种面积达到62960亩。",  # several years
    "预计十四五末，全镇森林面积能达到12万亩。",  # a forecast
    "截止目前，我镇累积居家管控341人次。",  # 341人 would cut 人次
    "金融运行平稳，各项存贷款余额达7338万元和4022万元。",  # the first of a pair
])
def test_restated_takes_no_figure_that_is_not_the_years_fact_alone(source: str) -> None:
    doc = ["https://example.org/1.html", "青山镇2023年工作总结", source,
           "全镇上下团结一心，各项工作取得新成效，群众满意度不断提升。"]
    for seed in range(20):
        assert planted_real.restated(doc[3], random.Random(seed), doc) is None


def test_restated_restates_a_plain_figure() -> None:
    doc = ["https://example.org/1.html", "青山镇2023年工作总结", "产业发展有序，全镇完成土地流转1500亩。",
           "全镇上下团结一心，各项工作取得新成效，群众满意度不断提升。"]
    done = planted_real.restated(doc[3], random.Random(1), doc)
    assert done is not None and "土地流转" in done[0][done[1]:done[2]]


def test_restated_takes_no_plan_named_in_the_subject_nor_in_traditional_script() -> None:
    doc = ["https://example.org/1.html", "青山镇2023年工作总结", "治水工程全部开工，計劃鋪設雨污管道110公里。",
           "网格管理不断完善，将全镇农户划分为529个网格。",
           "全镇上下团结一心，各项工作取得新成效，群众满意度不断提升。"]
    for seed in range(20):
        assert planted_real.restated(doc[4], random.Random(seed), doc) is None
