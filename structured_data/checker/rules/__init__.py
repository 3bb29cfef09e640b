"""The checker's rules, one concern per module; importing this package registers them all, in this order.

The order is the order issues are reported in: the page, its JSON-LD as a graph, the vocabulary,
then Google's features and the visible page.
"""

# isort: skip_file
from . import page  # noqa: F401 - imported to register
from . import graph  # noqa: F401
from . import vocabulary  # noqa: F401
from . import article  # noqa: F401
from . import images  # noqa: F401
from . import visible  # noqa: F401
from . import profiles  # noqa: F401
from . import opengraph  # noqa: F401
from . import video  # noqa: F401
from . import retired_features  # noqa: F401
