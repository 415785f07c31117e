#!/usr/bin/env bash
# manpage_test.sh OBSCTL MAN1_DIR: every command has a page, `man -l` renders obsctl-run.1 with
# its options by group and its examples, groff finds nothing wrong in any page, and a page names
# exactly the options that --help names (they come from the same tree).
set -uo pipefail
obsctl=$1 man1=$2
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

for page in obsctl obsctl-run obsctl-verify obsctl-validate obsctl-stack obsctl-stack-up \
    obsctl-stack-selftest obsctl-report-merge obsctl-help obsctl-completion; do
    [[ -s $man1/$page.1 ]] || fail "$man1/$page.1 is missing"
done
[[ ! -e $man1/obsctl-manpages.1 ]] || fail "the hidden manpages command has a page"

run=$(MANWIDTH=100 man -P cat -l "$man1/obsctl-run.1" 2>&1) || fail "man -l obsctl-run.1 failed: $run"
for want in '^NAME$' '^ +obsctl-run - Replay scenarios' '^SYNOPSIS$' '^OPTIONS$' '^ +Traffic$' \
    '^ +Verification$' '^ +--time-scale FLOAT' '^ +--rate-scale' '^EXAMPLES$' \
    '^ {7}obsctl run errors --local-stack --time-scale 0.1$' '^ {7}obsctl run my.yaml --prometheus' \
    '^EXIT STATUS$' '^SEE ALSO$' '^ {7}obsctl\(1\)$'; do
    grep -Eq -- "$want" <<<"$run" || fail "man obsctl-run shows no /$want/"
done
! grep -l -- "$HOME/" "$man1"/*.1 || fail "these pages show the builder's home directory"
grep -q -- '~/.local/state/obsctl/stack' "$man1/obsctl-stack-up.1" || fail "obsctl-stack-up.1 has no ~ default state dir"
stack_up=$(man -P cat -l "$man1/obsctl-stack-up.1" 2>&1)
grep -Eq '^ {7}obsctl-stack\(1\)$' <<<"$stack_up" || fail "man obsctl-stack-up does not refer to obsctl-stack(1)"
for page in "$man1"/*.1; do
    warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
    [[ -z $warnings ]] || fail "groff warns about $page: $warnings"
done

# The same options as --help, for every command.
for page in "$man1"/*.1; do
    name=$(basename "$page" .1)
    words=${name#obsctl}
    words=${words//-/ }
    from_help=$("$obsctl" $words --help | grep -Eo -- '(^|[ ,])--?[a-zA-Z][-a-zA-Z]*' | grep -Eo -- '--?[a-zA-Z].*' | sort -u)
    from_man=$(man -P cat -l "$page" 2>/dev/null | grep -Eo -- '(^|[ ,])--?[a-zA-Z][-a-zA-Z]*' | grep -Eo -- '--?[a-zA-Z].*' | sort -u)
    [[ $from_help == "$from_man" ]] || { fail "$name: the page's options differ from --help's:"; diff <(echo "$from_help") <(echo "$from_man") >&2; }
done

if ((failures)); then
    echo "manpage_test: $failures failures" >&2
    exit 1
fi
echo "manpage_test: all checks passed"
