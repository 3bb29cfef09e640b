"""Reader search: ``/search/?q=`` (and per language) over Wagtail's search index of live articles."""
