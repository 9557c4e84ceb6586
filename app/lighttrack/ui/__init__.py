"""The desktop shell: tray icon, dashboard window (in a child process) and its JS bridge."""
