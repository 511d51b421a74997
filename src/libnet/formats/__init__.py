"""Date and number formats of the project's languages (FORMAT_MODULE_PATH), ahead of Django's.

Vietnam writes a date day first, 05/03/2026, in either language of the pages. Django's own
Vietnamese formats spell dates out ("Ngày 05 tháng 3 năm 2026") or use hyphens, and have no
input formats, so a typed 05/03/2026 was read the American way, as 3 May.
"""
