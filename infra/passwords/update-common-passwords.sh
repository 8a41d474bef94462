#!/usr/bin/env bash
# Regenerates functions/src/main/resources/io/userlink/password/common-passwords.txt: the first 10,000
# entries (most common first) of the password list in the npm package @zxcvbn-ts/language-common
# (MIT; its list merges public breach corpora). Needs npm and python3.
set -euo pipefail
version="${1:-4.1.3}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@zxcvbn-ts/language-common@$version" >/dev/null && tar xzf ./*.tgz)
python3 - "$work/package/src/passwords.json" "$version" \
    "$root/functions/src/main/resources/io/userlink/password/common-passwords.txt" <<'PY'
import json, sys
source, version, target = sys.argv[1:]
passwords = json.load(open(source, encoding="utf-8"))[:10000]
with open(target, "w", encoding="utf-8") as out:
    out.write("# The 10,000 most common passwords, most common first: the first 10,000 entries of src/passwords.json\n")
    out.write(f"# in the npm package @zxcvbn-ts/language-common {version} (MIT, https://github.com/zxcvbn-ts/zxcvbn).\n")
    out.write("# Regenerate with infra/passwords/update-common-passwords.sh.\n")
    out.writelines(p + "\n" for p in passwords)
PY
echo "wrote $(grep -vc '^#' "$root/functions/src/main/resources/io/userlink/password/common-passwords.txt") passwords"
