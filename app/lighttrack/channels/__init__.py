"""Channels: name → validator + handler, one dispatch returning the envelope, the allowed lists."""
