"""The prep form as markdown with YAML front matter: a pure function of `core.prep.PrepForm`."""

from __future__ import annotations

from coachcli.core.prep import COMMITMENTS, COVER, FEEDBACK, FORM_TYPE, PrepForm
from coachcli.export.markdown import inline, yaml_str

HOW_TO = (
    "<!-- Write your answers under each heading, in your own words. Keep the headings as "
    "they are. For each commitment, change the word open on its status line to done, partial "
    "or missed if it moved, and add a note. Then send the file back as it is: coach checks "
    "the lines at the top (rep, session, token) were not changed. -->"
    # The literal status line appears only under each commitment, so a script that edits
    # the first `status: open` in the file edits a commitment, not this comment.
)


def to_markdown(form: PrepForm) -> str:
    with_whom = f" with {inline(form.manager)}" if form.manager.strip() else ""
    out = [
        "---",
        f"type: {FORM_TYPE}",
        f"rep: {yaml_str(form.rep)}",
        f"name: {yaml_str(form.name)}",
        f"session: {form.session_date}",
        f"week: {form.week}",
        *([f"last: {form.last}"] if form.last else []),
        f"generated: {form.generated}",
        f"token: {form.token}",
        "---",
        "",
        f"# Prep for your 1:1{with_whom} on {form.session_date}",
        "",
        HOW_TO,
        "",
        f"## {COMMITMENTS}",
        "",
    ]
    if not form.commitments:
        out += ["<!-- No open commitments. -->", ""]
    for c in form.commitments:
        out.append(f"### {c.id} {inline(c.text)}")
        details = [f"due {c.due}" if c.due else "no due date"]
        if c.measure:
            details.append(f"we will know: {inline(c.measure)}")
        out += [
            f"<!-- {'; '.join(details).replace('--', '- -')} -->",
            "status: open",
            "note: ",
            "",
        ]
    out += [f"## {COVER}", "", ""]
    if form.questions:
        out += ["<!-- Questions to think about before we meet. -->", ""]
    for question in form.questions:
        out += [f"## {inline(question)}", "", ""]
    if form.last:  # a first session has no last 1:1 to rate
        out += [f"## {FEEDBACK}", "", "useful: ", ""]
    return "\n".join(out)
