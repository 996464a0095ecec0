"""The demo: synthetic data for every domain, loaded by ``minzheng demo``. It is the top floor: it may use
every app, and no app uses it, so a deployment leaves ``apps.demo`` out (``MINZHENG_DEMO=0``).

- :mod:`.services`: the seed logins, the population, the reset, the demo county's caseload and history
- :mod:`.generator`, :mod:`.population`, :mod:`.population_people`, :mod:`.vocab`: the synthetic registry
- :mod:`.caseload`: a county's 在保对象 generated set-based; :mod:`.payroll_history` pays its past months
- :mod:`.assistance`, :mod:`.portal`, :mod:`.disclosure`, :mod:`.statistics`, :mod:`.targets`: each
  domain's demo records, written through that domain's services
- :mod:`.crosscheck`: noisy external lists with known truth, and the practice death list (:mod:`.views`)
"""
