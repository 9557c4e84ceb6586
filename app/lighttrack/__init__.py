"""LightTrack: a privacy-first desktop time tracker."""

__version__ = "0.1.0"
