"""When a scheduled task is due (pure): each task's run belongs to a period, and a period is
run once. `period` gives the period a Kyiv moment falls in, or None while the task is not due
yet (before its hour today)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ckanext.chervonohrad.performance.figures import previous_quarter


@dataclass(frozen=True)
class Cadence:
    kind: str  # "minutes", "daily", "weekly", "quarterly"
    every: int = 0  # minutes, for "minutes"
    hour: int = 0  # the Kyiv hour a "daily", "weekly" or "quarterly" run may start from
    window: int = 7  # "quarterly": the days from the quarter's first in which the run may still start

    def period(self, now: dt.datetime) -> str | None:
        if self.kind == "minutes":
            minute = now.minute - now.minute % self.every
            return now.replace(minute=minute, second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M")
        if now.hour < self.hour:
            return None
        if self.kind == "daily":
            return now.date().isoformat()
        if self.kind == "weekly":  # from Monday's hour; a week missed on Monday runs later that week
            year, week, _ = now.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == "quarterly":  # the quarter that has just ended, from the new one's first day
            # Not later than the window: a scheduler first started in mid-quarter must not
            # freeze today's figures as the quarter before (the dashboard shows it missing).
            first = now.date().replace(month=(now.month - 1) // 3 * 3 + 1, day=1)
            return previous_quarter(now.date()) if (now.date() - first).days < self.window else None
        raise ValueError(f"unknown cadence {self.kind!r}")

    def describe(self) -> str:
        if self.kind == "minutes":
            return f"every {self.every} min"
        if self.kind == "daily":
            return f"daily from {self.hour:02d}:00 Kyiv"
        if self.kind == "weekly":
            return f"Mondays from {self.hour:02d}:00 Kyiv"
        return (f"each quarter's first day from {self.hour:02d}:00 Kyiv (the quarter before; "
                f"within {self.window} days)")

    def cron(self) -> str:
        """The cron schedule of the same cadence (minute hour day month weekday), in Kyiv time."""
        if self.kind == "minutes":
            return f"*/{self.every} * * * *"
        if self.kind == "daily":
            return f"0 {self.hour} * * *"
        if self.kind == "weekly":
            return f"0 {self.hour} * * 1"
        return f"0 {self.hour} 1 1,4,7,10 *"

