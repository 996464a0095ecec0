"""Assistance pages, in Chinese and fit for a phone. Each view parses a form, calls one service or
selector, and renders.

- :mod:`.inbox`: 待办, 逾期, and a village's 公示 list
- :mod:`.applications`: the application list, 申请 for a household, the application page, notices and
  attachments
- :mod:`.steps`: one view per workflow step (受理, 补正, 核对, 入户调查, 公示, 异议, 复查, 审核确认,
  先行救助, 撤回)
- :mod:`.cases`: the case list, the case page and its changes (定期核查 included)
- :mod:`.restandard`: 调标 — preview a new 低保 standard on every case of a county, and apply it
- :mod:`.common`: what they share
"""
