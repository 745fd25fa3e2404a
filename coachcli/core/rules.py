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
# More than this many days without a session is out of cadence (plan, remind); the planner
# aims at about this many days between two sessions of a rep.
CADENCE_DAYS = 7
# A session's timebox in minutes: what the selection fills and the live flow counts down.
TIMEBOX_MINUTES = 30
# A conversion ratio over fewer than this many of the earlier step (the denominator, summed
# over the window) is "not enough data": shown with its counts, never the weakest, never a
# better/worse verdict (config.yaml `min_sample` may replace it).
MIN_SAMPLE = 20


def enough(denominator: int | None, min_sample: int = MIN_SAMPLE) -> bool:
    """Whether a ratio over `denominator` of the earlier step may steer anything: the one
    minimum-sample rule (weakest transition, team median, vs team, before/after verdicts).

    `enough(2)` is False (0 of 2 says nothing); `enough(300)` is True.
    """
    return denominator is not None and denominator >= max(min_sample, 1)
