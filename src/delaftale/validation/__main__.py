"""Write the rule catalogue: ``python -m delaftale.validation docs/rules.md``."""

from __future__ import annotations

import sys
from pathlib import Path

from delaftale.validation._docs import rules_markdown

if __name__ == "__main__":  # pragma: no cover - a build step; its output is tested
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules.md")
    target.write_text(rules_markdown(), encoding="utf-8")
    print(target)
