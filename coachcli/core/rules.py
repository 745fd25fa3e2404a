"""Names and numbers the coaching rules share, each defined once.

Light on purpose (no imports): the planner, reminders, stats and the config schema all read
these, and read-only commands must not pay for more than they use.
"""

from __future__ import annotations

# The default sales funnel, in order (config.yaml `funnel` may replace it).
FUNNEL = ("calls", "conversations", "meetings", "opportunities", "proposals", "won")
# The bank a session falls back to when nothing else suggests one.
DEFAULT_BANK = "weekly-checkin"
# The shipped bank the planner keeps at about half of a rep's sessions when it is their
# recent focus, and that stats counts as pipeline coaching.
EARLY_PIPELINE = "early-pipeline"
# More than this many days without a session is out of cadence (plan, remind).
CADENCE_DAYS = 7
