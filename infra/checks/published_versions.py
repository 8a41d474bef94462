#!/usr/bin/env python3
"""Proves with the SAM translator that changing any template parameter a function's configuration uses
publishes a new version of that function, so its `live` alias (what the API calls) follows the change.
Functions outside the API (the key ring's rotation function, which Secrets Manager invokes unqualified, so
$LATEST) are not concerned.

SAM names a version after the function's properties with parameters left unresolved (serverless-application-
model issues 1640 and 3820): a new parameter value alone keeps the version's logical id. A version is replaced
(a new one published, the alias moved) when either its logical id or one of its properties changes, since every
property of AWS::Lambda::Version requires replacement. For each function and each parameter its configuration
references, this transforms the template with two values of that parameter and checks one of the two changed.

Usage: published_versions.py TEMPLATE. Exit 0 when every function follows every parameter; 1 with the list of
those that do not; 2 when the SAM translator is not installed.
"""
import copy
import logging
import os
import re
import sys

# The translator warns about its own unsent usage metrics on every run.
logging.disable(logging.WARNING)

try:
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse
except ImportError:
    print("published_versions: the SAM translator (pip package aws-sam-translator) is not installed")
    sys.exit(2)

SUB = re.compile(r"\$\{([^}!][^}]*)\}")


class NoManagedPolicies:
    def load(self):
        return {}


def translate(template, parameters):
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    return transform(copy.deepcopy(template), parameters, NoManagedPolicies())["Resources"]


def resolve(value, parameters):
    """Resolves the parameter references CloudFormation resolves before it compares properties."""
    if isinstance(value, dict) and len(value) == 1:
        (name, argument), = value.items()
        if name == "Ref" and argument in parameters:
            return str(parameters[argument])
        if name == "Fn::Sub" and isinstance(argument, str):
            return SUB.sub(lambda m: str(parameters.get(m.group(1), m.group(0))), argument)
    if isinstance(value, dict):
        return {k: resolve(v, parameters) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, parameters) for v in value]
    return value


def referenced_parameters(value, declared):
    found = set()
    if isinstance(value, dict):
        for name, argument in value.items():
            if name == "Ref" and argument in declared:
                found.add(argument)
            elif name == "Fn::Sub" and isinstance(argument, str):
                found.update(m.group(1) for m in SUB.finditer(argument) if m.group(1) in declared)
            else:
                found |= referenced_parameters(argument, declared)
    elif isinstance(value, list):
        for item in value:
            found |= referenced_parameters(item, declared)
    return found


def other_value(definition, current):
    if "AllowedValues" in definition:
        return next(v for v in definition["AllowedValues"] if str(v) != str(current))
    if definition.get("Type") == "Number":
        return str(int(current) + 1)
    return str(current) + "x"


def published_version(resources, function):
    alias = next(r for r in resources.values() if r["Type"] == "AWS::Lambda::Alias"
                 and r["Properties"]["FunctionName"] == {"Ref": function})
    version = alias["Properties"]["FunctionVersion"]["Fn::GetAtt"][0]
    return version, resources[version]["Properties"]


def main(path):
    with open(path) as file:
        template = yaml_parse(file.read())
    # What `sam package` does to CodeUri before the transform.
    template.setdefault("Globals", {}).setdefault("Function", {})["CodeUri"] = "s3://bucket/userlink-functions.jar"
    declared = template.get("Parameters", {})
    baseline = {name: d.get("Default", "https://issuer.example") for name, d in declared.items()}
    resources = translate(template, baseline)
    functions = [name for name, r in template["Resources"].items() if r["Type"] == "AWS::Serverless::Function"
                 and any(e.get("Type") == "HttpApi" for e in r["Properties"].get("Events", {}).values())]
    failures, checked = [], 0
    # One transform per parameter, shared by the functions that use it: each takes about 0.1 s.
    changed_stacks = {}
    for function in functions:
        used = referenced_parameters(resources[function]["Properties"], declared)
        before_id, before = published_version(resources, function)
        for parameter in sorted(used):
            if parameter not in changed_stacks:
                changed = dict(baseline, **{parameter: other_value(declared[parameter], baseline[parameter])})
                changed_stacks[parameter] = changed, translate(template, changed)
            changed, changed_resources = changed_stacks[parameter]
            after_id, after = published_version(changed_resources, function)
            checked += 1
            if before_id == after_id and resolve(before, baseline) == resolve(after, changed):
                failures.append(f"{function}: a new {parameter} leaves version {before_id} in place")
    if failures:
        print("\n".join(failures))
        return 1
    print(f"published_versions: {checked} parameter changes each publish a new version of the {len(functions)} functions behind the API")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
