"""养老服务: the pure rules of the eldercare office (养老服务股), no Django (docs/eldercare.md).

:mod:`.ability` scores an older person's ability by GB/T 42195-2022 《老年人能力评估规范》 (26 items in four
parts, 90 points, five levels and the conditions that change a level); :mod:`.rating` turns the points an
institution is awarded under GB/T 37276-2018 《养老机构等级划分与评定》 into its star and its validity;
:mod:`.figures` computes the office's ratios (养老床位 per 1,000 older people, 护理型床位占比, the
coverage of villages) with one rounding rule.
"""
