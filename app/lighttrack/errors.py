"""The error hierarchy shared by every layer: each error carries the envelope code it maps to."""

from __future__ import annotations


class LightTrackError(Exception):
    """Base of every error LightTrack reports to a caller as a sentence plus a code."""

    code = "INTERNAL_ERROR"
    status = 500


class ValidationError(LightTrackError):
    code = "VALIDATION_ERROR"
    status = 400


class NotFoundError(LightTrackError):
    code = "NOT_FOUND"
    status = 404


class ConflictError(LightTrackError):
    code = "CONFLICT"
    status = 409


class UnknownChannelError(LightTrackError):
    code = "UNKNOWN_CHANNEL"
    status = 404


class UnauthorizedError(LightTrackError):
    code = "UNAUTHORIZED"
    status = 401


class StoreError(LightTrackError):
    """The data folder cannot be read or written (key missing, file damaged, disk full)."""


class StorageFullError(StoreError):
    """The disk (or the user's quota) is full: nothing of the write was kept."""

    code = "STORAGE_FULL"
    status = 507
