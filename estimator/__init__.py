"""estimator: verify Korean public-contract cost estimates line by line, with evidence."""

from .readers import read
from .verify import verify

__all__ = ["read", "verify"]
__version__ = "0.1.0"
