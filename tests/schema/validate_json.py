#!/usr/bin/env python3
"""Validates JSON documents against JSON Schemas with a real validator.

The `jsonschema` package (Debian: python3-jsonschema) is the one validator of
the suite: it knows every keyword, so none is silently ignored, and a schema
that is itself malformed fails against its metaschema.

Usage:
  validate_json.py data DATA_DIR
      every DATA_DIR/*.json against DATA_DIR/schema/<name>.schema.json
      (a data file without a schema is an error); for data/ itself, also
      proves the schemas refuse broken rows;
  validate_json.py cli CLI SCHEMA_DIR
      runs the gpucompat CLI on a set of queries and validates what it prints
      against SCHEMA_DIR/<output>.schema.json.

Exit 0 when everything validates, 1 on the first file with errors (all its
errors are listed), 77 with "jsonschema not installed: skipped" when the module
is missing, so ctest reports a skip rather than a pass.
"""
import json
import os
import pathlib
import subprocess
import sys

try:
    import jsonschema
except ImportError:
    print("jsonschema not installed: skipped (Debian: apt-get install python3-jsonschema)")
    sys.exit(77)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def validator(schema_path):
    """The validator of the draft the schema declares in $schema (2020-12 for ours).

    The schema is checked against its metaschema first: a typo'd type name or a
    malformed pattern is a failure, not a silently weaker check. A relative
    "$ref" ("check.schema.json") is resolved against the schema's own file,
    as a validator given the file's path would, so the schemas of one folder
    can name each other without a made-up URL.
    """
    schema = load(schema_path)
    if "$schema" not in schema:
        raise SystemExit(f"{schema_path}: no $schema: say which draft it is written for")
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    siblings = {p.resolve().as_uri(): load(p) for p in schema_path.parent.glob("*.json")}
    base = schema_path.resolve().as_uri()
    schema = dict(schema, **{"$id": base})
    checker = getattr(cls, "FORMAT_CHECKER", None)
    try:
        # jsonschema >= 4.18 resolves references through `referencing`.
        from referencing import Registry, Resource
    except ImportError:
        # Older releases (Debian 12 ships 4.10) through RefResolver.
        resolver = jsonschema.RefResolver(base, schema, store=siblings)
        return cls(schema, resolver=resolver, format_checker=checker)
    registry = Registry().with_resources((uri, Resource.from_contents(s)) for uri, s in siblings.items())
    return cls(schema, registry=registry, format_checker=checker)


def report(name, instance, v):
    errors = sorted(v.iter_errors(instance), key=lambda e: list(e.absolute_path))
    for e in errors[:20]:
        where = "/".join(str(p) for p in e.absolute_path) or "(root)"
        print(f"{name}: {where}: {e.message[:300]}")
    if len(errors) > 20:
        print(f"{name}: ... and {len(errors) - 20} more")
    return not errors


def check_data(data_dir):
    data_dir = pathlib.Path(data_dir)
    files = sorted(data_dir.glob("*.json"))
    if not files:
        raise SystemExit(f"{data_dir}: no *.json: wrong directory?")
    ok = True
    for f in files:
        schema = data_dir / "schema" / f"{f.stem}.schema.json"
        if not schema.exists():
            print(f"{f.name}: no schema at {schema}")
            ok = False
            continue
        v = validator(schema)
        good = report(f.name, load(f), v)
        print(f"{f.name}: {'valid' if good else 'INVALID'} against {schema.name} ({type(v).__name__})")
        ok = ok and good
    # A schema without data is dead weight that drifts.
    for s in sorted((data_dir / "schema").glob("*.schema.json")):
        if not (data_dir / (s.name[: -len(".schema.json")] + ".json")).exists():
            print(f"{s.name}: no data file uses it")
            ok = False
    if (data_dir / "cuda.json").exists():
        ok = refuses_broken_rows(data_dir) and ok
    return ok


def refuses_broken_rows(data_dir):
    """The schemas are not vacuous: a row without its source, a driver that is
    not a driver version and a key no code reads are each refused."""
    v = validator(data_dir / "schema" / "cuda.schema.json")
    bad = load(data_dir / "cuda.json")
    bad["releases"][0].pop("source")
    bad["releases"][1]["driver_min_linux"] = "four-fifty"
    bad["releases"][2]["driver_min_macos"] = "450.80.02"
    errors = list(v.iter_errors(bad))
    if len(errors) != 3:
        print(f"cuda.schema.json: expected 3 errors in a broken copy of cuda.json, got {len(errors)}:")
        for e in errors:
            print(f"  {e.message[:200]}")
        return False
    print("cuda.schema.json: refuses a missing source, a malformed driver and an unknown key")
    return True


# Each query: (schema name, argv after the CLI, the exit status the contract
# gives it, extra environment). Chosen so that every branch of each shape is
# printed at least once: a fit and nothing fitting, a check with and without
# problems, doctor with nothing detected and with pinned values.
NO_PROBE = {"GPUCOMPAT_NO_EXEC": "1", "GPUCOMPAT_NO_DLOPEN": "1"}
QUERIES = [
    ("resolve", ["resolve", "--os", "windows", "--driver", "456.71", "--gpu", "GeForce GTX 850M", "--python", "3.7", "--json"], 0, {}),
    ("resolve", ["resolve", "--os", "linux", "--driver", "580.95.05", "--cc", "8.6", "--python", "3.11", "--json"], 0, {}),
    ("resolve", ["resolve", "--os", "wsl2", "--os-build", "22H2", "--driver", "536.23", "--cc", "8.6", "--method", "conda", "--json"], 0, {}),
    ("resolve", ["resolve", "--json"], 0, {}),
    ("resolve", ["resolve", "--os", "macos", "--tf", ">=2.0", "--json"], 1, {}),
    ("resolve", ["resolve", "--os", "windows", "--driver", "441.22", "--cc", "5.0", "--python", "3.7", "--tf", ">=2.11", "--json"], 1, {}),
    ("check", ["check", "--os", "linux", "--tf", "2.4", "--cuda", "11.0", "--cudnn", "8.0.4", "--json"], 0, {}),
    ("check", ["check", "--os", "linux", "--tf", "2.4", "--cuda", "10.1", "--cudnn", "7.6.5", "--json"], 1, {}),
    ("check", ["check", "--os", "windows", "--tf", "2.1", "--cuda", "10.0", "--lib", "cudart64_100.dll", "--json"], 1, {}),
    ("check", ["check", "--tf", "0.1", "--json"], 1, {}),
    ("doctor", ["doctor", "--json"], 0, NO_PROBE),
    ("doctor", ["doctor", "--json"], 0, dict(NO_PROBE, GPUCOMPAT_OS="windows", GPUCOMPAT_OS_BUILD="19045",
                                              GPUCOMPAT_DRIVER="456.71", GPUCOMPAT_CC="5.0", GPUCOMPAT_PYTHON="3.7")),
    ("doctor", ["doctor", "--json"], 0, dict(NO_PROBE, GPUCOMPAT_OS="linux", GPUCOMPAT_DRIVER="580.95.05",
                                              GPUCOMPAT_DRIVER_CUDA="13.0", GPUCOMPAT_CC="9.0", GPUCOMPAT_PYTHON="3.12",
                                              GPUCOMPAT_CUDA="12.5.82", GPUCOMPAT_CUDNN="9.3.0")),
    ("table", ["table", "--format", "json"], 0, {}),
    ("table", ["table", "--format", "json", "--os", "windows"], 0, {}),
    ("resolve_framework", ["resolve", "--framework", "pytorch", "--os", "linux", "--driver", "580.159.04", "--cc", "9.0", "--python", "3.12", "--json"], 0, {}),
    ("resolve_framework", ["resolve", "--os", "linux", "--driver", "470.256.02", "--cc", "6.1", "--torch", "2.1.0", "--json"], 0, {}),
    ("resolve_framework", ["resolve", "--os", "windows", "--framework", "pytorch", "--torch", "2.11.0+cu130", "--json"], 0, {}),
    ("resolve_framework", ["resolve", "--os", "windows", "--framework", "jax", "--json"], 1, {}),
    ("resolve_framework", ["resolve", "--os", "wsl2", "--os-build", "22H2", "--driver", "581.57", "--cc", "8.6", "--jax", ">=0.4.0", "--json"], 0, {}),
    ("resolve_framework", ["resolve", "--os", "linux", "--arch", "aarch64", "--framework", "jax", "--json"], 0, {}),
    ("check_framework", ["check", "--os", "linux", "--driver", "580.159.04", "--cc", "9.0", "--torch", "2.11.0+cu130", "--cudnn", "9.19.0", "--json"], 0, {}),
    ("check_framework", ["check", "--os", "linux", "--driver", "550.163.01", "--cc", "6.1", "--torch", "2.8.0", "--cudnn", "9.1.0", "--json"], 1, {}),
    ("check_framework", ["check", "--jax", "0.6.2", "--package", "jaxlib==0.7.0", "--package", "jax-cuda12-plugin==0.6.1", "--json"], 1, {}),
    ("check_framework", ["check", "--torch", "2.11.0+cpu", "--json"], 1, {}),
    ("table_framework", ["table", "--framework", "pytorch", "--format", "json"], 0, {}),
    ("table_framework", ["table", "--framework", "jax", "--format", "json", "--os", "linux"], 0, {}),
    ("resolve_shared", ["resolve", "--framework", "all", "--os", "linux", "--driver", "580.159.04", "--cc", "9.0", "--python", "3.12", "--json"], 0, {}),
    ("resolve_shared", ["resolve", "--torch", "2.11.0+cu126", "--jax", "0.11.0+cuda13", "--os", "linux", "--json"], 1, {}),
    ("resolve_shared", ["resolve", "--framework", "pytorch,tensorflow", "--os", "windows", "--driver", "456.71", "--cc", "5.0", "--json"], 0, {}),
]


def check_cli(cli, schema_dir):
    schema_dir = pathlib.Path(schema_dir)
    validators = {}
    ok = True
    for name, args, want_rc, env in QUERIES:
        if name not in validators:
            validators[name] = validator(schema_dir / f"{name}.schema.json")
        # A clean environment for the pinned values: a GPUCOMPAT_* variable of
        # the machine running the tests must not leak into the query.
        run_env = {k: v for k, v in os.environ.items() if not k.startswith("GPUCOMPAT_")}
        run_env.update(env)
        shown = " ".join(f"{k}={v}" for k, v in env.items()) + (" " if env else "") + "gpucompat " + " ".join(args)
        p = subprocess.run([cli] + args, env=run_env, capture_output=True, text=True, timeout=60)
        if p.returncode != want_rc:
            print(f"{shown}: exit {p.returncode}, expected {want_rc}; stderr: {p.stderr.strip()[:300]}")
            ok = False
            continue
        try:
            instance = json.loads(p.stdout)
        except json.JSONDecodeError as e:
            print(f"{shown}: stdout is not JSON: {e}")
            ok = False
            continue
        good = report(shown, instance, validators[name])
        print(f"{shown}: {'valid' if good else 'INVALID'} against {name}.schema.json")
        ok = ok and good
    return ok


def main(argv):
    if len(argv) == 3 and argv[1] == "data":
        return 0 if check_data(argv[2]) else 1
    if len(argv) == 4 and argv[1] == "cli":
        return 0 if check_cli(argv[2], argv[3]) else 1
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
