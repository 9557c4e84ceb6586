"""The tray menu as data: `build_menu(state, actions)` is pure, so tests read it with PYSTRAY_BACKEND=dummy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from pystray import Menu, MenuItem

from ..core.tracking import idlechoices
from .model import TrayState


class Actions(Protocol):
    """What the menu items do. Threading contract: called on the tray's GUI thread; must return quickly."""

    def start_new(self) -> None: ...
    def stop(self) -> None: ...
    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def continue_activity(self, activity: dict) -> None: ...
    def switch_project(self, project_id: str) -> None: ...
    def resolve_idle(self, absence_id: str, choice: str) -> None: ...
    def start_focus(self) -> None: ...
    def end_focus(self) -> None: ...
    def set_tracking_paused(self, paused: bool) -> None: ...
    def open_dashboard(self) -> None: ...
    def open_sync(self) -> None: ...
    def open_settings(self) -> None: ...
    def quit(self) -> None: ...


def clock(ms: int) -> str:
    """Elapsed milliseconds as h:mm."""
    minutes = max(0, ms) // 60000
    return f"{minutes // 60}:{minutes % 60:02d}"


def countdown(ms: int) -> str:
    """Remaining milliseconds as m:ss (a focus phase is minutes long, so the seconds matter)."""
    seconds = max(0, ms) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


def headline(state: TrayState) -> str:
    """One line for the menu header and the icon's tooltip."""
    running = state.running
    if state.focus:
        phase = "work" if state.focus.get("phase") == "work" else "break"
        return f"Focus session ({phase}, {countdown(state.focus.get('remainingMs') or 0)} left)"
    if running is None:
        return "Not tracking"
    verb = "Paused" if running["isPaused"] else "Tracking"
    return f"{verb}: {running['name']} ({clock(running['duration'])})"


def _call(fn: Callable, *args) -> Callable[[], None]:
    return lambda: fn(*args)


def build_menu(state: TrayState, actions: Actions) -> Menu:
    """The whole tray menu for `state`, each item bound to one of `actions`."""
    return Menu(*_timer_items(state, actions), Menu.SEPARATOR, *_idle_items(state, actions),
                *_privacy_items(state, actions), Menu.SEPARATOR, *_sync_items(state, actions),
                MenuItem("Open dashboard", _call(actions.open_dashboard), default=True),
                MenuItem("Settings", _call(actions.open_settings)),
                MenuItem("Quit LightTrack", _call(actions.quit)))


def _sync_items(state: TrayState, actions: Actions) -> list[MenuItem]:
    """A failing sync is said in the menu; the item opens the Sync view with the whole sentence."""
    if not state.sync_error:
        return []
    text = state.sync_error if len(state.sync_error) <= 60 else state.sync_error[:59] + "…"
    return [MenuItem(f"Sync error: {text}", _call(actions.open_sync))]


def _timer_items(state: TrayState, actions: Actions) -> list[MenuItem]:
    running = state.running
    items = [MenuItem(headline(state), None, enabled=False), MenuItem("Start new…", _call(actions.start_new))]
    if running is not None:
        items.append(MenuItem("Stop", _call(actions.stop)))
        items.append(MenuItem("Resume", _call(actions.resume)) if running["isPaused"]
                     else MenuItem("Pause", _call(actions.pause)))
    if state.recent:
        items.append(MenuItem("Continue", Menu(*(MenuItem(_label(a, state), _call(actions.continue_activity, a))
                                                 for a in state.recent))))
    if running is not None and state.projects:
        items.append(MenuItem("Project", _project_menu(state, actions)))
    return items


def _label(activity: dict, state: TrayState) -> str:
    names = {p["id"]: p["name"] for p in state.projects}
    project = names.get(activity.get("projectId"))
    return f"{activity['name']} · {project}" if project else activity["name"]


def _project_menu(state: TrayState, actions: Actions) -> Menu:
    current = state.running.get("projectId")
    return Menu(*(MenuItem(p["name"], _call(actions.switch_project, p["id"]), checked=_const(p["id"] == current),
                           radio=True) for p in state.projects))


def _const(value: bool) -> Callable[[MenuItem], bool]:
    return lambda _item: value


def _idle_items(state: TrayState, actions: Actions) -> list[MenuItem]:
    pending = state.idle_pending
    if not pending or not pending.get("choices"):
        return []
    offered = [choice for choice in idlechoices.CHOICES if choice.id in pending["choices"]]
    choices = Menu(*(MenuItem(choice.label, _call(actions.resolve_idle, pending["absenceId"], choice.id))
                     for choice in offered))
    away = idlechoices.away_text(pending.get("awayMs") or 0)
    return [MenuItem(f"You were away {away}", choices), Menu.SEPARATOR]


def _privacy_items(state: TrayState, actions: Actions) -> list[MenuItem]:
    items = []
    if state.can_focus and not state.focus:
        items.append(MenuItem("Start focus session", _call(actions.start_focus)))
    if state.focus:
        items.append(MenuItem("End focus", _call(actions.end_focus)))
    items.append(MenuItem("Pause tracking", _call(actions.set_tracking_paused, not state.tracking_paused),
                          checked=_const(state.tracking_paused)))
    return items
