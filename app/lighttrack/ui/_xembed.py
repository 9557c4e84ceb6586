"""The Linux tray for bare X11 trays (trayer, stalonetray, old panels): pystray's XEmbed icon plus the clicks it lacks.

pystray's xorg backend docks the icon but never asks for button events and has no menu. Here a left click runs the
default item (Open dashboard) and a right click opens the tray menu as a small popup drawn with core X fonts:
submenus are shown inline under their heading, the mouse or the keyboard (Up, Down, Return, Escape) picks an item.
Only python-xlib: no GTK in the tracking process.
"""

from __future__ import annotations

import logging
import queue
import threading

import Xlib.X
import Xlib.XK
import Xlib.display
import Xlib.protocol.event
from pystray import Menu, MenuItem
from pystray._xorg import Icon as XorgIcon

log = logging.getLogger(__name__)

FONT = "fixed"
POPUP_NAME = "LightTrack menu"
PAD, INDENT = 8, 14
COLOURS = {"background": "#f4f4f4", "text": "#1e1e1e", "disabled": "#8a8a8a", "selected": "#3874d8",
           "selected_text": "#ffffff", "border": "#9a9a9a"}
ASCII = {"…": "...", "—": "-", "–": "-", "·": "-"}
KEYS = ("Up", "Down", "Return", "KP_Enter", "Escape")
CALL_SECONDS = 5.0  # how long another thread waits for the X loop to run its call


class Row:
    """One line of the popup: an item to run, a heading, or a separator."""

    def __init__(self, text: str, item: MenuItem | None = None, indent: int = 0) -> None:
        self.text = "".join(ASCII.get(c, c) for c in text).encode("latin-1", "replace").decode("latin-1")
        self.item = item
        self.indent = indent

    @property
    def selectable(self) -> bool:
        return self.item is not None and bool(self.item.enabled)


def rows_of(menu: Menu | None, indent: int = 0) -> list[Row]:
    """The menu flattened: a submenu's items follow its heading, indented."""
    rows: list[Row] = []
    for entry in menu or ():
        if entry is Menu.SEPARATOR:
            rows.append(Row(""))
        elif entry.submenu is not None:
            rows.append(Row(entry.text, None, indent))
            rows.extend(rows_of(entry.submenu, indent + 1))
        else:
            mark = ("(*) " if entry.radio else "[x] ") if entry.checked else ("( ) " if entry.radio else "[ ] ")
            rows.append(Row((mark if entry.checked is not None else "") + entry.text, entry, indent))
    return rows


class Icon(XorgIcon):
    """Threading contract: the X loop runs on the thread of `run`, and so do the popup and the menu actions. Other
    threads (the setters, `stop`) hand their work to the loop and wake it through an X connection of their own:
    python-xlib's Display is not used from two threads at once (pystray's xorg backend does, and can deadlock)."""

    HAS_MENU = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._popup: Popup | None = None
        self._window.change_attributes(event_mask=Xlib.X.ExposureMask | Xlib.X.StructureNotifyMask
                                       | Xlib.X.ButtonPressMask)
        for kind in (Xlib.X.KeyPress, Xlib.X.MotionNotify, Xlib.X.ButtonRelease):
            self._message_handlers[kind] = self._to_popup

    def _rewrite_implementation(self, *methods) -> None:
        self._waker = Xlib.display.Display()
        self._waker_lock = threading.Lock()
        self._calls: queue.Queue = queue.Queue()
        self._call_atom = self._display.intern_atom("_LIGHTTRACK_TRAY_CALL")
        for method in methods:
            setattr(self, method.__name__, self._on_loop(method))
        self._message_handlers[Xlib.X.ClientMessage] = self._run_calls

    def _on_loop(self, method):
        def call() -> None:
            if threading.current_thread() is getattr(self, "_thread", None):
                method()
                return
            done: queue.Queue = queue.Queue(maxsize=1)
            self._calls.put((method, done))
            self._wake()
            try:
                error = done.get(timeout=CALL_SECONDS)
            except queue.Empty:
                log.warning("tray: the X loop did not run %s", method.__name__)
                return
            if error is not None:
                raise error
        call.__name__ = method.__name__
        return call

    def _wake(self) -> None:
        with self._waker_lock:
            if self._waker is None:
                return
            target = self._waker.create_resource_object("window", self._window.id)
            message = Xlib.protocol.event.ClientMessage(window=target, client_type=self._call_atom,
                                                        data=(32, (0, 0, 0, 0, 0)))
            target.send_event(message, event_mask=Xlib.X.NoEventMask)
            self._waker.flush()

    def _run_calls(self, event) -> None:
        while True:
            try:
                method, done = self._calls.get_nowait()
            except queue.Empty:
                return
            try:
                method()
                done.put(None)
            except Exception as exc:
                done.put(exc)

    def _run(self) -> None:
        try:
            super()._run()
        finally:
            with self._waker_lock:
                waker, self._waker = self._waker, None
            waker.close()

    def _assert_docked(self) -> None:
        """Ask the tray to dock the icon once (pystray asks on every redraw, and trayer may then lose it)."""
        if self._systray_manager is None:
            self._dock_window()
        assert self._systray_manager

    def _update_title(self) -> None:
        """The window name as UTF-8 (_NET_WM_NAME) and Latin-1 (WM_NAME): pystray's raises on an em dash."""
        title = self.title or ""
        self._window.change_property(self._display.intern_atom("_NET_WM_NAME"),
                                     self._display.intern_atom("UTF8_STRING"), 8, title.encode("utf-8"))
        self._window.set_wm_name(Row(title).text)

    def _on_button_press(self, event) -> None:
        if self._popup is not None:
            self._to_popup(event)
        elif event.detail == 1:
            self._run_item(None)
        elif event.detail == 3:
            self._popup = Popup(self._display, rows_of(self.menu), event.root_x, event.root_y)

    def _on_expose(self, event) -> None:
        if self._popup is not None and event.window.id == self._popup.window.id:
            self._popup.draw()
        else:
            super()._on_expose(event)

    def _to_popup(self, event) -> None:
        if self._popup is None:
            return
        done, chosen = self._popup.handle(event)
        if done:
            self._popup.close()
            self._popup = None
            if chosen is not None:
                self._run_item(chosen)

    def _run_item(self, item: MenuItem | None) -> None:
        try:
            item(self) if item is not None else self()
        except Exception:
            log.exception("tray: a menu action failed")

    def _stop(self) -> None:
        if self._popup is not None:
            self._popup.close()
            self._popup = None
        super()._stop()


class Popup:
    """The menu window: override-redirect, with the pointer and keyboard grabbed until an item is picked or the
    user clicks elsewhere or presses Escape."""

    def __init__(self, display, rows: list[Row], x: int, y: int) -> None:
        self.display = display
        self.rows = rows
        self.selected: int | None = None
        screen = display.screen()
        self.font = display.open_font(FONT)
        metrics = self.font.query()
        self.line = metrics.font_ascent + metrics.font_descent + 6
        self.ascent = metrics.font_ascent
        width = max([self._text_width(r) for r in rows] + [80]) + 2 * PAD
        height = max(1, len(rows)) * self.line + 4
        x = max(0, min(x, screen.width_in_pixels - width))
        y = max(0, min(y, screen.height_in_pixels - height))
        self.pixels = {name: screen.default_colormap.alloc_named_color(value).pixel for name, value in COLOURS.items()}
        self.window = screen.root.create_window(
            x, y, width, height, 1, screen.root_depth, background_pixel=self.pixels["background"],
            border_pixel=self.pixels["border"], override_redirect=True,
            event_mask=Xlib.X.ExposureMask | Xlib.X.ButtonPressMask | Xlib.X.ButtonReleaseMask
            | Xlib.X.PointerMotionMask | Xlib.X.KeyPressMask)
        self.window.set_wm_name(POPUP_NAME)
        self.gc = self.window.create_gc(font=self.font, foreground=self.pixels["text"],
                                        background=self.pixels["background"])
        self.window.map()
        self._grab()

    def _text_width(self, row: Row) -> int:
        return self.font.query_text_extents(row.text.encode("latin-1")).overall_width + row.indent * INDENT

    def _grab(self) -> None:
        mask = Xlib.X.ButtonPressMask | Xlib.X.ButtonReleaseMask | Xlib.X.PointerMotionMask
        self.window.grab_pointer(False, mask, Xlib.X.GrabModeAsync, Xlib.X.GrabModeAsync, Xlib.X.NONE, Xlib.X.NONE,
                                 Xlib.X.CurrentTime)
        self.window.grab_keyboard(False, Xlib.X.GrabModeAsync, Xlib.X.GrabModeAsync, Xlib.X.CurrentTime)
        self.display.flush()

    def close(self) -> None:
        self.display.ungrab_pointer(Xlib.X.CurrentTime)
        self.display.ungrab_keyboard(Xlib.X.CurrentTime)
        self.window.destroy()
        self.display.flush()

    def draw(self) -> None:
        width = self.window.get_geometry().width
        for index, row in enumerate(self.rows):
            top = 2 + index * self.line
            selected = index == self.selected
            self.gc.change(foreground=self.pixels["selected" if selected else "background"])
            self.window.fill_rectangle(self.gc, 0, top, width, self.line)
            if not row.text:
                self.gc.change(foreground=self.pixels["border"])
                self.window.line(self.gc, PAD, top + self.line // 2, width - PAD, top + self.line // 2)
                continue
            colour = "selected_text" if selected else ("text" if row.selectable else "disabled")
            self.gc.change(foreground=self.pixels[colour])
            self.window.draw_text(self.gc, PAD + row.indent * INDENT, top + 3 + self.ascent, row.text.encode("latin-1"))
        self.display.flush()

    def handle(self, event) -> tuple[bool, MenuItem | None]:
        """(closed, the item picked) after one event."""
        if event.type == Xlib.X.KeyPress:
            return self._key(event)
        inside = event.window.id == self.window.id and 0 <= event.event_x and 0 <= event.event_y < self._height()
        row = (event.event_y - 2) // self.line if inside else None
        if event.type == Xlib.X.MotionNotify:
            self._select(row if row is not None and 0 <= row < len(self.rows) and self.rows[row].selectable else None)
            return False, None
        if event.type == Xlib.X.ButtonPress and not inside:
            return True, None
        if event.type == Xlib.X.ButtonRelease and row is not None and 0 <= row < len(self.rows):
            picked = self.rows[row]
            return (True, picked.item) if picked.selectable else (False, None)
        return False, None

    def _height(self) -> int:
        return self.window.get_geometry().height

    def _key(self, event) -> tuple[bool, MenuItem | None]:
        keysym = self.display.keycode_to_keysym(event.detail, 0)
        name = next((k for k in KEYS if Xlib.XK.string_to_keysym(k) == keysym), None)
        if name == "Escape":
            return True, None
        if name in ("Return", "KP_Enter") and self.selected is not None:
            return True, self.rows[self.selected].item
        if name in ("Up", "Down"):
            self._move(1 if name == "Down" else -1)
        return False, None

    def _move(self, step: int) -> None:
        choices = [i for i, row in enumerate(self.rows) if row.selectable]
        if not choices:
            return
        if self.selected not in choices:
            self._select(choices[0] if step > 0 else choices[-1])
        else:
            self._select(choices[(choices.index(self.selected) + step) % len(choices)])

    def _select(self, index: int | None) -> None:
        if index != self.selected:
            self.selected = index
            self.draw()
