"""The Slack adapter: slack_bolt's AsyncApp in Socket Mode or HTTP mode, Block Kit rendering,
OAuth installs, App Home. See docs/slack.md."""

from adapters.slack.app import SlackAdapter
from adapters.slack.platform import SlackPlatform

__all__ = ["SlackAdapter", "SlackPlatform"]
