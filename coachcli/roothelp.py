"""The root `coach --help`, pre-rendered so that it needs no Typer import (~0.1 s).

Served by `coachcli.__main__` for `coach --help` / `coach -h` on terminals of 80 columns or
more (where Click renders exactly this); narrower ones get Typer's own rendering. A test
compares this text with Typer's output, so it cannot drift: when it fails, paste the text the
test prints here.
"""

ROOT_HELP = """\
Usage: coach [OPTIONS] COMMAND [ARGS]...

  Weekly one-to-one coaching for sales managers: plan, ask, commit, follow up.

Options:
  --home DIR            Data home (default: $COACH_HOME, else the platform's
                        data dir).
  --debug               Show tracebacks of unexpected errors.
  -q, --quiet           No progress bars (shown only on a terminal, on
                        stderr).
  -V, --version         Print the version.
  --install-completion  Install completion for the current shell.
  --show-completion     Show completion for the current shell, to copy it or
                        customize the installation.
  -h, --help            Show this message and exit.

Commands:
  init       Create the data home, a default config.yaml and an empty store;
             safe to run again.
  rep        Manage the reps you coach.
  plan       Plan the week's one-to-ones.
  session    Run coaching sessions and read their history.
  commit     Commitments: concrete actions a rep agreed to, and how they
             turned out.
  remind     Follow-ups to act on today; prints nothing when there is nothing
             to do.
  export     Export session notes as markdown with front matter, or as JSON
             Lines.
  bank       List, show, validate and lint question banks.
  stats      Coaching quality and consistency, one store or many.
  metrics    Weekly activity metrics and conversion ratios per rep.
  goal       Weekly activity goals per rep.
  call       Measure calls from their transcripts: talk share, monologues,
             questions, roles.
  crm        Import the CRM's report exports into the weekly funnel counts.
  report     One self-contained HTML page of coaching charts (no network, no
             JavaScript).
  org        The organisation's view: coaching figures over managers' org
             exports, on DuckDB.
  prep       The rep's prep form: write it before a session, read it back.
  recap      What to send the rep after a session: answers, commitments, next
             1:1.
  scorecard  List and show skill scorecards.
  score      Rate a rep's skills on a scorecard, and show the trend.
"""
