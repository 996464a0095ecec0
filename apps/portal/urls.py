"""网上办事 for residents under /portal/, and the staff's 网上申请 pages under /online/."""

from django.urls import path

from apps.portal.views import citizen, staff

portal = (
    [
        path("", citizen.home, name="home"),
        path("register/", citizen.register, name="register"),
        path("login/", citizen.CitizenLoginView.as_view(), name="login"),
        path("logout/", citizen.CitizenLogoutView.as_view(), name="logout"),
        path("apply/", citizen.apply, name="apply"),
        path("areas/", citizen.areas, name="areas"),
        path("mine/", citizen.mine, name="mine"),
        path("mine/<str:reference>/", citizen.detail, name="detail"),
        path("mine/<str:reference>/withdraw/", citizen.withdraw, name="withdraw"),
        path("mine/<str:reference>/upload/", citizen.upload, name="upload"),
        path("mine/<str:reference>/notices/<int:notice_id>/", citizen.notice, name="notice"),
    ],
    "portal",
)
online = (
    [
        path("", staff.online_list, name="list"),
        path("<int:pk>/", staff.online_detail, name="detail"),
        path("<int:pk>/forward/", staff.online_forward_view, name="forward"),
        path("<int:pk>/register/", staff.online_register_view, name="register"),
        path("<int:pk>/return/", staff.online_return_view, name="return"),
        path("attachments/<int:pk>/", staff.online_attachment, name="attachment"),
    ],
    "online",
)
