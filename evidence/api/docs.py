"""The human page of docs, worked out from the OpenAPI schema: every endpoint with its
parameters, an example request and an example response. No script, nothing from
another site: a page of HTML tables and code, as readable without JavaScript."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

METHODS = ("get", "head", "post", "put", "patch", "delete")
FILE_EXAMPLES = {
    "text/csv": "rank1,rank2,rank3\n12,15,\n15,12,18\n",
    "text/plain": '3 1\n1 12 15 0\n1 15 12 18 0\n0\n"Issue 12"\n"Issue 15"\n"Issue 18"\n"Round 1"\n',
}
MAX_DEPTH = 12


def inline_code(text: str) -> SafeString:
    """Escaped text with `backticked` words as code."""
    return mark_safe(re.sub(r"`([^`<>]+)`", r"<code>\1</code>", str(escape(text))))  # noqa: S308


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = {**components.get(name, {}), **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _options(schema: dict) -> list[dict]:
    return schema.get("anyOf") or schema.get("oneOf") or []


def example_for(schema: dict, components: dict, depth: int = 0) -> Any:
    """A plausible value for `schema`: its example where it has one, else made up."""
    schema = _resolve(schema, components)
    if schema.get("examples"):
        return schema["examples"][0]
    if "example" in schema:
        return schema["example"]
    if "default" in schema:
        return schema["default"]
    if depth > MAX_DEPTH:
        return None
    options = _options(schema)
    if options:
        chosen = next((o for o in options if o.get("type") != "null"), options[0])
        return example_for(chosen, components, depth + 1)
    if schema.get("enum"):
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return {
            name: example_for(part, components, depth + 1)
            for name, part in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [example_for(schema.get("items", {}), components, depth + 1)]
    if kind == "integer":
        return schema.get("minimum", 1)
    if kind == "number":
        return 0.5
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    if kind == "string":
        return {"date-time": "2026-11-01T09:00:00Z", "date": "2026-11-01"}.get(
            schema.get("format", ""), "text"
        )
    return None


def describe_type(schema: dict, components: dict) -> str:
    """A parameter's type and limits in words."""
    schema = _resolve(schema, components)
    options = [o for o in _options(schema) if o.get("type") != "null"]
    if options:
        schema = {**options[0], **{k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}}
    kind = schema.get("type", "value")
    words = {"integer": "whole number", "string": "text", "number": "number"}.get(kind, kind)
    limits = []
    if "minimum" in schema and "maximum" in schema:
        limits.append(f"{schema['minimum']:,} to {schema['maximum']:,}")
    elif "minimum" in schema:
        limits.append(f"at least {schema['minimum']:,}")
    if "maxLength" in schema:
        limits.append(f"up to {schema['maxLength']} characters")
    if "pattern" in schema:
        limits.append("letters, digits, - and _")
    if schema.get("enum"):
        limits.append("one of " + ", ".join(str(v) for v in schema["enum"]))
    if "default" in schema and schema["default"] is not None:
        limits.append(f"default {schema['default']}")
    return f"{words} ({'; '.join(limits)})" if limits else words


def _example_url(base: str, path: str, parameters: list[dict], components: dict) -> str:
    query = {}
    for parameter in parameters:
        value = example_for(parameter.get("schema", {}) | _first_example(parameter), components)
        if parameter["in"] == "path":
            path = path.replace("{" + parameter["name"] + "}", str(value))
        elif parameter.get("required"):
            query[parameter["name"]] = value
    return base.rstrip("/") + path + (f"?{urlencode(query)}" if query else "")


def _first_example(parameter: dict) -> dict:
    """A parameter's own example, which OpenAPI allows beside its schema's."""
    examples = parameter.get("examples")
    if isinstance(examples, list) and examples:
        return {"examples": examples[:1]}
    if isinstance(examples, dict) and examples:
        first = next(iter(examples.values()))
        return {"examples": [first.get("value")]} if isinstance(first, dict) else {}
    return {"examples": [parameter["example"]]} if "example" in parameter else {}


def _example_response(operation: dict, components: dict) -> tuple[str, str]:
    responses = operation.get("responses", {})
    ok = responses.get(200) or responses.get("200") or {}
    for media_type, content in ok.get("content", {}).items():
        if media_type == "application/json":
            value = example_for(content.get("schema", {}), components)
            return media_type, json.dumps(value, indent=2, ensure_ascii=False)
        return media_type, FILE_EXAMPLES.get(media_type, "")
    return "", ""


def sections(schema: dict, base_url: str) -> list[dict]:
    """The schema's operations grouped by tag, in the order they first appear."""
    components = schema.get("components", {}).get("schemas", {})
    grouped: dict[str, list[dict]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            parameters = operation.get("parameters", [])
            media_type, example = _example_response(operation, components)
            url = _example_url(base_url, path, parameters, components)
            identifier = operation.get("operationId") or f"{method}-{path}"
            grouped.setdefault((operation.get("tags") or ["Other"])[0], []).append(
                {
                    "id": re.sub(r"[^a-z0-9]+", "-", identifier.lower()).strip("-"),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": inline_code(operation.get("description", "")),
                    "parameters": [
                        {
                            "name": p["name"],
                            "location": p["in"],
                            "type": describe_type(p.get("schema", {}), components),
                            "required": p.get("required", False),
                            "description": inline_code(
                                p.get("description") or p.get("schema", {}).get("description", "")
                            ),
                        }
                        for p in parameters
                    ],
                    "curl": f"curl -i '{url}'",
                    "media_type": media_type,
                    "example": example,
                    "answers": [
                        {
                            "status": status,
                            "description": inline_code(answer.get("description", "")),
                        }
                        for status, answer in sorted(
                            operation.get("responses", {}).items(), key=lambda kv: str(kv[0])
                        )
                    ],
                }
            )
    return [
        {"name": name, "id": re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-"), "operations": ops}
        for name, ops in grouped.items()
    ]
