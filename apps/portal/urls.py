"""网上办事 for residents under /portal/; the staff's 网上申请 and 网上办事账号核实 under /online/."""

from django.urls import path

from apps.portal.views import accounts, citizen, register, staff

portal = (
    [
        path("", citizen.home, name="home"),
        path("register/", register.register, name="register"),
        path("register/code/", register.register_code, name="register_code"),
        path("login/", citizen.CitizenLoginView.as_view(), name="login"),
        path("logout/", citizen.CitizenLogoutView.as_view(), name="logout"),
        path("apply/", citizen.apply, name="apply"),
        path("areas/", citizen.areas, name="areas"),
        path("mine/", citizen.mine, name="mine"),
        path("mine/<str:reference>/", citizen.detail, name="detail"),
        path("mine/<str:reference>/withdraw/", citizen.withdraw, name="withdraw"),
        path("mine/<str:reference>/upload/", citizen.upload, name="upload"),
        path(
            "mine/<str:reference>/attachments/<int:attachment_id>/",
            citizen.attachment,
            name="attachment",
        ),
        path(
            "mine/<str:reference>/attachments/<int:attachment_id>/remove/",
            citizen.attachment_remove,
            name="attachment_remove",
        ),
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
        path("accounts/", accounts.account_list, name="accounts"),
        path("accounts/<int:pk>/", accounts.account_detail, name="account"),
        path("accounts/<int:pk>/confirm/", accounts.account_confirm, name="account_confirm"),
        path("accounts/<int:pk>/refuse/", accounts.account_refuse, name="account_refuse"),
    ],
    "online",
)
