"""A clean corpus of township work reports, written for this benchmark (not copied from anywhere).

Each document is assembled from paragraph templates with several phrasings each, filled with
random but internally consistent figures (seeded, so every run sees the same text): 其中-parts
add up, list items add up to the stated total, growth rates match the two values given, and a
few facts are deliberately restated (a summary section repeats figures of the body) so that the
fault injector can make them disagree.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

TOWNS = ["青石", "柳溪", "桃源", "龙泉", "白沙", "石门", "梅岭", "新塘", "双河", "杨柳湾", "凤凰", "清水",
         "金竹", "马鞍山", "长乐", "高桥"]
CROPS = ["油茶", "柑橘", "茶叶", "中药材", "蔬菜", "猕猴桃", "黄桃", "烤烟", "油菜", "花生"]
PROJECTS = ["集镇污水管网改造", "农村公路提质", "高标准农田建设", "文化广场建设", "中心学校改扩建", "冷链物流仓储",
            "村级光伏电站", "安全饮水巩固提升", "河道综合治理", "农产品加工厂", "卫生院综合楼", "游客服务中心"]
VILLAGES = ["李家", "王家坪", "大湾", "新村", "黄土岭", "枫树坪", "河口", "竹园", "上坪", "石桥"]


@dataclass
class Doc:
    name: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _pick(rng: random.Random, *variants: str) -> str:
    return rng.choice(variants)


def _r1(x: float) -> str:
    return f"{x:.1f}"


def make_doc(i: int, seed: int = 20231123) -> Doc:
    rng = random.Random(seed * 1000 + i)
    town = rng.choice(TOWNS)
    lvl = rng.choice(["镇", "镇", "乡"])
    year = rng.choice([2022, 2023, 2023, 2024])
    name = f"{town}{lvl}"
    doc = Doc(f"clean_{i:02d}.txt")
    add = doc.lines.append
    add(_pick(rng, f"{name}{year}年工作总结", f"{name}人民政府{year}年工作总结及{year + 1}年工作安排",
              f"{name}{year}年度工作总结"))
    add(_pick(rng,
              f"{year}年，{name}党委、政府在县委、县政府的坚强领导下，坚持稳中求进工作总基调，团结带领全{lvl}"
              f"干部群众攻坚克难、真抓实干，经济社会各项事业保持良好发展态势。现将有关情况汇报如下：",
              f"一年来，在县委、县政府的正确领导下，{name}坚持以党建为引领，以项目建设为抓手，统筹推进"
              f"乡村振兴、基层治理和民生保障各项工作，较好地完成了年初确定的目标任务。现将工作情况总结如下："))
    add(f"一、{year}年主要工作成效")
    # --- economy: growth rates consistent with nothing else, inside plausible bands
    gdp, ind, inv = rng.randint(80, 400) / 10, rng.randint(2000, 60000), rng.randint(50, 900) / 100
    inc, rev = rng.randint(12000, 26000), rng.randint(300, 5000) / 10
    g = [rng.randint(51, 129) / 10 for _ in range(5)]
    add("（一）经济运行稳中向好")
    add(_pick(rng,
              f"全{lvl}完成地区生产总值{_r1(gdp)}亿元，同比增长{g[0]}%；规模以上工业总产值{ind}万元，同比增长{g[1]}%；"
              f"固定资产投资{inv:.2f}亿元，同比增长{g[2]}%；农村常住居民人均可支配收入{inc}元，同比增长{g[3]}%；"
              f"地方一般公共预算收入{rev}万元，同比增长{g[4]}%。",
              f"全年实现地区生产总值{_r1(gdp)}亿元，比上年增长{g[0]}%。规模以上工业总产值达到{ind}万元，增长{g[1]}%。"
              f"完成固定资产投资{inv:.2f}亿元，增长{g[2]}%。农村居民人均可支配收入达{inc}元，增长{g[3]}%。"))
    a_prev = rng.randint(40, 90)
    a_now = round(a_prev * (1 + rng.randint(5, 30) / 100), 1)
    add(_pick(rng,
              f"村级集体经济持续壮大，全{lvl}村集体经济收入{a_now}万元，上年为{a_prev}万元，同比增长"
              f"{(a_now / a_prev - 1) * 100:.1f}%，其中收入20万元和30万元以上的村各{rng.randint(1, 3)}个。",
              f"全{lvl}村集体经济收入达到{a_now}万元，较上年的{a_prev}万元增长{(a_now / a_prev - 1) * 100:.1f}%。"))
    # --- agriculture: 其中 parts add up
    rice, corn, soy = rng.randint(8, 30) / 10, rng.randint(3, 15) / 10, rng.randint(1, 8) / 10
    grain = round(rice + corn + soy, 1)
    crop = rng.choice(CROPS)
    crop_area = rng.randint(12, 60) * 100
    lz = rng.randint(8, 40) * 100
    hs = rng.randint(10, 50) * 100
    add("（二）乡村振兴扎实推进")
    add(_pick(rng,
              f"全年粮食播种面积{grain}万亩，其中水稻{rice}万亩，玉米{corn}万亩，大豆{soy}万亩，粮食总产量"
              f"{rng.randint(15, 90) / 10}万吨。",
              f"坚决扛稳粮食安全责任，完成粮食播种面积{grain}万亩，其中水稻种植面积{rice}万亩、玉米种植面积{corn}万亩、"
              f"大豆种植面积{soy}万亩。"))
    add(_pick(rng,
              f"大力发展特色产业，全{lvl}{crop}种植面积达到{crop_area}亩，建成千亩{crop}示范基地1个，带动"
              f"{rng.randint(120, 600)}户农户增收。",
              f"做大做强{crop}产业，{crop}种植面积稳定在{crop_area}亩，打造千亩{crop}示范片1个，"
              f"新建加工厂房{rng.randint(6, 30) * 100}平方米。"))
    add(_pick(rng,
              f"完成高标准农田建设{hs}亩，新增土地流转{lz}亩，培育家庭农场{rng.randint(5, 30)}家、农民专业合作社"
              f"{rng.randint(3, 20)}家。",
              f"新建高标准农田{hs}亩，完成土地流转{lz}亩，新增市级农民专业合作社{rng.randint(2, 9)}家。"))
    # --- people: X户Y人 parts add up
    jh = rng.randint(10, 60)
    fh = rng.randint(60, 200)
    jp, fp = jh + rng.randint(0, 5), fh + rng.randint(0, 12)
    dbh = rng.randint(150, 600)
    dbp = int(dbh * rng.randint(18, 26) / 10)
    db = rng.randint(1500, 6000) / 10
    add("（三）民生保障持续加强")
    add(_pick(rng,
              f"全年共发放低保金{db}万元，保障低保对象{dbh}户{dbp}人；"
              f"发放特困人员供养金{rng.randint(300, 1800) / 10}万元，"
              f"发放高龄津贴{rng.randint(200, 900) / 10}万元，惠及{rng.randint(300, 1500)}名老人。",
              f"严格落实社会救助政策，累计发放低保资金{db}万元，惠及{dbh}户{dbp}人，办理临时救助{rng.randint(30, 200)}"
              f"人次，发放救助资金{rng.randint(50, 400) / 10}万元。"))
    add(f"现有特困供养对象{jh + fh}户{jp + fp}人，其中集中供养{jh}户{jp}人，分散供养{fh}户{fp}人，"
        "全部按时足额发放供养资金。")
    add(_pick(rng,
              f"新改建农村公路{rng.randint(8, 60)}公里，安装太阳能路灯{rng.randint(100, 900)}盏，新建村级综合服务中心"
              f"{rng.randint(3, 12) * 100}平方米，建成{rng.randint(2, 20)}MW分布式光伏电站，预计年发电量"
              f"{rng.randint(200, 2000)}万kWh。",
              f"完成{rng.randint(3, 9)}个村安全饮水巩固提升工程，铺设供水管网{rng.randint(5, 40)}公里，惠及群众"
              f"{rng.randint(2000, 9000)}人；预计12月底前完成{rng.randint(2, 6)}座山塘清淤除险。"))
    # --- governance: rates ≤ 100%
    xf = rng.randint(40, 300)
    add("（四）基层治理更加有效")
    add(_pick(rng,
              f"全年共受理群众来信来访{xf}件，按期办结{xf}件，办结率100%；调解矛盾纠纷{rng.randint(30, 160)}起，"
              f"调解成功率{rng.randint(950, 999) / 10}%。",
              f"坚持和发展新时代“枫桥经验”，排查化解矛盾纠纷{rng.randint(30, 160)}起，"
              f"化解率{rng.randint(950, 999) / 10}%；"
              f"开展安全生产检查{rng.randint(20, 120)}次，整改隐患{rng.randint(20, 200)}处，整改率100%。"))
    spots = rng.sample(["党群服务中心", "农家书屋", "文化广场", "村史馆", "便民服务站", "卫生室", "日间照料中心"], 4)
    add(_pick(rng,
              f"重点建设{spots[0]}、{spots[1]}、{spots[2]}、{spots[3]}四个阵地，全年开展文明实践活动"
              f"{rng.randint(30, 150)}场次。",
              f"新建和改造{spots[0]}、{spots[1]}、{spots[2]}等3个公共服务场所，方便群众就近办事。"))
    add(_pick(rng,
              f"全年发展党员{rng.randint(5, 30)}名，开展中心组集中学习{rng.randint(10, 24)}次，培训党员干部"
              f"{rng.randint(300, 2000)}人次，发放宣传资料约{rng.randint(2, 9) * 1000}份。",
              f"扎实开展主题教育，组织集中学习{rng.randint(10, 24)}次，全年发展党员{rng.randint(5, 30)}名，"
              f"约谈提醒{rng.randint(3, 20)}人次，立案{rng.randint(1, 9)}起。"))
    # --- projects: items add up to the stated total (written to 2 decimals of 亿)
    n = rng.randint(3, 6)
    items = [rng.randint(300, 9000) for _ in range(n)]
    total = sum(items) / 10000
    add(f"二、{year}年重点项目建设情况")
    add(_pick(rng, f"全年实施重点项目{n}个，总投资{total:.2f}亿元。",
              f"围绕产业发展和基础设施补短板，共实施重点项目{n}个，总投资{total:.2f}亿元。"))
    names = rng.sample(PROJECTS, n)
    for k, (nm, amt) in enumerate(zip(names, items, strict=True), 1):
        village = rng.choice(VILLAGES)
        status = _pick(rng, "目前已完成主体工程", "年底前建成投用", "已完成招标")
        add(_pick(rng,
                  f"{k}．{village}村{nm}项目，计划投资{amt}万元，{status}。",
                  f"{k}．{nm}项目位于{village}村，计划投资{amt}万元，建设内容包括配套设施{rng.randint(2, 9)}处。"))
    # --- highlights restate facts of the body (same values)
    add("三、亮点工作")
    add(f"1．乡村振兴方面：完成土地流转{lz}亩，{crop}种植面积达到{crop_area}亩，发放低保金{db}万元。")
    add(f"2．项目建设方面：实施重点项目{n}个，总投资{total:.2f}亿元，均按计划推进。")
    add("四、存在的问题")
    add(_pick(rng,
              "一是产业规模偏小，龙头企业带动能力不强；二是基础设施仍有短板，部分偏远村组道路通行条件较差；"
              "三是干部队伍年龄结构老化，干事创业的能力有待提升。",
              "经济总量不大，产业层次不高；公共服务供给不够均衡；少数干部作风不实，抓落实能力有待加强。"))
    add(f"五、{year + 1}年工作安排")
    add(_pick(rng,
              f"{year + 1}年，力争完成地区生产总值{_r1(gdp * 1.07)}亿元，新增土地流转{lz + 500}亩，实施重点项目"
              f"{n + 2}个，持续巩固拓展脱贫攻坚成果。",
              f"计划新建高标准农田{hs + 1000}亩，完成土地流转{lz * 2}亩，继续加大招商引资力度，确保经济稳中有进。"))
    add(f"{name}人民政府")
    add(f"{year}年12月{rng.randint(5, 28)}日")
    return doc


def corpus(count: int = 24, seed: int = 20231123) -> list[Doc]:
    return [make_doc(i, seed) for i in range(count)]
