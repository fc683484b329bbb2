"""Token authentication: knox stores only a hash of each token; inactive users are refused."""

from __future__ import annotations

from knox.auth import TokenAuthentication as KnoxTokenAuthentication


class TokenAuthentication(KnoxTokenAuthentication):
    """`Authorization: Token <key>`; a deactivated user's tokens stop working at once."""
