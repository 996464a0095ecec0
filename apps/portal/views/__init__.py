"""网上办事 views: the residents' portal (citizen.py) and the staff's handling of online applications
(staff.py)."""
