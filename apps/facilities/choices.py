"""The kinds, modes and states of a facility and the kinds of its capacity. A new office adds its kinds
here (a new value is a migration of the choices, never a new table)."""

from django.db import models

from policy import facilities as rules


class FacilityKind(models.TextChoices):
    # 养老服务
    ELDERCARE_INSTITUTION = "eldercare_institution", "养老机构"
    HOME_CARE_CENTRE = "home_care_centre", "居家养老服务照料中心"
    DAY_CARE_CENTRE = "day_care_centre", "日间照料中心"
    TOWNSHIP_CARE_CENTRE = "township_care_centre", "乡镇(街道)综合养老服务中心"
    RURAL_MUTUAL_AID = "rural_mutual_aid", "农村互助照料活动中心"
    ELDER_CANTEEN = "elder_canteen", "老年食堂/幸福食堂"
    # 儿童福利
    CHILD_WELFARE = "child_welfare", "儿童福利机构"
    MINOR_PROTECTION = "minor_protection", "未成年人救助保护机构"
    # 社会救助
    RELIEF_STATION = "relief_station", "救助管理站"
    # 殡葬
    FUNERAL_HOME = "funeral_home", "殡仪馆"
    CEMETERY = "cemetery", "公墓"
    # 社会工作, 基层治理
    SOCIAL_WORK_STATION = "social_work_station", "社工站"
    COMMUNITY_SERVICE = "community_service", "社区综合服务设施"


class OperatingMode(models.TextChoices):
    PUBLIC = "public", "公办公营"
    PUBLIC_PRIVATE = "public_private", "公建民营"
    PRIVATE = "private", "民办"


class FacilityStatus(models.TextChoices):
    PLANNED = rules.PLANNED, rules.FACILITY_STATE_LABELS[rules.PLANNED]
    OPERATING = rules.OPERATING, rules.FACILITY_STATE_LABELS[rules.OPERATING]
    SUSPENDED = rules.SUSPENDED, rules.FACILITY_STATE_LABELS[rules.SUSPENDED]
    CLOSED = rules.CLOSED, rules.FACILITY_STATE_LABELS[rules.CLOSED]


class CapacityKind(models.TextChoices):
    BEDS = "beds", "床位"
    NURSING_BEDS = "nursing_beds", "护理型床位"
    DAY_BEDS = "day_beds", "日托床位"
    SEATS = "seats", "餐位"
    PLOTS = "plots", "墓穴"
    NICHES = "niches", "骨灰存放格位"


class CoordinateSource(models.TextChoices):
    SURVEY = "survey", "测绘成果"
    GPS = "gps", "现场GPS采集"
    MAP = "map", "地图选点"
    GEOCODE = "geocode", "地址解析"
    OTHER = "other", "其他"
