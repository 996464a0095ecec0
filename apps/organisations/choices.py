"""The kinds and states of an organisation (the states' table of changes is policy/organisations.py)."""

from django.db import models

from policy import organisations as rules


class OrganisationKind(models.TextChoices):
    SOCIAL_GROUP = "social_group", "社会团体"
    SOCIAL_SERVICE = "social_service", "社会服务机构(民办非企业单位)"
    FOUNDATION = "foundation", "基金会"
    ENTERPRISE = "enterprise", "企业"
    PUBLIC_INSTITUTION = "public_institution", "事业单位"
    COMMUNITY_COMMITTEE = "community_committee", "村(居)民委员会"
    OTHER = "other", "其他"


class OrganisationStatus(models.TextChoices):
    PREPARING = rules.PREPARING, rules.ORGANISATION_STATE_LABELS[rules.PREPARING]
    NORMAL = rules.NORMAL, rules.ORGANISATION_STATE_LABELS[rules.NORMAL]
    ABNORMAL = rules.ABNORMAL, rules.ORGANISATION_STATE_LABELS[rules.ABNORMAL]
    BLACKLISTED = rules.BLACKLISTED, rules.ORGANISATION_STATE_LABELS[rules.BLACKLISTED]
    REVOKED = rules.REVOKED, rules.ORGANISATION_STATE_LABELS[rules.REVOKED]
    DEREGISTERED = rules.DEREGISTERED, rules.ORGANISATION_STATE_LABELS[rules.DEREGISTERED]
