"""The app's programme codes are the policy core's: an application can be assessed for what it names."""

from __future__ import annotations

from apps.assistance.choices import Program
from policy.programs import PROGRAMS


def test_the_programme_choices_match_the_policy_modules():
    assert dict(Program.choices) == PROGRAMS
