"""Word lists and rates that make the synthetic population look like a real Chinese county.

Sources are public orders of magnitude, not exact statistics: surname shares from the 2020 census name
report, household sizes from the 7th census (average ≈ 2.6), disability near 6% (2006 national sample
survey), mobile prefixes of the three carriers. Nothing here is a rule of the bureau; it only feeds the demo.
"""

from __future__ import annotations

# The tables below are laid out by hand to be read as tables.
# fmt: off

# The five seed counties, in a fixed order: the index is what the generator stores per person.
COUNTIES: tuple[str, ...] = ("421303", "420921", "430602", "330305", "510116")
# 曾都区 hosts the demo users, so it gets the biggest share of households.
COUNTY_SHARE: tuple[float, ...] = (0.40, 0.15, 0.15, 0.15, 0.15)

# (surname, share in per-mille). The long tail is cut; the shares are renormalised by the generator.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 71), ("李", 70), ("张", 67), ("刘", 54), ("陈", 45), ("杨", 31), ("黄", 22), ("赵", 20),
    ("吴", 20), ("周", 19), ("徐", 13), ("孙", 12), ("马", 11), ("朱", 11), ("胡", 10), ("郭", 9),
    ("何", 9), ("高", 9), ("林", 9), ("罗", 9), ("郑", 7), ("梁", 7), ("谢", 6), ("宋", 5), ("唐", 5),
    ("许", 5), ("韩", 5), ("冯", 4), ("邓", 4), ("曹", 4), ("彭", 4), ("曾", 4), ("肖", 4), ("田", 4),
    ("董", 4), ("袁", 4), ("潘", 3), ("于", 3), ("蒋", 3), ("蔡", 3), ("余", 3), ("杜", 3), ("叶", 3),
    ("程", 3), ("苏", 3), ("魏", 3), ("吕", 3), ("丁", 3), ("任", 3), ("沈", 3), ("姚", 3), ("卢", 3),
    ("姜", 3), ("崔", 2), ("钟", 2), ("谭", 2), ("陆", 2), ("汪", 2), ("范", 2), ("金", 2), ("石", 2),
    ("廖", 2), ("贾", 2), ("夏", 2), ("韦", 2), ("付", 2), ("方", 2), ("白", 2), ("邹", 2), ("孟", 2),
    ("熊", 2), ("秦", 2), ("邱", 2), ("江", 2), ("尹", 2), ("薛", 2), ("闫", 2), ("段", 2), ("雷", 2),
    ("侯", 2), ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2), ("顾", 2), ("毛", 2), ("郝", 1),
    ("龚", 1), ("邵", 1), ("万", 1), ("钱", 1), ("严", 1), ("覃", 1), ("武", 1), ("戴", 1), ("莫", 1),
    ("孔", 1), ("向", 1), ("汤", 1), ("欧阳", 0.3), ("司马", 0.05), ("诸葛", 0.05),
)

# Given-name characters by sex and by generation (born before 1965, 1965–1989, 1990–2004, from 2005).
# Index: [sex][generation] with sex 0 = male, 1 = female. A name is one or two characters from its pool.
GIVEN_CHARS: tuple[tuple[str, ...], tuple[str, ...]] = (
    (
        "国建明德华志福春海文军平光荣富贵成林山清振永长世金忠义万宝俊兴才发祥庆玉桂生",
        "伟强磊军勇杰涛斌鹏超波刚辉峰明亮健东林飞华平俊武斌涛浩新宏志国立宁",
        "浩宇轩博文杰鑫磊帅晨阳涛鹏飞俊凯旭然博睿航哲豪毅昊楠亮",
        "子浩宇轩梓睿泽俊铭辰奕航皓逸宸锦熙煜彦沐屹景瑞晟安诚",
    ),
    (
        "秀英兰芳桂珍凤玉华梅淑翠莲菊香琴云荣素花琼巧金银春月娥爱",
        "丽敏静燕娟艳霞玲婷红萍芳丽娜晓琳慧颖雪梅莉洁琴利平丹",
        "婷雪静佳欣怡梦颖倩璐琪悦雯晶丹蕾璇娇慧雨薇瑶媛嘉菲",
        "欣怡梓涵诗雨萱佳琪子悦可馨若汐一诺依彤语嘉沐雅晗思妍",
    ),
)
GENERATION_STARTS: tuple[int, ...] = (1965, 1990, 2005)  # birth years where the next pool begins
SINGLE_CHAR_RATE: tuple[float, ...] = (0.25, 0.22, 0.15, 0.10)

# Ethnic groups by county besides 汉族, as (name, share). The rest is 汉族.
ETHNIC_MINORITIES: dict[str, tuple[tuple[str, float], ...]] = {
    "421303": (("回族", 0.004), ("土家族", 0.002), ("苗族", 0.001)),
    "420921": (("回族", 0.003), ("土家族", 0.002)),
    "430602": (("土家族", 0.012), ("苗族", 0.006), ("回族", 0.004), ("侗族", 0.002)),
    "330305": (("畲族", 0.006), ("回族", 0.001)),
    "510116": (("彝族", 0.006), ("藏族", 0.004), ("羌族", 0.003), ("回族", 0.002)),
}

MOBILE_PREFIXES: tuple[int, ...] = (
    130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 147, 150, 151, 152, 153, 155, 156, 157, 158, 159,
    166, 173, 175, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 191, 198, 199,
)

# (bank name, card BIN). Rural households mostly bank with the village credit union and the postal bank.
BANKS: tuple[tuple[str, int], ...] = (
    ("中国农业银行", 622848),
    ("中国邮政储蓄银行", 621799),
    ("农村商业银行", 623058),
    ("中国工商银行", 622202),
    ("中国建设银行", 621700),
    ("中国银行", 621661),
)
BANK_SHARE: tuple[float, ...] = (0.28, 0.22, 0.25, 0.10, 0.10, 0.05)
ACCOUNT_RATE = 0.92  # households with a payment account on file
SSCARD_RATE = 0.25  # of those, the share paid onto the social-security card's financial account

URBAN_ROADS: tuple[str, ...] = (
    "解放路", "人民路", "中山路", "建设路", "新华路", "文化路", "青年路", "胜利路", "和平路", "沿江大道",
    "府前街", "东风路", "五一路", "交通大道", "学院路", "迎宾大道",
)

# Disability (残疾类别) with the digit used in the 20-digit 第二代残疾人证 number (ID number + category
# digit + grade digit), its share among disabled people, and the grade shares 一级..四级.
DISABILITY_CATEGORIES: tuple[tuple[str, int, float], ...] = (
    ("visual", 1, 0.14), ("hearing", 2, 0.24), ("speech", 3, 0.02), ("physical", 4, 0.30),
    ("intellectual", 5, 0.07), ("mental", 6, 0.07), ("multiple", 7, 0.16),
)
DISABILITY_GRADE_SHARE: tuple[float, ...] = (0.12, 0.20, 0.28, 0.40)

ILLNESSES: tuple[str, ...] = (
    "恶性肿瘤", "尿毒症（血液透析）", "白血病", "重性精神疾病", "慢性心力衰竭", "脑卒中后遗症",
    "肝硬化", "耐多药肺结核", "系统性红斑狼疮", "再生障碍性贫血",
)

# The order in which people lose the six self-care abilities (Katz): bathing first, eating last.
SELF_CARE_LOSS_ORDER: tuple[str, ...] = ("bathe", "dress", "walk", "toilet", "transfer", "eat")
# fmt: on
