"""Placeholders, deleted names, punctuation damage, conversion damage, spun text and doubled
words, on sentences written for these tests (none is taken from the real reports or the seeds).

Each family must fire on its damage with the exact span of the original file, and stay silent on
the correct phrasings most likely to be mistaken for it.
"""

from __future__ import annotations

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.api import check_text
from checker.findings import Finding
from checker.rules.kinds.synonym_spin import SynonymSpinRule
from checker.rules.loader import builtin_rules

RULES = [r for r in builtin_rules() if r.category in ("placeholder", "artifact")]


def hits(text: str, prefix: str) -> list[Finding]:
    """Findings of rules named `prefix…`, also where another rule's finding on the same span stands
    for it (`evidence.also`: one finding per span and category)."""
    return [f for f in check_text(text, rules=RULES)
            if f.rule.startswith(prefix) or any(r.startswith(prefix) for r in (f.evidence or {}).get("also", []))]


def spans(text: str, rule: str) -> list[str]:
    return [f.text for f in hits(text, rule)]


# --- placeholders --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "rule", "span"), [
    ("全年组织义诊 * 次，受益群众 * 人", "placeholder.spaced-asterisk", "*"),
    ("在OOO村召开现场会", "placeholder.letter-o", "OOO"),
    ("由________同志负责", "placeholder.underscores", "________"),
    ("建成“x示范基地”", "placeholder.x-name", "x"),
    ("X街道党工委召开专题会议", "placeholder.x-name", "X"),
    ("某街道2024年度工作要点", "placeholder.mou-place", "某街道"),
    ("招引企业落户**，带动**村集体增收", "placeholder.asterisks", "**"),
])
def test_placeholder_forms(text: str, rule: str, span: str) -> None:
    assert span in spans(text, rule)


@pytest.mark.parametrize("text", [
    "放射科新增X光摄片机1台，开展X线检查300人次",
    "调用__main__入口，导出file_2024.csv",
    "**安全生产**：全年无事故",
    "Mac OS X系统培训1期",
    "乘坐Google地图规划路线",
    "某些村民小组尚未完成",
])
def test_placeholder_silent(text: str) -> None:
    assert hits(text, "placeholder.") == []


def test_spaced_asterisk_position_in_original() -> None:
    text = "一、工作开展情况\n　　全年举办培训班 * 期。\n"
    [f] = hits(text, "placeholder.spaced-asterisk")
    assert (f.line, f.column, f.end_column, f.text) == (2, 11, 12, "*")


# --- deleted names -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "rule"), [
    ("2024年，镇持续深化“放管服”改革", "placeholder.bare-place-subject"),
    ("现将乡2024年度工作总结如下", "placeholder.bare-place-year"),
    ("县2023年政府工作报告", "placeholder.bare-place-year"),
    ("镇文化旅游发展情况汇报", "placeholder.bare-place-title"),
    ("经委宣传部同意，开展评选活动", "placeholder.bare-committee"),
    ("按照、省、市统一部署", "placeholder.missing-first-item"),
    ("将村、村、村合并为一个行政村", "placeholder.repeated-bare-place"),
    ("全会强调，要深入学习贯彻新时代中国特色社会主义思想", "placeholder.leader-thought"),
    ("认真学习总书记关于乡村振兴的重要论述", "placeholder.leader-name"),
    ("全村绿化覆盖率达45%。：今后我们还要继续努力", "placeholder.speaker-deleted"),
])
def test_deleted_name_found(text: str, rule: str) -> None:
    assert hits(text, rule), (rule, text)


@pytest.mark.parametrize("text", [
    "2024年，我镇持续深化“放管服”改革，全镇2023年财政收入增长5%",
    "该乡地处山区，本镇位于河谷，各乡镇、城镇、镇村两级、县乡两级协同推进",
    "镇党委、镇政府高度重视，乡亲们积极参与",
    "乡村振兴工作汇报",
    "按照县委宣传部统一部署，在省、市、县的正确领导下",
    "健全县、乡、村三级网络",
    "深入学习习近平总书记重要讲话精神，贯彻总书记重要指示",
    "谱写新时代中国特色社会主义事业新篇章",
    "会议时间：2024年3月",
])
def test_deleted_name_silent(text: str) -> None:
    found = [f for f in hits(text, "placeholder.") if f.rule != "placeholder.mou"]
    assert found == []


def test_leader_name_silent_when_named_elsewhere() -> None:
    text = "坚持以习近平新时代中国特色社会主义思想为指导。\n认真落实总书记重要指示精神。"
    assert hits(text, "placeholder.leader-") == []


# --- punctuation -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "rule"), [
    ("推进城乡.融合发展", "artifact.stray-period"),
    ("一是抓好项目建设.二是抓好招商引资", "artifact.stray-period"),
    ("新建便民桥3座 。", "artifact.space-before-punctuation"),
    ("全年接待游客5万人次.", "artifact.period-line-end"),
    ("开展\"清廉村居\"创建", "artifact.straight-quotes"),
    ("利用横幅、标语、等形式宣传", "artifact.comma-before-deng"),
    ("实现税收2.1亿元；同比增长8%", "artifact.semicolon-before-growth"),
])
def test_punctuation_damage(text: str, rule: str) -> None:
    assert hits(text, rule), (rule, text)


@pytest.mark.parametrize("text", [
    "增长8.5%，1.加强领导；2.完善制度。",
    "登录www.example.gov.cn查询",
    "工作仍需加强……",
    "实现税收2.1亿元，同比增长8%；农业产值3亿元。",
    "开展“清廉村居”创建",
])
def test_punctuation_silent(text: str) -> None:
    assert [f for f in hits(text, "artifact.") if f.rule.startswith(
        ("artifact.stray", "artifact.period", "artifact.space-before", "artifact.straight",
         "artifact.comma-before", "artifact.semicolon", "artifact.ascii"))] == []


# --- conversion damage -------------------------------------------------------------------

TRADITIONAL = "鎮黨委堅持黨建引領,統籌推進鄉村振興,經濟社會發展穩中有進。\n"


@pytest.mark.parametrize(("line", "span", "right"), [
    ("項目竣工后將帶動300戶增收。", "后", "後"),
    ("全體黨員干部積極參與。", "干", "幹"),
    ("鎮黨委采用以獎代補方式推進。", "采", "採"),
    ("對于困難群眾及時給予救助。", "于", "於"),
    ("全年完成稅收征管任務。", "征", "徵"),
])
def test_simplified_leftover_in_traditional(line: str, span: str, right: str) -> None:
    text = TRADITIONAL + line + "\n"
    found = hits(text, "artifact.simplified-phrase-in-traditional")
    assert [(f.line, f.text, f.suggestion) for f in found] == [(2, span, right)]
    col = line.index(span) + 1
    assert found[0].column == col


def test_a_kept_word_keeps_its_character() -> None:
    """托育 and 托嬰 are Taiwan's standard spelling (the rule's `keep`); 依托 is still a leftover."""
    text = TRADITIONAL + "持續爭取建構友善托育環境補助,設立托嬰中心,依托社區辦理。\n"
    found = hits(text, "artifact.simplified-phrase-in-traditional")
    assert [(f.text, f.suggestion) for f in found] == [("托", "託")]
    assert found[0].column == text.split("\n")[1].index("依托") + 2


def test_traditional_text_as_opencc_writes_it_is_silent() -> None:
    simplified = ("镇党委坚持党建引领，若干项目建成后带动农户增收，干部群众干劲十足，"
                  "对于困难群众及时救助，依法征收税款，采取有力措施，干扰因素逐步消除。\n")
    for config in ("s2t", "s2tw"):
        text = opencc.OpenCC(config).convert(simplified)
        assert hits(text, "artifact.simplified") == [], config


def test_taiwan_vocabulary_from_opencc_and_the_rule() -> None:
    text = TRADITIONAL + "持續最佳化審批流程,培育經濟成長點,制定年度計畫,國中及以下學歷5人。\n"
    assert spans(text, "artifact.mainland-taiwan-swap") == ["最佳化", "經濟成長", "計畫", "國中及以下"]


def test_taiwan_vocabulary_silent_on_mainland_words() -> None:
    text = TRADITIONAL + "推動線上線下融合,建立健全資料檔案,支援智慧農業,把工作列入考核。\n"
    assert hits(text, "artifact.mainland-taiwan-swap") == []


def test_taiwan_vocabulary_of_a_text_written_in_taiwan_is_its_own() -> None:
    sentence = "為擴大各界對財政狀況的理解,縣府今年特別以視覺化的方式呈現年度總預算的概況。\n"
    assert spans(TRADITIONAL + sentence, "artifact.mainland-taiwan-swap") == ["視覺化"]
    assert hits("縣議會定期大會上," + sentence, "artifact.mainland-taiwan-swap") == []


def test_over_conversion_both_ways() -> None:
    assert spans(TRADITIONAL + "新修油麪路8公里,合理配臵資源。\n", "artifact.over-conversion") == ["麪", "臵"]
    assert spans("全镇脱贫攻坚成效卓着，取得显着成绩。", "artifact.over-conversion-simplified") == ["卓着", "显着"]
    assert hits("紧接着召开推进会，成效显著。", "artifact.over-conversion") == []


# --- common misspellings ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "span", "right"), [
    ("乡党委统一布署，扎实推进各项工作", "布署", "部署"),
    ("全年出栏牲猪3200头", "牲猪", "生猪"),
    ("当前防汛形式严峻，各村要积级应对", "形式严峻", "形势严峻"),
    ("村干部走家窜户宣传政策", "走家窜户", "走家串户"),
    ("我们要以身作责，再接再励", "以身作责", "以身作则"),
    ("新修沥清路3公里", "沥清", "沥青"),
    ("及时拔付补助资金", "拔付", "拨付"),
    (TRADITIONAL + "鎮黨委統一佈署全鎮工作。\n", "佈署", "部署"),
    ("深化放管复改革，落实河常制", "放管复", "放管服"),
    ("组织全员核算检测，做好地址灾害防范", "核算检测", "核酸检测"),
    ("组织全员核算检测，做好地址灾害防范", "地址灾害", "地质灾害"),
    (TRADITIONAL + "全面完成社會扶養費徵收任務。\n", "社會扶養費", "社会抚养费"),
    ("在困难面前锻练了胆量，工作中异曲同功", "锻练", "锻炼"),
    ("坚持稳中求近，防止形式主意", "形式主意", "形式主义"),
])
def test_common_misspelling(text: str, span: str, right: str) -> None:
    found = [f for f in hits(text, "artifact.common-misspelling") if f.text == span]
    assert found and found[0].suggestion == right


@pytest.mark.parametrize("text", [
    "认真落实上级决策部署，反对形式主义，宣传形式多样",
    "人均耕地面积级差大，帮助群众自己经营农家乐",
    "作为已任命的干部，要关注消费帮扶，依托展会推介产品",
    "交通迅速发展，通讯速度提升，择优扶持龙头企业",
    "离目标更近一步，积累记录经验，按排名先后发放",
    "开展宣传消防知识活动，营销费用下降，研究竞争策略",
    "代表委员共商国是，新政既使群众满意又让企业放心，帮助企业渡过难关",
    "全市上下倍受鼓舞、倍感振奋，发展悦己经济，始终不逾越红线",
    "大宗指数平稳，参观山脉博物馆，共谋化解之策，途经通霄镇",
])
def test_common_misspelling_silent_on_correct_text(text: str) -> None:
    assert hits(text, "artifact.common-misspelling") == []


def test_common_misspelling_is_rarer_than_its_correction() -> None:
    """A wrong phrase jieba's dictionary knows as a word must be rarer there than its correction:
    a lexicon entry that is itself a common word would flag correct text."""
    import jieba

    rule = next(r for r in builtin_rules() if r.id == "artifact.common-misspelling")
    freq = jieba.get_FREQ
    assert 150 <= len(rule.swaps) <= 800
    for wrong, right in rule.swaps.items():
        assert wrong not in right and right not in wrong
        assert (freq(wrong) or 0) < max(freq(right) or 0, 300), wrong


_SUBSTITUTIONS = [r for r in builtin_rules() if r.id in (
    "artifact.common-misspelling", "artifact.over-conversion", "artifact.over-conversion-simplified")]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_substitution_literals_match_as_the_alternation(data: st.DataObject) -> None:
    """A substitution rule finds its phrases through checker.literals (an RE2 gate before the
    automaton): the same spans as the longest-first alternation on its `matcher`."""
    rule = data.draw(st.sampled_from(_SUBSTITUTIONS))
    phrases = sorted(rule.phrase_table)
    pieces = st.one_of(st.sampled_from(phrases), st.sampled_from(sorted({c for p in phrases for c in p})),
                       st.sampled_from(["，", "镇", "\n", " "]))
    text = "".join(data.draw(st.lists(pieces, max_size=200)))
    assert list(rule.literals.finditer(text)) == [m.span() for m in rule.matcher.finditer(text)]


# --- spun text ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "spun", "right"), [
    ("筑牢平安隐患排查防线", "平安隐患", "安全隐患"),
    ("推进根底设施建设", "根底设施", "基础设施"),
    ("坚定推进变革敞开", "变革敞开", "改革开放"),
    ("落实党风廉洁建设责任制", "党风廉洁建设", "党风廉政建设"),
    ("新型农村合作医疗和养老稳妥全覆盖", "养老稳妥", "养老保险"),
])
def test_spun_formula(text: str, spun: str, right: str) -> None:
    [f] = hits(text, "artifact.synonym-spin")
    assert spun in f.text and right in f.suggestion
    assert f.suggestion == f.text.replace(spun, right)


@pytest.mark.parametrize("text", [
    "深入开展平安建设，确保社会平安稳定，高质量开展主题教育",
    "从根本上解决问题，这是根本任务",
    "制定工作方案，全部完成年度任务",
    "为人民服务，推进改革开放",
])
def test_spin_silent_on_correct_phrases(text: str) -> None:
    assert hits(text, "artifact.synonym-spin") == []


def test_spin_variants_never_contain_a_formula() -> None:
    rule = next(r for r in builtin_rules() if r.id == "artifact.synonym-spin")
    assert isinstance(rule, SynonymSpinRule)
    assert len(rule.phrases) >= 200
    assert not any(v in p for v in rule.table for p in rule.phrases)


# --- doubled words -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "rule"), [
    ("建设美丽的的家园", "artifact.doubled-particle"),
    ("认真落实了落实各项政策", "artifact.doubled-verb-le"),
    ("累计共18次", "artifact.doubled-count-word"),
    ("党员干部40人于在村部集中学习", "artifact.doubled-preposition"),
])
def test_doubled_words(text: str, rule: str) -> None:
    assert hits(text, rule)


@pytest.mark.parametrize("text", [
    "这的的确确是好事，不能不了了之",
    "为了了解民情，大家看了看、想了想，又商量了商量",
    "开展活动和和谐家庭评选，问题在于在基层落实",
])
def test_doubled_words_silent(text: str) -> None:
    assert hits(text, "artifact.doubled-") == []


def test_asterisk_pairs_are_markup_only_in_markdown() -> None:
    text = "今年**重点**推进项目建设，将*乡*打造成示范镇\n"
    assert {f.rule for f in check_text(text, rules=RULES, path="report.md")} & {
        "placeholder.asterisks", "placeholder.asterisk-name"} == set()
    found = {f.rule for f in check_text(text, rules=RULES, path="report.txt")}
    assert {"placeholder.asterisks", "placeholder.asterisk-name"} <= found


_TAIWAN_RULE = next(r for r in builtin_rules() if r.kind == "taiwan-phrase")
_EDGE_CHARS = "".join(sorted({c for p in _TAIWAN_RULE.phrase_table for c in (p[0], p[-1])}))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_EDGE_CHARS + "的工作發展網路建設資訊服務程式公司体體后後面麵于於", min_size=2, max_size=2))
def test_taiwan_edge_table_equals_the_dictionary(pair: str) -> None:
    """The snapshot's edge-word table answers as jieba's whole dictionary does (its plain twin)."""
    from checker.rules.kinds.taiwan_phrase import _mainland_frequency
    from checker.simplify import to_simplified

    plain = _mainland_frequency().get(to_simplified(pair), 0) >= _TAIWAN_RULE.max_mainland_frequency
    assert _TAIWAN_RULE._mainland_word(pair) == plain
