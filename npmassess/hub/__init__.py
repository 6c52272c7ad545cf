"""The consolidation hub on PostgreSQL: connection, schema and migrations, push, queries, benchlearning."""

from npmassess.hub.connection import HubError, connect, parse_url, reachable, resolve_url
from npmassess.hub.migrations import ROLES, check_version, migrate
from npmassess.hub.push import PushResult, push_assessment, push_file, push_files
from npmassess.hub.source import HubSource

__all__ = ["HubError", "HubSource", "PushResult", "ROLES", "check_version", "connect", "migrate", "parse_url",
           "push_assessment", "push_file", "push_files", "reachable", "resolve_url"]
