// LightTrack's GNOME Shell extension: the focused window for LightTrack's tracker, over the session D-Bus.
// app.lighttrack.FocusedWindow.Get() returns JSON {title, wm_class, pid}, or "null" when no window has the focus.
'use strict';

const { Gio } = imports.gi;

const PATH = '/app/lighttrack/FocusedWindow';
const IFACE = `<node>
  <interface name="app.lighttrack.FocusedWindow">
    <method name="Get"><arg type="s" direction="out" name="window"/></method>
  </interface>
</node>`;

class FocusedWindow {
  enable() {
    this._exported = Gio.DBusExportedObject.wrapJSObject(IFACE, this);
    this._exported.export(Gio.DBus.session, PATH);
  }

  disable() {
    this._exported.unexport();
    this._exported = null;
  }

  Get() {
    const win = global.display.get_focus_window();
    if (!win)
      return 'null';
    return JSON.stringify({ title: win.get_title() || '', wm_class: win.get_wm_class() || '', pid: win.get_pid() });
  }
}

function init() {
  return new FocusedWindow();
}
