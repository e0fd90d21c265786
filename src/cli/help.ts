// The text of `--help`, for the whole command line and for each command.

const main = `Usage: user-attributes-sdk <command> [options]

Sets user attributes in Looker and DX from an HR export, as a plan you read and then apply.

Commands:
  plan    Compare the input with Looker and DX and show (and save) what would change
  apply   Carry out a saved plan
  history List the runs a state folder recorded (--state DIR), and chart them
  revert  Make a plan that puts back what an applied plan replaced (apply it as any plan)

Options:
  -h, --help   Show this help (also: user-attributes-sdk <command> --help)
  --version    Show the version

Credentials come from the environment only:
  LOOKER_BASE_URL, LOOKER_CLIENT_ID, LOOKER_CLIENT_SECRET   (all three, or none to skip Looker)
  DX_API_TOKEN, DX_BASE_URL                                 (the token, or none to skip DX; the URL is optional)

Exit codes: plan 0 a plan was made (with --detailed-exitcode: 0 nothing to change, 2 changes
planned); apply 0 every change applied; 1 any error; 130, 143, 129 stopped by Ctrl-C, SIGTERM,
SIGHUP (128 + the signal, as a shell reports it).
`;

const plan = `Usage: user-attributes-sdk plan --input FILE --map FILE [options]

Reads the records, compares them with Looker and DX, and prints what apply would change. On a
terminal a bar on standard error shows the reads as they go ("?" for the total while the user
listings are read); off a terminal, progress events at most once a second.

Options:
  --input FILE         Records: CSV (first row names the fields), a JSON array or NDJSON; - reads standard input
  --map FILE           The JSON mapping: which field holds the email, which fields go to which attributes
  --out FILE           Save the plan to FILE, for apply
  --previous FILE      The snapshot apply --snapshot wrote: leave out the records it holds in place
  --full-drift-check   Check every user, also those whose record did not change
  --state DIR          Keep the snapshot, the month's calls and the history in DIR (.user-attributes-sdk
                       is the usual name): the plan is incremental by itself, with a full check when due
  --full-check-age AGE With --state: a full drift check when the last is older than AGE (default 7d; 36h, 90m)
  --monthly-budget looker=N,dx=N
                       With --state: the calls each service allows a month (UTC), kept for later runs
  --target EMAIL       Plan only this person (repeatable): a partial plan, which says so; no one else's values are read
  --summary-md FILE    Write a Markdown summary (a pull-request comment, a CI job summary) to FILE
  --detailed-exitcode  Exit 2 when changes are planned, 0 when there are none
  --json               Print JSON lines instead of text (always so when standard output is not a terminal)
  --no-color           No colours (also when NO_COLOR is set)
  -h, --help           Show this help

Exits 0 when a plan was made, changes or not, 1 on an error. With --detailed-exitcode: 0 when
there is nothing to change, 2 when changes are planned (as terraform plan -detailed-exitcode).
`;

const apply = `Usage: user-attributes-sdk apply PLAN [options]

Carries out a plan saved by plan --out. Progress is written to a journal as it goes: Ctrl-C,
SIGTERM or SIGHUP stops it once the requests in flight have finished (a second signal aborts
them), and running the same command again resumes where it stopped, redoing nothing done.

Options:
  --journal FILE        Where progress is recorded (default: the plan's name with .journal.ndjson)
  --snapshot FILE       Write the records now fully in place, for the next plan's --previous
  --max-removals N      Refuse the whole run when the plan removes more than N values (default 10),
                        or more than P% of the values it manages (--max-removals 2%)
  --max-calls N         Stop before making more than N calls to a service; looker=N, dx=N (once each) for one
  --state DIR           The state folder the plan was made with: the journal goes there, the run is
                        booked in its history and its monthly call ledger, the snapshot updated
  --monthly-budget looker=N,dx=N
                        With --state: refuse (before any call) a plan whose forecast passes what is left
                        of the month's calls; never send more than that
  --dry-run             Check the plan, the removal cap and the call budget; send nothing
  --summary-md FILE     Write a Markdown summary of the run (outcomes, calls used) to FILE
  --allow-missing-dx-users
                        A DX write refused because DX has no user with that email is a warning
                        (skipped, no_dx_user), not a failure; any other failure still exits 1
  --yes                 Do not ask before writing (asked only when standard input is a terminal)
  --json                Print JSON lines instead of text (always so when standard output is not a terminal)
  --no-color            No colours (also when NO_COLOR is set)
  -h, --help            Show this help

Exits 0 when every change was applied, 1 otherwise; stopped by a signal, 128 + the signal:
130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP.
`;

const history = `Usage: user-attributes-sdk history --state DIR [--chart FILE.svg] [--json]

Lists the applies the state folder recorded (oldest first: when, full or incremental, outcomes,
calls of the plan and the apply) and the month's calls against its budget. Never a value.

Options:
  --state DIR        The folder plan and apply were given with --state
  --chart FILE.svg   Also write an SVG: calls per run, the month's calls against its budget, changes per run
  --json             Print JSON lines: a run event per apply, then a history event
  --no-color         No colours (also when NO_COLOR is set)
  -h, --help         Show this help
`;

const revert = `Usage: user-attributes-sdk revert PLAN [--journal FILE] [--out FILE]

Makes a plan that puts back the values PLAN's changes replaced, for the changes its journal records
as applied: a set becomes a set of the old value (or a removal when there was none), a removal a
set of the removed value. Sends nothing and needs no credentials. Apply the saved plan with apply:
it reads every value again first, and a value changed since the apply is a conflict, not
overwritten. Changes not applied, found already so, or in doubt are listed as not reverted.

Options:
  --journal FILE  The journal of PLAN's apply (default: the plan's name with .journal.ndjson)
  --out FILE      Save the revert plan to FILE, for apply
  --json          Print JSON lines instead of text (always so when standard output is not a terminal)
  --no-color      No colours (also when NO_COLOR is set)
  -h, --help      Show this help

Exits 0 when a revert plan was made, 1 on an error (a journal of another plan among them).
`;

/** The help text for the command line, or for one command. */
export function helpText(topic: 'plan' | 'apply' | 'history' | 'revert' | undefined): string {
  return topic === 'plan' ? plan : topic === 'apply' ? apply : topic === 'history' ? history : topic === 'revert' ? revert : main;
}
