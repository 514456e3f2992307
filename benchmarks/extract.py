"""Extraction speed beside jieba's on the same synthetic corpus, in the same run.

    python benchmarks/extract.py [--mb 20] [--seed 1]

The corpus is built programmatically: report sentences from templates (subjects, verbs,
numbers in every written form, units and aliases, approximations, ranges, growth clauses,
其中-decompositions, numbered lists, dates and slogans that must not become figures) mixed with
the seed reports' paragraphs whose figures are re-drawn at random, cut into documents of about
30 KB each (the size of a real report). Printed: corpus size; the extractor's MB/s (metrics
table per document, pandera validation included; normalisation excluded and timed apart);
jieba.lcut's MB/s over the same documents; and their ratio (target >= 1.0).
MB are megabytes of UTF-8; times are CPU seconds of this process, the two measured alternately
document by document so that load from other jobs on the machine does not favour either.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PLACES = ["全镇", "全乡", "全县", "我镇", "全年", "今年以来", "截至目前", "上半年", "2023年", "本年度"]
VERBS = ["完成", "新建", "发放", "开展", "累计完成", "共发放", "新增", "实施", "建成", "改造", "投入", "落实"]
SUBJECTS = [
    ("低保资金", ["万元", "万", "元"]), ("高标准农田", ["亩", "万亩"]), ("土地流转", ["亩", "余亩"]),
    ("农村公路", ["公里", "千米", "km"]), ("安全检查", ["次", "余次"]), ("矛盾纠纷", ["起", "件"]),
    ("监测户", ["户"]), ("脱贫人口", ["人", "名"]), ("光伏电站", ["MW", "kW"]), ("储能电站", ["MWh"]),
    ("厂房", ["平方米", "平米", "m2", "㎡"]), ("粮食产量", ["吨", "万吨", "公斤", "斤"]),
    ("固定资产投资", ["亿元", "万元"]), ("宣传资料", ["份", "余份"]), ("示范村", ["个"]),
    ("路灯", ["盏"]), ("志愿服务活动", ["场次", "次"]), ("造林", ["公顷", "亩"]), ("清淤", ["方", "立方米"]),
    ("特困人员生活费", ["万元", "万"]), ("参保率", ["%"]), ("群众满意度", ["%", "％"]),
]
GROWTH = ["同比增长", "同比下降", "较上年增加", "比上年提高", "增长", "下降"]
CN = ["三", "五", "十二", "二十", "三十五", "一百二十", "三千五百", "两"]
CN_UNITS = ["个", "家", "人", "次", "户", "项"]
APPROX_PRE = ["", "", "", "约", "近", "超", "逾"]
APPROX_POST = ["", "", "", "余", "多", "以上", "左右"]
NOISE = [
    "认真学习贯彻党的二十大精神，全面落实“三高四新”战略定位和使命任务。",
    "推行“一村一品”“一户一策”，严格落实“一岗双责”和“两不愁三保障”。",
    "2024年3月15日召开全镇干部大会，1-4月份组织开展专项整治，11月底前全面完成。",
    "一是抓学习。二是抓落实。三是抓作风。",
    "第一，加强组织领导；第二，强化督导检查。",
    "详见http://www.example.gov.cn/2024/0315/123.html，联系电话请见附件。",
    "新建5G基站，配备G60型设备，开通CCTV2频道转播。",
    "以“积分制”管理带动十户联防，探索“1+4”联动机制，打造五大产业。",
]


def _number(rng: random.Random) -> str:
    form = rng.random()
    if form < 0.45:
        return str(rng.randint(1, 99999))
    if form < 0.8:
        return f"{rng.uniform(0.1, 9999):.{rng.randint(1, 2)}f}"
    if form < 0.9:
        return f"{rng.randint(1, 999)},{rng.randint(0, 999):03d}"
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in str(rng.randint(1, 9999)))


def sentence(rng: random.Random) -> str:
    subject, units = rng.choice(SUBJECTS)
    unit = rng.choice(units)
    fig = f"{rng.choice(APPROX_PRE)}{_number(rng)}{rng.choice(APPROX_POST) if '余' not in unit else ''}{unit}"
    kind = rng.random()
    head = f"{rng.choice(PLACES)}{rng.choice(VERBS)}{subject}{fig}"
    if kind < 0.25:
        return f"{head}，{rng.choice(GROWTH)}{rng.uniform(0.1, 40):.1f}%。"
    if kind < 0.4:
        a, b = rng.randint(10, 500), rng.randint(10, 500)
        return f"{head}，其中新建{a}{unit}，改造{b}{unit}。"
    if kind < 0.5:
        return f"{rng.choice(PLACES)}{rng.choice(VERBS)}{subject}{rng.choice(CN)}{rng.choice(CN_UNITS)}。"
    if kind < 0.58:
        lo = rng.randint(1, 50)
        return f"每村{rng.choice(VERBS)}{subject}{lo}至{lo + rng.randint(1, 20)}{unit}。"
    if kind < 0.66:
        return f"新识别监测对象{rng.randint(2, 300)}户{rng.randint(5, 900)}人，{head}。"
    if kind < 0.76:
        return rng.choice(NOISE)
    return head + "。"


def numbered_list(rng: random.Random) -> str:
    n = rng.randint(3, 8)
    out = [f"实施重点项目{n}个，总投资{rng.uniform(1, 20):.2f}亿元。"]
    for i in range(1, n + 1):
        out.append(f"{i}．XX项目计划投资{rng.randint(100, 9000)}万元，新建厂房{rng.randint(100, 5000)}平方米。")
    return "\n".join(out)


_FIGURE = re.compile(r"\d+(?:\.\d+)?")


def seed_paragraphs() -> list[str]:
    paras: list[str] = []
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        paras.extend(x for x in p.read_text(encoding="utf-8").split("\n") if len(x) > 40)
    return paras


def build_corpus(mb: float, seed: int, doc_bytes: int = 30_000) -> list[str]:
    rng = random.Random(seed)
    paras = seed_paragraphs()
    docs: list[str] = []
    total = 0
    heads = ["一、", "二、", "三、", "四、", "五、"]
    while total < mb * 1_000_000:
        parts: list[str] = [f"XX镇{rng.randint(2019, 2024)}年工作总结"]
        size = 0
        section = 0
        while size < doc_bytes:
            r = rng.random()
            if r < 0.08 and section < len(heads):
                block = f"{heads[section]}工作开展情况\n（{'一二三'[rng.randint(0, 2)]}）重点工作"
                section += 1
            elif r < 0.15:
                block = numbered_list(rng)
            elif r < 0.35:
                block = _FIGURE.sub(lambda m: str(rng.randint(1, 9999)), rng.choice(paras))
            else:
                block = "".join(sentence(rng) for _ in range(rng.randint(3, 8)))
            parts.append(block)
            size += len(block.encode("utf-8"))
        doc = "\n".join(parts) + "\n"
        docs.append(doc)
        total += len(doc.encode("utf-8"))
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    from checker.context import DocumentContext
    from checker.document import Document
    from checker.extract import extract_metrics
    from checker.extract.segmenter import jieba_cut, userdict_path

    t0 = time.perf_counter()
    docs = build_corpus(args.mb, args.seed)
    size_mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    print(f"corpus: {len(docs)} documents, {size_mb:.1f} MB UTF-8 (built in {time.perf_counter() - t0:.1f} s)")

    lcut = jieba_cut(userdict_path())  # pure-Python jieba, dictionary loaded before either clock starts
    extract_metrics(Document.from_text(docs[0]))  # warm caches of lexicons

    t0 = time.perf_counter()
    contexts = [DocumentContext(Document.from_text(d, path=f"doc{i}.txt")) for i, d in enumerate(docs)]
    t_norm = time.perf_counter() - t0

    # time spent inside pandera, measured by wrapping the schema the extractor validates with
    import checker.extract.table as table_module

    schema = table_module.METRICS_SCHEMA_TYPED
    spent = [0.0]

    class TimedSchema:
        @staticmethod
        def validate(frame, **kwargs):  # type: ignore[no-untyped-def]
            t = time.process_time()
            out = schema.validate(frame, **kwargs)
            spent[0] += time.process_time() - t
            return out

    table_module.METRICS_SCHEMA_TYPED = TimedSchema  # type: ignore[assignment]
    # The two are interleaved document by document and timed in CPU seconds of this process
    # (time.process_time), so a machine shared with other jobs slows both alike.
    clock = time.process_time
    rows = words = 0
    t_extract = t_jieba = 0.0
    for ctx, d in zip(contexts, docs, strict=True):
        t0 = clock()
        rows += len(extract_metrics(ctx.doc, ctx.norm))
        t1 = clock()
        words += len(lcut(d))
        t2 = clock()
        t_extract += t1 - t0
        t_jieba += t2 - t1
    table_module.METRICS_SCHEMA_TYPED = schema
    t_validate = spent[0]

    ext_mbs, jieba_mbs = size_mb / t_extract, size_mb / t_jieba
    core_mbs = size_mb / (t_extract - t_validate)
    print(f"normalise:   {size_mb / t_norm:6.2f} MB/s  ({t_norm:.1f} s; a separate stage, not counted below)")
    print(f"extract:     {ext_mbs:6.2f} MB/s  ({t_extract:.1f} s, {rows} figures, {rows / t_extract:,.0f} figures/s; "
          f"of which pandera validation {t_validate:.1f} s = {t_validate / t_extract:.0%}, "
          f"{t_validate / len(docs) * 1000:.0f} ms per document)")
    print(f"  without validation: {core_mbs:6.2f} MB/s")
    print(f"jieba.lcut:  {jieba_mbs:6.2f} MB/s  ({t_jieba:.1f} s, {words} words)")
    print(f"ratio extract/jieba: {ext_mbs / jieba_mbs:.2f} (target >= 1.0); "
          f"without validation {core_mbs / jieba_mbs:.2f}")


if __name__ == "__main__":
    main()
