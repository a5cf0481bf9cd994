"""Import-layer contract: data flows one way, readers → model → checks → totals → report → cli.

A module may import from its own layer and the layers before it, never after. Shared utilities
(money, units, text normalisation, errors) sit below everything.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "estimator"

# Layer of each module (by dotted path under estimator); lower numbers come first.
LAYERS = {
    "errors": 0, "money": 0, "units": 0, "readers.text": 0, "costheads": 0, "matching": 0,
    "vocabulary": 0, "worknames": 0, "messages": 0, "limits": 0,
    "coverage": 1,
    "model": 1, "sniff": 1, "dating": 1, "findings": 1,
    "readers": 2, "linking": 2, "refdata": 2, "costing": 2, "stated": 2, "references": 2, "priceindex": 2,
    "checks": 3,
    "totals": 4,
    "report": 5, "verify": 5, "render": 5, "audit": 5,
    "cli": 6, "__main__": 6, "__init__": 6,
}


def layer(module: str) -> int:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        key = ".".join(parts[:n])
        if key in LAYERS:
            return LAYERS[key]
    raise AssertionError(f"module {module} has no layer")


def imports(path: Path) -> list[str]:
    """Modules of the package that a file imports, as dotted paths under estimator."""
    package = list(path.relative_to(PACKAGE).parent.parts)  # the file's package, relative imports start here
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = package[: len(package) - (node.level - 1)]
            if node.module:
                found.append(".".join([*base, *node.module.split(".")]))
            else:
                found += [".".join([*base, alias.name]) for alias in node.names]
        elif node.module and node.module.startswith("estimator."):
            found.append(node.module[len("estimator."):])
    return [name for name in found if name]


def test_imports_point_backwards():
    broken = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        if module.endswith("__init__") and module != "__init__":
            module = module[: -len(".__init__")]
        mine = layer(module)
        for target in imports(path):
            if layer(target) > mine:
                broken.append(f"{module} (layer {mine}) imports {target} (layer {layer(target)})")
    assert broken == []
