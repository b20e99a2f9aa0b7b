"""Who may read staff data and write drafts: a request with an API token, by its scope."""

from django.http import HttpRequest
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from faq import services
from faq.models import ApiToken
from faq.selectors.api import api_token_find


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`, of the given scope; a write token reads too."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = api_token_find(text=token)
        if found is None:
            return None
        if self.scope == ApiToken.Scope.WRITE and found.scope != ApiToken.Scope.WRITE:
            raise AuthorizationError(
                message="This token may only read: writing needs a write token."
            )
        services.api_token_used(token_id=found.pk)
        return found


read_token = TokenAuth(ApiToken.Scope.READ)
write_token = TokenAuth(ApiToken.Scope.WRITE)
