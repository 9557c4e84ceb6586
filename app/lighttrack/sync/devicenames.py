"""What each device of a vault is called: one synced record per device, sealed like any other (the server sees ids).

A device names itself after its computer when it joins (or at its first round, for vaults set up before names
existed); the user can rename it. Every device shows the others by these names.
"""

from __future__ import annotations

import socket

from ..errors import ValidationError
from ..store.repository import Repository

NAME_LIMIT = 64


def computer_name() -> str:
    """This computer's network name, as the user knows it ("alice-laptop"), without its domain."""
    return socket.gethostname().split(".")[0][:NAME_LIMIT] or "This computer"


def valid_name(value: object) -> str:
    name = " ".join(value.split()) if isinstance(value, str) else ""
    if not name:
        raise ValidationError("Device name: enter a name, for example “Work laptop”.")
    if len(name) > NAME_LIMIT:
        raise ValidationError(f"Device name: keep it to {NAME_LIMIT} characters.")
    return name


def shown_name(names: dict[str, str], device_id: str) -> str:
    """A device's name, or its id's first characters while it has none (a device not synced since names came)."""
    return names.get(device_id) or f"Device {device_id[:6]}"


class DeviceNames:
    """Over the registry's device-name repository; callers hold a store transaction for writes."""

    def __init__(self, repository: Repository) -> None:
        self._repository = repository

    def all(self) -> dict[str, str]:
        return {doc_id: str(doc.get("name") or "") for doc_id, doc in self._repository.view().items()}

    def ensure(self, device_id: str) -> None:
        """Give this device its computer's name if it has none yet."""
        if not self._repository.contains(device_id):
            self.set(device_id, computer_name())

    def set(self, device_id: str, name: str) -> None:
        self._repository.put(device_id, {"id": device_id, "name": name})
