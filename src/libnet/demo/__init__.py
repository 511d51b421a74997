"""The demo province Sông Lam (fictional): places, libraries, people, records and copies.

`libnet load_demo` calls `loader.load_demo`. The data modules (`places`, `people`, `titles`)
are plain Python with no database access; `records` turns a demo title into MARC 21. Every
random choice comes from a `random.Random` seeded with a fixed string, so every run produces
the same province.
"""
