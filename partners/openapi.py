"""How drf-spectacular describes the partner key in the OpenAPI document (a bearer token)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "partners.authentication.PartnerKeyAuthentication"
    name = "partnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A partner API key, made in the Wagtail admin (Settings > Partner API keys). "
            "X-Api-Key: <key> works too.",
        }
