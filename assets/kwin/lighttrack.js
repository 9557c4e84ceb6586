// LightTrack's KWin script: reports the active window (caption, resource class, process id) to LightTrack's
// tracker over the session D-Bus, when it changes and when its caption changes. Plasma 5.27 and Plasma 6.
const SERVICE = "app.lighttrack.Tracker";
const PATH = "/app/lighttrack/KWin";
const IFACE = "app.lighttrack.KWin";
const watched = [];

function report(win) {
    if (!win) {
        callDBus(SERVICE, PATH, IFACE, "Activated", "", "", 0);
        return;
    }
    callDBus(SERVICE, PATH, IFACE, "Activated", String(win.caption || ""), String(win.resourceClass || ""), win.pid || 0);
}

function follow(win) {
    report(win);
    if (win && watched.indexOf(win) < 0) {
        watched.push(win);
        win.captionChanged.connect(function () {
            if (win.active) {
                report(win);
            }
        });
    }
}

(workspace.windowActivated || workspace.clientActivated).connect(follow);
follow(workspace.activeWindow || workspace.activeClient);
