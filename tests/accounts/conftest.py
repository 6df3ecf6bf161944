# One of every object a URL can point at, shared with the access walk.
from tests.test_access import world  # noqa: F401
