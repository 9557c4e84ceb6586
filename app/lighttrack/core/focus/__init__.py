"""Time-based nudges: focus sessions (`sessions`: Pomodoro work phases and breaks on a timer) and reminders
(`reminders`: nothing tracked during work hours, a break after a long stretch)."""
