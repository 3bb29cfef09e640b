"""The demo newspaper that ``manage.py load_demo_content`` loads, in three parts.

``content`` holds the texts and data (a fictional local paper), ``drawing`` the pictures drawn with
Pillow, and ``loading`` creates the pages, snippets, settings and admin user from them.
"""
