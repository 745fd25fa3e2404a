"""A session recap for the rep as markdown, plain text, or a ready-to-send email (RFC 5322).

Pure functions from a `core.recap.Recap` to text. The email is built with the standard
library's `email` package: UTF-8 text, `To:` the rep, `From:` the manager when configured.
"""

from __future__ import annotations

from coachcli.core.recap import Recap
from coachcli.export.markdown import block, inline


def to_text(recap: Recap) -> str:
    """Plain text: what a mail body or a chat message holds."""
    lines = [f"Recap of our 1:1 on {recap.date} ({recap.minutes} min)", ""]
    if recap.talked:
        lines.append("What we talked about")
        for item in recap.talked:
            lines.append(f"- {item.ask}")
            lines += [f"    {line}" for line in item.answer.splitlines()]
            for ask, answer in item.follow_ups:
                lines.append(f"    {ask}")
                lines += [f"      {line}" for line in answer.splitlines()]
        lines.append("")
    if recap.reviewed:
        lines.append("Commitments we reviewed")
        for r in recap.reviewed:
            lines.append(f"- {r.text}: {r.status}")
            if r.note:
                lines.append(f"    What you learned: {r.note}")
            if r.reinforcement:
                lines.append(f"    Keeping it going: {r.reinforcement}")
        lines.append("")
    lines.append("Your commitments")
    if not recap.commitments:
        lines.append("- none this time")
    for c in recap.commitments:
        lines.append(f"- {c.text}")
        lines.append(f"    Due: {c.due or 'no date set'}")
        if c.measure:
            lines.append(f"    How we will know: {c.measure}")
    lines.append("")
    if recap.observations:
        lines.append("What I observed")
        lines += [f"- {item}" for item in recap.observations]
        lines.append("")
    if recap.suggestions:
        lines.append("Suggestions")
        lines += [f"- {tell}" for tell in recap.suggestions]
        lines.append("")
    if recap.next_session:
        lines.append(f"Next 1:1: {recap.next_session}")
    else:
        lines.append("Next 1:1: not planned yet")
    return "\n".join(lines) + "\n"


def to_markdown(recap: Recap) -> str:
    """Markdown; every typed text is escaped (it cannot forge structure or run a script)."""
    out = [f"# Recap of our 1:1 on {inline(recap.date)}", ""]
    if recap.talked:
        out += ["## What we talked about", ""]
        for item in recap.talked:
            out += [f"### {inline(item.ask)}", "", block(item.answer), ""]
            for ask, answer in item.follow_ups:
                out += [f"*{inline(ask)}*", "", block(answer), ""]
    if recap.reviewed:
        out += ["## Commitments we reviewed", ""]
        for r in recap.reviewed:
            out.append(f"- {inline(r.text)}: **{inline(r.status)}**")
            if r.note:
                out.append(f"  - What you learned: {inline(r.note)}")
            if r.reinforcement:
                out.append(f"  - Keeping it going: {inline(r.reinforcement)}")
        out.append("")
    out += ["## Your commitments", ""]
    if not recap.commitments:
        out.append("- none this time")
    for c in recap.commitments:
        out.append(f"- {inline(c.text)}")
        out.append(f"  - Due: {inline(c.due or 'no date set')}")
        if c.measure:
            out.append(f"  - How we will know: {inline(c.measure)}")
    out.append("")
    if recap.observations:
        out += ["## What I observed", ""]
        out += [f"- {inline(item)}" for item in recap.observations]
        out.append("")
    if recap.suggestions:
        out += ["## Suggestions", ""]
        out += [f"- {inline(tell)}" for tell in recap.suggestions]
        out.append("")
    out.append(f"**Next 1:1:** {inline(recap.next_session or 'not planned yet')}")
    return "\n".join(out) + "\n"


def to_eml(recap: Recap) -> str:
    """An RFC 5322 message any mail client opens (`.eml`); the body is `to_text`."""
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.policy import SMTP
    from email.utils import formatdate

    message = EmailMessage(policy=SMTP)
    if recap.rep_email:
        message["To"] = Address(display_name=recap.rep_name, addr_spec=recap.rep_email)
    if recap.manager_email:
        message["From"] = Address(display_name=recap.manager, addr_spec=recap.manager_email)
    message["Subject"] = recap.subject
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"  # Outlook opens it as a draft, ready to send
    greeting = f"Hi {recap.rep_name.split()[0]},\n\n" if recap.rep_name.strip() else ""
    message.set_content(greeting + to_text(recap), charset="utf-8", cte="quoted-printable")
    return message.as_string()
