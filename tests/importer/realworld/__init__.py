"""A corpus of pages in the layouts of real news sites, with hand-written expectations, and its scoring.

Shared by ``tests/importer/test_realworld.py`` (each page must import right) and
``bench/bench_import.py`` (body F1, byline accuracy and speed, against trafilatura alone).
"""
