from wagtail.snippets.models import register_snippet

from .admin_views import PartnerKeyViewSet

register_snippet(PartnerKeyViewSet)
