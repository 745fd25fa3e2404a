"""coach: weekly one-to-one coaching for sales managers.

Kept import-free so `coach --version` answers before anything heavy loads.
"""

__version__ = "0.1.0"
