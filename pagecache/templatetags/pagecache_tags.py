from types import SimpleNamespace

from django import template

from ..conf import get_setting
from ..fragments import generation

register = template.Library()


@register.simple_tag
def site_fragments() -> SimpleNamespace:
    """``timeout`` and ``generation`` for ``{% cache %}`` of site-wide fragments (see :mod:`pagecache.fragments`)."""
    return SimpleNamespace(timeout=get_setting("FRAGMENT_TIMEOUT"), generation=generation())
