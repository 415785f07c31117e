#!/usr/bin/env bash
# completion_test.sh OBSCTL SHARE_DIR: the generated bash completion, sourced as bash-completion
# would, completes obsctl's commands, their options and the bundled scenarios, and nothing for
# a word that names none; the zsh and fish scripts exist (and parse, where those shells are).
set -uo pipefail
obsctl=$1 share=$2
bash_file=$share/bash-completion/completions/obsctl
zsh_file=$share/zsh/vendor-completions/_obsctl
fish_file=$share/fish/vendor_completions.d/obsctl.fish
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

bash -n "$bash_file" || fail "$bash_file does not parse"
# shellcheck source=/dev/null
source "$bash_file"
[[ $(complete -p obsctl) == *"-F _obsctl"*" obsctl" ]] || fail "complete -p obsctl: $(complete -p obsctl 2>&1)"
# The scripts call the obsctl the user typed for the scenario names: this one.
PATH=$(dirname "$obsctl"):$PATH

offers() {  # offers "WORD..." (the last is being completed) -> COMPREPLY, one a line
    read -ra COMP_WORDS <<<"$1"
    [[ $1 == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _obsctl
    printf '%s\n' "${COMPREPLY[@]}"
}
has() {  # has "WORDS" EXPECTED...
    local words=$1 got
    shift
    got=$(offers "$words")
    for want in "$@"; do
        grep -qx -- "$want" <<<"$got" || fail "'$words<TAB>' offers no $want (offers: $(echo $got))"
    done
}
nothing() {
    local got
    got=$(offers "$1")
    [[ -z $got ]] || fail "'$1<TAB>' offers $(echo $got), expected nothing"
}
has "obsctl ru" run
has "obsctl " run verify validate list status alerts coverage report stack help completion
has "obsctl run --ti" --time-scale
has "obsctl run errors --local-stack --rat" --rate-scale
has "obsctl stack u" up
has "obsctl stack " up down status render selftest
has "obsctl stack up --app-p" --app-port
has "obsctl report " merge html
has "obsctl run er" errors
has "obsctl help st" stack status
has "obsctl completion " bash zsh fish
has "obsctl -" --help --version
nothing "obsctl zz"
nothing "obsctl run --zz"
nothing "obsctl run --threads "
[[ $(offers "obsctl ru") == run ]] || fail "'obsctl ru<TAB>' offers more than run: $(offers "obsctl ru")"
! offers "obsctl " | grep -qx manpages || fail "the hidden manpages command is offered"
! offers "obsctl run --" | grep -qx -- --up || fail "run offers an option it does not have"

[[ -s $zsh_file ]] || fail "$zsh_file is missing"
[[ -s $fish_file ]] || fail "$fish_file is missing"
head -1 "$zsh_file" | grep -qx '#compdef obsctl' || fail "$zsh_file does not start with #compdef obsctl"
grep -q -- "-l time-scale" "$fish_file" || fail "$fish_file does not complete --time-scale"
if command -v zsh >/dev/null; then
    zsh -n "$zsh_file" || fail "$zsh_file does not parse"
else
    echo "completion_test: zsh not installed, $zsh_file not parsed"
fi
if command -v fish >/dev/null; then
    fish --no-execute "$fish_file" || fail "$fish_file does not parse"
else
    echo "completion_test: fish not installed, $fish_file not parsed"
fi

if ((failures)); then
    echo "completion_test: $failures failures" >&2
    exit 1
fi
echo "completion_test: all checks passed"
