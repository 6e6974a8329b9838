"""Loading the configuration for a CLI command: ``--config``, else ``rounds.toml`` if present."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bot.config import Config, load_config
from bot.logs import setup_logging

__all__ = ["config_from_args"]


def config_from_args(args: argparse.Namespace) -> Config:
    """The config named by ``--config`` (or ``./rounds.toml``), with the environment on top."""
    path: Path | None = getattr(args, "config", None)
    if path is None and Path("rounds.toml").is_file():
        path = Path("rounds.toml")
    config = load_config(path, os.environ)
    setup_logging(config.log_level, config.log_format)
    return config
