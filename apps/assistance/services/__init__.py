"""Writing social-assistance records. Every function takes ``actor``, runs in one transaction and writes
its audit row (with the household, so the household's history shows it) inside it.

- :mod:`.steps`: the one place an application changes state (lock, compare-and-set, table check, record)
- :mod:`.applications`: 申请, 受理 / 一次性告知, 补正, 核对, 入户调查, 撤回
- :mod:`.publicity`: 公示, 异议, 复查
- :mod:`.decisions`: 审核确认, 不予确认, 先行救助, and who may decide
- :mod:`.cases`: 纳入 and every later change of a case, 定期核查 included
- :mod:`.assessment`: 家庭经济状况核对 against the registry, stored with its trace
- :mod:`.notices`: the DOCX notices
- :mod:`.attachments`: survey photos and scans
"""
