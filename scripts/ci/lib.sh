# Shared by scripts/ci/automerge and scripts/ci/form (sourced, not run).

# A text safe inside a workflow command (::warning::TEXT, ::group::TEXT): GitHub reads %, CR and LF
# in it as escapes and line ends, so a path or title could otherwise start a command of its own.
escape_command() {
  local s=${1//'%'/%25}
  s=${s//$'\r'/%0D}
  printf '%s' "${s//$'\n'/%0A}"
}

# Between pause_commands TOKEN and resume_commands TOKEN, GitHub reads no workflow commands in the
# log: what taizhang prints there names paths a pull request chose (a file named "::warning::…").
pause_commands() { printf '::stop-commands::%s\n' "$1"; }
resume_commands() { printf '::%s::\n' "$1"; }

warn() { printf '::warning::%s\n' "$(escape_command "$*")"; }
group() { printf '::group::%s\n' "$(escape_command "$*")"; }

# git over HTTPS with the job's token for this one command, never stored in .git/config.
git_with_token() {
  git -c credential.helper= -c 'credential.helper=!gh auth git-credential' "$@"
}

# merge_judged NUMBER HEAD TITLE MESSAGE_FILE: a real merge commit (its second parent is HEAD) of
# exactly the judged head; the code host refuses (409) when the pull request's head has moved since.
merge_judged() {
  gh api --method PUT "repos/{owner}/{repo}/pulls/$1/merge" \
    -f sha="$2" -f merge_method=merge -f commit_title="$3" -F commit_message=@"$4" > /dev/null
}

# issue_facts NUMBER: the issue as the code host knows it (JSON): its text and author, whether it is
# an open 填报 form, when it was created and when its text was last edited (the form's hand-in time).
issue_facts() {
  gh api graphql -F owner="${GH_REPO%%/*}" -F name="${GH_REPO#*/}" -F number="$1" -f query='
    query($owner: String!, $name: String!, $number: Int!) {
      repository(owner: $owner, name: $name) { issue(number: $number) {
        number body createdAt lastEditedAt state author { login } labels(first: 50) { nodes { name } } } } }' \
    --jq '.data.repository.issue'
}
