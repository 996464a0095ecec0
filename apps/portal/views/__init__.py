"""网上办事 views: the residents' portal (citizen.py), registering with a one-time code (register.py), the
staff's handling of online applications (staff.py) and of accounts waiting to be confirmed (accounts.py)."""
