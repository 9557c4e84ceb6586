"""ActivityWatch's categories (aw-webui's `classes` setting) imported as LightTrack category rules.

An ActivityWatch category is a path (["Work", "Programming"]) with a regex tried on every string of an
event — app and title alike — and the deepest matching category wins. In LightTrack each becomes a
category named by its path ("Work / Programming") and rules in priority order, deeper first:
a title-pattern rule with the regex, and an app rule for each alternative of the regex that is a
plain app name (`Firefox|code` → apps firefox and code), since LightTrack's app rules name apps exactly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ...errors import ValidationError
from ..records.projects import CategoryService
from ..records.rules import RuleService

MAX_DEPTH_PRIORITY = 5  # depth d gets priority 5 - d (at least 1): deeper first, after the user's own rules (0)
PLAIN_APP = re.compile(r"[\w.+-]+")
SEPARATOR = " / "


def plan(classes: object) -> tuple[list[dict[str, Any]], list[str]]:
    """The categories to import as [{name, color, rules: [rule fields]}], and the names skipped (no regex)."""
    if not isinstance(classes, list):
        raise ValidationError("classes must be aw-webui's list of categories ({name, rule, data}).")
    planned, skipped = [], []
    for i, entry in enumerate(classes):
        name, rule = _parts(entry, f"classes[{i}]")
        regex = rule.get("regex") if rule.get("type", "regex") == "regex" else None
        if not regex:
            skipped.append(SEPARATOR.join(name))
            continue
        planned.append({"name": SEPARATOR.join(name)[:100], "color": _color(entry),
                        "rules": _rules(regex, bool(rule.get("ignore_case")), len(name), f"classes[{i}].rule.regex")})
    return planned, skipped


def _parts(entry: object, field: str) -> tuple[list[str], dict[str, Any]]:
    fields: dict[str, Any] = entry if isinstance(entry, dict) else {}
    name = fields.get("name")
    if not isinstance(name, list) or not name or not all(isinstance(n, str) and n.strip() for n in name):
        raise ValidationError(f"{field}.name must be a non-empty list of names, like [\"Work\", \"Programming\"].")
    rule = fields.get("rule") or {}
    if not isinstance(rule, dict) or not isinstance(rule.get("regex", ""), (str, type(None))):
        raise ValidationError(f"{field}.rule must be an object with a regex string.")
    return [n.strip() for n in name], rule


def _color(entry: dict[str, Any]) -> str | None:
    color = (entry.get("data") or {}).get("color") if isinstance(entry.get("data"), dict) else None
    return color if isinstance(color, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", color) else None


def _rules(regex: str, ignore_case: bool, depth: int, field: str) -> list[dict[str, Any]]:
    pattern = ("(?i)" if ignore_case else "") + regex
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValidationError(f"{field} is not a regular expression LightTrack can use: {exc}.") from None
    priority = max(1, MAX_DEPTH_PRIORITY - depth)
    rules = [{"kind": "category", "titlePattern": pattern, "priority": priority}]
    apps = [alt for alt in regex.split("|") if PLAIN_APP.fullmatch(alt)]
    return rules + [{"kind": "category", "app": app.casefold(), "priority": priority} for app in dict.fromkeys(apps)]


def import_categories(classes: object, rules: RuleService, categories: CategoryService) -> dict[str, Any]:
    """Create the categories and rules of `classes` that LightTrack lacks; nothing changes if any entry is bad.

    Returns {"categories": created, "rules": created, "skipped": [category names without a regex]}.
    """
    planned, skipped = plan(classes)
    by_name = {c["name"].casefold(): c["id"] for c in categories.all()}
    existing = {_rule_key(r) for r in rules.all()}
    made_categories = made_rules = 0
    for category in planned:
        category_id = by_name.get(category["name"].casefold())
        if category_id is None:
            fields = {"name": category["name"], **({"color": category["color"]} if category["color"] else {})}
            category_id = by_name[category["name"].casefold()] = categories.create(fields)["id"]
            made_categories += 1
        for rule in category["rules"]:
            rule = {**rule, "categoryId": category_id}
            if _rule_key(rule) not in existing:
                rules.create(rule)
                existing.add(_rule_key(rule))
                made_rules += 1
    return {"categories": made_categories, "rules": made_rules, "skipped": skipped}


def _rule_key(rule: Mapping[str, Any]) -> tuple[Any, ...]:
    return (rule.get("kind"), rule.get("app"), rule.get("titlePattern"), rule.get("path"), rule.get("categoryId"))
