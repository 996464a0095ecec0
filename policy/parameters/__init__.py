"""The catalogue of local parameters (地方标准) and the resolved set a programme reads.

Every local number is configuration: a row per area (county default, township override), per urban/rural
where it matters, with an effective-date range. This package names each parameter, its kind, its unit and
what it is for; the Django side stores versions and resolves one :class:`Standards` for an area, a kind
(urban or rural) and a day. Programmes read only from a :class:`Standards`, never from constants.

- :mod:`.catalogue`: :data:`CATALOGUE`, each parameter's :class:`ParamDef`: kind, unit, default, basis
- :mod:`.standards`: :func:`parameter_parse` (stored text to a typed value) and :class:`Standards`
"""

from policy.parameters.catalogue import CATALOGUE, Kind, ParamDef
from policy.parameters.standards import ParamValue, Standards, parameter_parse

__all__ = ["CATALOGUE", "Kind", "ParamDef", "ParamValue", "Standards", "parameter_parse"]
