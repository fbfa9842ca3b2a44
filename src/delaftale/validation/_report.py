"""Where ``Finding``, ``Report``, ``Rule`` and ``Severity`` lived before ``delaftale.findings``.

Kept so that reports pickled by an earlier version still load; import them from
``delaftale.findings`` (or ``delaftale``).
"""

from __future__ import annotations

from delaftale.findings import Finding, Report, Rule, Severity

__all__ = ["Finding", "Report", "Rule", "Severity"]
