"""schema.org JSON-LD for Wagtail pages: one graph per page, from schemas registered per model.

Public surface: :mod:`structured_data.schema` (``Schema``, ``PageSchema``, ``ImageSchema``),
:func:`structured_data.registry.register`, :func:`structured_data.graph.build_graph`,
:func:`structured_data.rendering.render_json_ld`, :func:`structured_data.conf.get_setting`, the
``structured_data_tags`` template library, and the news formats (ninjs, NewsML-G2):
:func:`structured_data.formats.register_format` and :func:`structured_data.formats.build_news_item`.
"""

__version__ = "1.0.0"
