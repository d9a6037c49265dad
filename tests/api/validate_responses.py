#!/usr/bin/python3
"""Checks every response the API tests received against the OpenAPI document.

Usage: validate_responses.py <openapi.json> <directory of *.jsonl>

Each line of each file is one answered request, written by the server
(http::ServerOptions::record_responses_path):
  {"method", "route" (the matched pattern or null), "status", "contentType", "body"}
A response passes when the document names its operation (route + method) and status, the
status has its content type (or, documented without content, it has no body) and the body
validates against that schema (JSON Schema 2020-12, $refs into the document, formats checked).
A response no route answered (404, 405, a refused Host or Origin, ...) must be a problem+json
that validates against the problem schema. Exits 1 listing every distinct mismatch, 77 (CTest:
skipped) when nothing was recorded, else 0.

Runs on Debian 12's python3-jsonschema (4.10): RefResolver, not the later `referencing`.
"""

import collections
import datetime
import glob
import json
import os
import re
import sys
import uuid

import jsonschema

METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
PROBLEM_SCHEMA = "#/components/schemas/Probleem"

DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def format_checker():
    """uuid, date, date-time and uri-reference without optional packages."""
    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("uuid", raises=ValueError)
    def is_uuid(value):
        if not isinstance(value, str):
            return True
        return str(uuid.UUID(value)) == value.lower()

    @checker.checks("date", raises=ValueError)
    def is_date(value):
        if not isinstance(value, str):
            return True
        return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None and bool(
            datetime.date.fromisoformat(value))

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value):
        if not isinstance(value, str):
            return True
        if not DATE_TIME.match(value):
            return False
        datetime.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        return True

    @checker.checks("uri-reference")
    def is_uri_reference(value):
        if not isinstance(value, str):
            return True
        return not any(c.isspace() for c in value)

    return checker


class Document:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.doc = json.load(f)
        url = self.doc["servers"][0]["url"]
        self.base = re.sub(r"^[a-z]+://[^/]+", "", url)
        self.resolver = jsonschema.RefResolver.from_schema(self.doc)
        self.checker = format_checker()
        self.validators = {}

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            node = self.resolver.resolve(node["$ref"])[1]
        return node

    def validator(self, schema):
        key = json.dumps(schema, sort_keys=True)
        if key not in self.validators:
            self.validators[key] = jsonschema.Draft202012Validator(
                schema, resolver=self.resolver, format_checker=self.checker)
        return self.validators[key]

    def body_errors(self, schema, body):
        """The schema's complaints about the JSON text `body`, as short strings."""
        try:
            value = json.loads(body)
        except ValueError as e:
            return ["body is not JSON: %s" % e]
        out = []
        for error in self.validator(schema).iter_errors(value):
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            message = error.message
            if len(message) > 300:
                message = message[:300] + "..."
            out.append("%s: %s" % (where, message))
        return out

    def check(self, record):
        """The mismatches of one recorded response: (what, detail) pairs."""
        method = record["method"].lower()
        route = record["route"]
        status = str(record["status"])
        media = record["contentType"].split(";")[0].strip().lower()
        body = record["body"]
        if route is None:
            if not body:
                return []
            if media != "application/problem+json":
                return [("unrouted answer that is not problem+json (%s)" % media, "")]
            return [("unrouted problem", e)
                    for e in self.body_errors({"$ref": PROBLEM_SCHEMA}, body)]
        if not route.startswith(self.base + "/"):
            return [("route outside the server's base path %s" % self.base, "")]
        item = self.doc["paths"].get(route[len(self.base):])
        if item is None:
            return [("route not in the document", "")]
        head = method == "head"
        operation = item.get("get" if head else method)
        if operation is None:
            return [("operation not in the document", "")]
        response = operation["responses"].get(status) or operation["responses"].get(
            status[0] + "XX") or operation["responses"].get("default")
        if response is None:
            return [("status not documented", "")]
        response = self.resolve(response)
        content = response.get("content", {})
        if head or not body:
            if not body and content and not head:
                return [("no body, but the document promises %s" % ", ".join(content), "")]
            return []
        if not content:
            return [("a body (%s), but the document promises none" % media, "")]
        if media not in content:
            return [("content type %s not documented (only %s)" % (media, ", ".join(content)),
                     "")]
        schema = content[media].get("schema")
        if schema is None:
            return []
        return [("body does not match the schema", e) for e in self.body_errors(schema, body)]


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    document = Document(sys.argv[1])
    files = sorted(glob.glob(os.path.join(sys.argv[2], "*.jsonl")))
    # (method, route, status, what) -> detail -> count
    mismatches = collections.defaultdict(collections.Counter)
    checked = 0
    seen = collections.Counter()
    for path in files:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    # A process killed mid-line; the rest of its file still counts.
                    mismatches[("?", os.path.basename(path), number, "unreadable line")][""] += 1
                    continue
                checked += 1
                seen[(record["method"], record["route"], record["status"])] += 1
                for what, detail in document.check(record):
                    key = (record["method"], record["route"], record["status"], what)
                    mismatches[key][detail] += 1
    if checked == 0:
        print("validate_responses: no recorded responses in %s; run the API tests" % sys.argv[2])
        return 77
    routed = {(m.lower(), r, str(s)) for (m, r, s) in seen if r is not None}
    documented = set()
    for path, item in document.doc["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                for status in operation["responses"]:
                    documented.add((method, document.base + path, status))
    print("validate_responses: %d responses from %d files; %d of the %d documented responses "
          "(operation and status) were seen" % (checked, len(files), len(documented & routed),
                                                len(documented)))
    if not mismatches:
        return 0
    print("\n%d mismatches with %s:" % (len(mismatches), sys.argv[1]))
    for (method, route, status, what), details in sorted(mismatches.items(), key=str):
        total = sum(details.values())
        print("\n  %s %s %s: %s (%d responses)" % (method, route, status, what, total))
        for detail, count in details.most_common(5):
            if detail:
                print("      %dx %s" % (count, detail))
    return 1


if __name__ == "__main__":
    sys.exit(main())
