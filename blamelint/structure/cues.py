"""Word lists the structure checks share (guidance §2, §3.4, §3.5), compiled to regular expressions.

Each list matches whole words, with common inflections ("alerts", "validated"), on lower-cased
text. They live beside the checks that read plain lines (why-chain answers, fence rows), which have
no spaCy parse to run lexicon patterns on.
"""

from __future__ import annotations

import re

__all__ = [
    "CONTENT_STOPWORDS",
    "GROUP_SUBJECT",
    "HUMAN_ERROR",
    "LAPSE",
    "MEASURABLE",
    "PERSON_SUBJECT",
    "PERSON_TARGETED",
    "PROXIMATE",
    "SYSTEMIC",
    "TAUTOLOGY",
    "VAGUE_FIRST",
    "VAGUE_PHRASE",
    "words",
]


def words(items: str) -> re.Pattern[str]:
    """Compile a ``|``-separated list of words and phrases into one inflection-tolerant pattern."""
    parts = sorted({w.strip() for w in items.split("|") if w.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"[\s-]+") for p in parts)
    return re.compile(rf"(?i)(?<![\w-])(?:{body})(?:s|es|ed|d|ing)?(?![\w-])")


#: Conditions an organisation can change: a chain that ends on one of these ends well (§3.5).
SYSTEMIC = words(
    "review|approval|two-person|checklist|change management|rollout policy|staged rollout|canary|freeze|gate|sign-off"
    "|validation|validate|not required|optional|accept|allow|permit|default|does not confirm|dry-run|idempotent"
    "|safety check|rate limit|confirmation|no check|no test|no alert|alert|threshold|slo|paging policy|blind spot"
    "|unmonitored|monitoring|dashboard|test coverage|coverage|staging|parity|load test|fault injection|dirt"
    "|single point of failure|blast radius|coupling|shared dependency|capacity|headroom|circuit breaker|retry storm"
    "|isolation|runbook|documentation|documented|undocumented|ownership|onboarding|tribal knowledge|prioritization"
    "|prioritisation|prioritized|prioritised|deferred|tech debt|technical debt|staffing|on-call load|time pressure"
    "|goal conflict|incentive|deadline|roadmap|schema|lower bound|upper bound|limit|lint|linter|presubmit|policy"
    "|process|guardrail|design|architecture|enforce|check|automation|pipeline|nothing|no owner|not owned"
)

#: The proximate trigger or a component fault (§3.4 class 2).
PROXIMATE = words(
    "bug|typo|misconfiguration|misconfigured|wrong value|bad config|bad configuration|null pointer|exception|crash"
    "|panic|timeout|timed out|deadlock|leak|infinite loop|spike|disk full|disk filled|filled up|expired certificate"
    "|certificate expired|failed deploy|bad deploy|bad commit|bad pr|bad change|the code|the query|the script"
    "|broken build|outage|overload|out of memory|oom"
)

#: A person's state of mind or lapse (§3.4 class 1).
LAPSE = words(
    "forgot|forget|did not|didn't|failed to|neglect|missed|overlooked|was careless|careless|rushed|rushing|was tired"
    "|tired|distracted|assumed|misunderstood|did not think|didn't think|was new|is new|junior|inexperienced"
    "|lacked experience|made a mistake|mistake|did not follow|didn't follow|was not aware|wasn't aware|was unaware"
    "|not paying attention|ignored|skipped|typo by|error by|fat-finger|fat-fingered|lacked discipline|lack of discipline"
    "|not trained|had not been trained|hadn't been trained|was not careful|wasn't careful"
)

#: A person or role as subject (names are found separately, by case).
PERSON_SUBJECT = words(
    "engineer|developer|dev|programmer|sre|operator|admin|administrator|sysadmin|dba|on-call|oncall|on-caller"
    "|responder|incident commander|intern|new hire|contractor|manager|reviewer|author|committer|tester|qa|he|she"
    "|they|i|someone|somebody|nobody|no one|the person|employee|staff|human|user|maintainer|teammate|colleague"
)
#: A whole group as subject ("the team lacked discipline").
GROUP_SUBJECT = re.compile(r"(?i)\b(the|our|that|this|a) (\w+[ -])?team\b")

#: Human error named outright.
HUMAN_ERROR = re.compile(r"(?i)\b(human|operator|user|pilot|engineer|developer|manual) (error|mistake|fault|slip)s?\b")

#: An answer that only restates that something failed (§3.4 class 3).
TAUTOLOGY = re.compile(
    r"(?i)^(because\s+)?(it|that|this|the (service|system|thing|site))\s+(failed|broke|went down|stopped working|crashed)\.?$"
    r"|^(because\s+)?of the (outage|incident|failure|problem|issue)\.?$"
)

#: Verbs that make an action item unmeasurable when they lead it (§1.13 V1, V2).
VAGUE_FIRST = re.compile(
    r"(?i)^(?:we (?:should|must|need to|will|are|have to|plan to) |(?:the )?[\w-]+ team (?:will|should|is) )?(?:also )?"
    r"(?P<verb>improve|improving|enhance|optimi[sz]e|strengthen|investigate|explore|consider|evaluate|assess|revisit"
    r"|rethink|discuss|minimi[sz]e|maximi[sz]e|reflect|strive|spike|continue|continuing|try|attempt|aim|acquire|research"
    r"|brainstorm|think about|figure out|look into|look at|work on|follow up|keep an eye|re-?iterate|be (?:better|more)(?: [a-z]+)?)\b"
)
#: Vague phrases anywhere in an item (§1.13 V4 and the dev-set guideline).
VAGUE_PHRASE = re.compile(
    r"(?i)\b(look into|think about|as much as possible|where possible|keep an eye on|strive to|try to"
    r"|be (?:more|better) (?:careful|aware|cautious|mindful|vigilant|at|about|prepared|proactive|thorough|diligent)"
    r"|(?:a |an )?better (?:monitoring|alerting|testing|tests|documentation|communication|visibility|observability"
    r"|process|processes|way|ways|tooling|logging|coverage|review|reviews|handling)"
    r"|more (?!than)(?:[\w-]+ ){0,2}(?:testing|tests|alerts|alerting|monitoring|training|awareness|checks|visibility|documentation))\b"
)
#: Signs an item is measurable anyway (§2.3): a number with a unit, a comparator, a done criterion.
MEASURABLE = re.compile(
    r"(?i)\d+(\.\d+)?\s?(ms|s|sec|secs|seconds|min|mins|minutes|h|hours|%|x|×|qps|rps|gb|mb|p\d{2})\b|[<>≤≥]"
    r"|\b(done when|acceptance criteria|verified by|and file (a |the )?(bug|issue|ticket)s?|decide by|design doc|until)\b"
)

#: Items aimed at changing people rather than systems (§1.12 I1–I4).
PERSON_TARGETED = re.compile(
    r"(?i)\bbe (?:more |extra |very |even more )?(?:careful|vigilant|attentive|cautious|mindful)\b"
    r"|\bpay (?:more |closer |extra )?attention\b|\btake (?:more|extra) care\b|\bremain calm\b|\bdon'?t rush\b|\bnot to rush\b"
    r"|^(?:remind|tell|retrain|re-train|coach|educate|teach|discipline|warn|train)\s+(?:the |all |our |every )?"
    r"(?:engineers?|developers?|devs|operators?|on-?call(?:ers?| engineers?)?|responders?|staff|everyone|everybody|people|team|sres?|admins?"
    r"|humans?|users|new hires?|@[\w-]+|(?-i:[A-Z][a-z]+(?: [A-Z][a-z]+)*)\b)"
    r"|\b(?:ensure|make sure)\s+(?:that\s+)?(?:all\s+)?(?:engineers?|developers?|everyone|people|the team|operators?"
    r"|on-?call(?:ers?)?|staff|responders?|we|they)\s+(?:always\s+)?(?:follow|check|remember|read|know|are|is|do|double-check|test)\b"
    r"|\b\w+ needs? to (?:learn|remember|be reminded)\b|\bhold (?:\w+ )?accountable\b|\b(?:double|triple)[- ]check (?:their|your|the|all)\b"
)

#: Words too common to tie a root cause to an action item.
CONTENT_STOPWORDS = frozenset(
    "because there their about which would could should every other after before these those while where being"
    " been were have does didn doesn into from with without when then than that this they them also only some"
    " none nothing anything something cause caused root reason why happened again still even more most less very"
    " just much many made make makes done using used uses time times issue issues problem problems incident".split()
)
