"""Validates every bundled scenario (YAML or JSON) against scenarios/scenario.schema.json.
Each YAML one must start with the yaml-language-server comment naming the schema beside it
(scenario.schema.json: the checkout's scenarios/ and the installed share/obsctl/scenarios/ alike).
Run with Debian's python3 (python3-jsonschema, python3-yaml): check_schema.py SCHEMA DIR"""
import json
import pathlib
import sys

import jsonschema
import yaml

schema = json.loads(pathlib.Path(sys.argv[1]).read_text())
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
files = sorted(p for p in pathlib.Path(sys.argv[2]).iterdir()
               if p.suffix in (".yaml", ".yml", ".json") and not p.name.endswith(".schema.json"))
failed = 0
schema_comment = "# yaml-language-server: $schema=scenario.schema.json"
for path in files:
    # Editors (the YAML language server) check a file against the schema its first line names.
    if path.suffix != ".json" and path.read_text().splitlines()[0] != schema_comment:
        print(f"{path.name}: the first line is not {schema_comment!r}")
        failed += 1
    document = yaml.safe_load(path.read_text())
    errors = list(validator.iter_errors(document))
    for error in errors:
        print(f"{path.name}: {'/'.join(map(str, error.path))}: {error.message}")
    failed += bool(errors)
    print(f"{path.name}: {'ok' if not errors else 'FAILED'}")
# A schema that accepts anything would pass the above: it must also refuse a broken scenario.
broken = {"name": "x", "requests": [{"path": "/"}], "phases": [{"duration": "1s", "rate": "fast"}], "phasse": []}
if validator.is_valid(broken):
    print("schema accepts a scenario with an unknown key and a non-numeric rate")
    failed += 1
print(f"{len(files) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
