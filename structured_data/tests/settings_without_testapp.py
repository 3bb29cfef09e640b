"""The plugin's test settings without the test app: a site whose page models do not take the preview mixin
(``structured_data.editor`` needs the ``[checker]`` extra), for running the plugin with that extra missing."""

from __future__ import annotations

from .settings import *  # noqa: F403
from .settings import INSTALLED_APPS as _INSTALLED_APPS

INSTALLED_APPS = [app for app in _INSTALLED_APPS if app != "structured_data.tests.testapp"]
