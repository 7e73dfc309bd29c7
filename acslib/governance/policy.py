"""A declarative if-then safety policy, and its evaluation against a model's record.

A *policy* is plain data: a list of :class:`Rule` objects, each saying "if this
trigger fires, these evaluations must have been run and these safeguards must be in
place; if they are not, take this action". A trigger is either a training-compute
line (``ComputeTrigger``, as in the EU AI Act) or a score on a dangerous-capability
evaluation (``ScoreTrigger``, as in the company frameworks). A policy may also say
how often it must be re-applied: at every ``reevaluation_factor``-fold growth in
effective compute.

:func:`evaluate_policy` applies a policy to a :class:`ModelRecord` and returns a
:class:`Decision`: the decision and every reason behind it.

Policies are validated when they are built (:func:`policy_from_dict` does the same
for a dict), so a malformed policy fails loudly, naming the field that is wrong.

Defined in Chapter 6, *Governance systems*, section *If-then policies as data*.
"""

from __future__ import annotations

import math
import numbers
import textwrap
from dataclasses import dataclass, field
from typing import Mapping

from .._validation import ArgumentTypeError, as_choice, as_instance, as_scalar

__all__ = [
    "DECISIONS",
    "ComputeTrigger",
    "ScoreTrigger",
    "Rule",
    "SafetyPolicy",
    "ModelRecord",
    "Decision",
    "evaluate_policy",
    "policy_from_dict",
    "record_from_dict",
]

#: The possible decisions, from least to most restrictive. "hold deployment" means
#: development may continue but the model may not be deployed. The frameworks restrict
#: the two separately: the Preparedness Framework (beta) has a stricter bar for
#: deployment (post-mitigation Medium or below) than for further development (High or
#: below), and the RSP v1.0 pairs deployment measures with containment measures, whose
#: absence pauses training. Merging the two into one "stop" would lose that distinction.
DECISIONS = ("deploy", "deploy with safeguards", "hold deployment", "missing evaluation", "pause development")
#: Actions a rule may demand when its requirements are not met.
UNMET_ACTIONS = ("hold deployment", "pause development")


def _check_name(value, name: str) -> str:
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be a non-empty string; got {value!r}")
    if not value.strip():
        raise ValueError(f"{name} must be a non-empty string; got {value!r}")
    return value.strip()


def _check_names(values, name: str) -> tuple:
    if isinstance(values, (str, Mapping)) or not hasattr(values, "__iter__"):
        raise ArgumentTypeError(f"{name} must be a list of strings; got {values!r}")
    checked = tuple(_check_name(v, f"{name} entry") for v in values)
    if len(set(checked)) != len(checked):
        raise ValueError(f"{name} must not repeat an entry; got {list(checked)}")
    return checked


def _check_number(value, name: str, *, low=None, high=None, low_open=False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"{name} must be a finite number; got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    value = float(as_scalar(value, name))
    if low is not None and (value <= low if low_open else value < low):
        raise ValueError(f"{name} must be {'greater than' if low_open else 'at least'} {low:g}; got {value:g}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be at most {high:g}; got {value:g}")
    return value


@dataclass(frozen=True)
class ComputeTrigger:
    """Fires when a model's training compute exceeds ``training_compute_above`` FLOP.

    "Exceeds", as in the EU AI Act (Art. 51(2)) and US EO 14110 (§4.2(b)).

    Examples
    --------
    >>> ComputeTrigger(1e25).fires(3.8e25)
    True
    """

    training_compute_above: float

    def __post_init__(self):
        object.__setattr__(
            self, "training_compute_above",
            _check_number(self.training_compute_above, "training_compute_above", low=0, low_open=True),
        )

    def fires(self, training_compute: float) -> bool:
        return as_scalar(training_compute, "training_compute") > self.training_compute_above

    def __str__(self) -> str:
        return f"training compute > {self.training_compute_above:.0e} FLOP"


@dataclass(frozen=True)
class ScoreTrigger:
    """Fires when the evaluation score in ``category`` reaches ``min_score`` (scores lie in [0, 1]).

    Examples
    --------
    >>> ScoreTrigger("cyber", 0.5).fires(0.6)
    True
    """

    category: str
    min_score: float

    def __post_init__(self):
        object.__setattr__(self, "category", _check_name(self.category, "category"))
        object.__setattr__(self, "min_score", _check_number(self.min_score, "min_score", low=0, high=1))

    def fires(self, score: float) -> bool:
        return as_scalar(score, "score") >= self.min_score

    def __str__(self) -> str:
        return f"{self.category} score >= {self.min_score:g}"


@dataclass(frozen=True)
class Rule:
    """If ``trigger`` fires, require evaluations and safeguards, else take ``if_unmet``.

    Parameters
    ----------
    name : str
        Short name shown in the decision's reasons.
    trigger : ComputeTrigger or ScoreTrigger
    required_safeguards : sequence of str
        Safeguards that must be in place once the rule fires.
    required_evaluations : sequence of str
        Evaluation categories that must have a score once the rule fires.
    if_unmet : {"hold deployment", "pause development"}
        What the policy demands when a required safeguard is missing.

    Examples
    --------
    >>> rule = Rule("EU systemic risk", ComputeTrigger(1e25), ["incident reporting"])
    >>> rule.if_unmet
    'hold deployment'
    """

    name: str
    trigger: ComputeTrigger | ScoreTrigger
    required_safeguards: tuple = ()
    required_evaluations: tuple = ()
    if_unmet: str = "hold deployment"

    def __post_init__(self):
        object.__setattr__(self, "name", _check_name(self.name, "rule name"))
        if not isinstance(self.trigger, (ComputeTrigger, ScoreTrigger)):
            raise ValueError(
                f"trigger of rule {self.name!r} must be a ComputeTrigger or a ScoreTrigger; got {self.trigger!r}"
            )
        object.__setattr__(
            self, "required_safeguards", _check_names(self.required_safeguards, f"required_safeguards of rule {self.name!r}")
        )
        object.__setattr__(
            self, "required_evaluations", _check_names(self.required_evaluations, f"required_evaluations of rule {self.name!r}")
        )
        as_choice(self.if_unmet, f"if_unmet of rule {self.name!r}", UNMET_ACTIONS)
        if not self.required_safeguards and not self.required_evaluations:
            raise ValueError(
                f"required_safeguards, required_evaluations: rule {self.name!r} must require at least one "
                "safeguard or evaluation"
            )


@dataclass(frozen=True)
class SafetyPolicy:
    """A named, cited list of if-then rules, with an optional re-evaluation trigger.

    Parameters
    ----------
    name : str
    rules : sequence of Rule
        At least one; rule names must be unique.
    source : str
        Citation key of the document the policy is modelled on ("" for the reader's own).
    reevaluation_factor : float or None
        Re-run the evaluations at every ``reevaluation_factor``-fold growth in effective
        compute (must exceed 1), or ``None`` for no compute-based trigger.
    status : str
        Free text, e.g. "revoked 20 January 2025".

    Examples
    --------
    >>> policy = SafetyPolicy("toy", [Rule("big", ComputeTrigger(1e26), ["report"])], reevaluation_factor=4)
    >>> policy.reevaluation_factor
    4.0
    """

    name: str
    rules: tuple
    source: str = ""
    reevaluation_factor: float | None = None
    status: str = "in force"

    def __post_init__(self):
        object.__setattr__(self, "name", _check_name(self.name, "policy name"))
        if isinstance(self.rules, (str, Mapping)) or not hasattr(self.rules, "__iter__"):
            raise ValueError(f"rules must be a list of Rule objects; got {self.rules!r}")
        rules = tuple(self.rules)
        if not rules:
            raise ValueError("rules must hold at least one Rule")
        for rule in rules:
            if not isinstance(rule, Rule):
                raise ValueError(f"rules must hold Rule objects; got {rule!r}")
        names = [rule.name for rule in rules]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"rules must have unique names; repeated: {repeated}")
        object.__setattr__(self, "rules", rules)
        if self.reevaluation_factor is not None:
            object.__setattr__(
                self, "reevaluation_factor",
                _check_number(self.reevaluation_factor, "reevaluation_factor", low=1, low_open=True),
            )
        if not isinstance(self.source, str):
            raise ArgumentTypeError(f"source must be a citation key string; got {self.source!r}")
        if not isinstance(self.status, str):
            raise ArgumentTypeError(f"status must be a string; got {self.status!r}")

    @property
    def categories(self) -> tuple:
        """Every evaluation category the policy mentions, in first-mention order."""
        seen = []
        for rule in self.rules:
            extra = [rule.trigger.category] if isinstance(rule.trigger, ScoreTrigger) else []
            for category in (*extra, *rule.required_evaluations):
                if category not in seen:
                    seen.append(category)
        return tuple(seen)


@dataclass(frozen=True)
class ModelRecord:
    """What a policy looks at: compute, evaluation scores and safeguards in place.

    Parameters
    ----------
    name : str
    training_compute : float
        Training compute in FLOP; positive.
    scores : mapping of str to float
        Evaluation score per category, in [0, 1]; a category not listed was not evaluated.
    safeguards : iterable of str
        Safeguards in place.
    growth_since_evaluation : float
        Effective-compute growth factor since the scores were measured (1 = evaluated on
        this very model); at least 1.

    Examples
    --------
    >>> ModelRecord("m", 1e24, {"cyber": 0.2}).safeguards
    frozenset()
    """

    name: str
    training_compute: float
    scores: Mapping = field(default_factory=dict)
    safeguards: frozenset = frozenset()
    growth_since_evaluation: float = 1.0

    def __post_init__(self):
        object.__setattr__(self, "name", _check_name(self.name, "record name"))
        object.__setattr__(
            self, "training_compute", _check_number(self.training_compute, "training_compute", low=0, low_open=True)
        )
        if not isinstance(self.scores, Mapping):
            raise ArgumentTypeError(f"scores must be a mapping from category to score; got {self.scores!r}")
        scores = {
            _check_name(category, "scores category"): _check_number(score, f"scores[{category!r}]", low=0, high=1)
            for category, score in self.scores.items()
        }
        object.__setattr__(self, "scores", scores)
        object.__setattr__(self, "safeguards", frozenset(_check_names(self.safeguards, "safeguards")))
        object.__setattr__(
            self, "growth_since_evaluation",
            _check_number(self.growth_since_evaluation, "growth_since_evaluation", low=1),
        )


@dataclass(frozen=True)
class Decision:
    """The outcome of :func:`evaluate_policy`: a decision and every reason for it."""

    decision: str
    reasons: tuple
    triggered: tuple
    policy: str
    record: str

    def __str__(self) -> str:
        lines = [f"{self.record} under {self.policy}:", f"  {self.decision.upper()}"]
        lines += [textwrap.fill(reason, width=76, initial_indent="  - ", subsequent_indent="    ") for reason in self.reasons]
        return "\n".join(lines)

    __repr__ = __str__


def evaluate_policy(policy: SafetyPolicy, record: ModelRecord) -> Decision:
    """Apply an if-then ``policy`` to a model's ``record``.

    Every rule is checked in turn:

    * a score trigger whose category has no score gives "missing evaluation" (the
      policy cannot tell whether it fires);
    * a rule that fires and lacks a required evaluation gives "missing evaluation";
    * a rule that fires and lacks a required safeguard gives the rule's ``if_unmet``;
    * a rule that fires with everything in place gives "deploy with safeguards".

    If effective compute has grown more than the policy's ``reevaluation_factor`` since
    the scores were measured, every score is stale: "missing evaluation". The overall
    decision is the most restrictive one, in the order of :data:`DECISIONS`; no rule
    firing means "deploy".

    Parameters
    ----------
    policy : SafetyPolicy
    record : ModelRecord

    Returns
    -------
    Decision

    Notes
    -----
    Defined in Chapter 6, section *If-then policies as data*. The scores, cut points
    and safeguard names are this book's simplification: the published frameworks
    reach capability levels by expert judgement over many evaluations.

    Examples
    --------
    >>> policy = SafetyPolicy("toy", [Rule("cyber high", ScoreTrigger("cyber", 0.5), ["access controls"])])
    >>> evaluate_policy(policy, ModelRecord("m", 1e25, {"cyber": 0.7})).decision
    'hold deployment'
    >>> evaluate_policy(policy, ModelRecord("m", 1e25, {"cyber": 0.7}, {"access controls"})).decision
    'deploy with safeguards'
    >>> evaluate_policy(policy, ModelRecord("m", 1e25, {})).decision
    'missing evaluation'
    """
    as_instance(policy, "policy", SafetyPolicy, "SafetyPolicy (see policy_from_dict)")
    as_instance(record, "record", ModelRecord, "ModelRecord (see record_from_dict)")
    verdicts = []  # (decision, reason)
    triggered = []
    stale = policy.reevaluation_factor is not None and record.growth_since_evaluation > policy.reevaluation_factor
    if stale:
        verdicts.append((
            "missing evaluation",
            f"effective compute grew {record.growth_since_evaluation:g}× since the last evaluation, more than the "
            f"policy's {policy.reevaluation_factor:g}× re-evaluation trigger",
        ))
    for rule in policy.rules:
        trigger = rule.trigger
        if isinstance(trigger, ScoreTrigger):
            if trigger.category not in record.scores:
                verdicts.append(("missing evaluation", f"{rule.name}: no {trigger.category} score, so the trigger ({trigger}) cannot be checked"))
                continue
            fires = trigger.fires(record.scores[trigger.category])
        else:
            fires = trigger.fires(record.training_compute)
        if not fires:
            continue
        triggered.append(rule.name)
        missing_evaluations = [c for c in rule.required_evaluations if c not in record.scores]
        missing_safeguards = [s for s in rule.required_safeguards if s not in record.safeguards]
        if missing_evaluations:
            verdicts.append(("missing evaluation", f"{rule.name} ({trigger}) requires evaluations not run: {', '.join(missing_evaluations)}"))
        if missing_safeguards:
            verdicts.append((rule.if_unmet, f"{rule.name} ({trigger}) requires safeguards not in place: {', '.join(missing_safeguards)}"))
        if not missing_evaluations and not missing_safeguards:
            verdicts.append(("deploy with safeguards", f"{rule.name} ({trigger}): all requirements met"))
    if not verdicts:
        return Decision("deploy", ("no rule fires",), (), policy.name, record.name)
    decision = max((d for d, _ in verdicts), key=DECISIONS.index)
    # The binding reasons first, then the rest.
    reasons = [r for d, r in verdicts if d == decision] + [r for d, r in verdicts if d != decision]
    return Decision(decision, tuple(reasons), tuple(triggered), policy.name, record.name)


_TRIGGER_KEYS = {"compute": ("training_compute_above",), "score": ("category", "min_score")}
_RULE_KEYS = {"name", "trigger", "required_safeguards", "required_evaluations", "if_unmet"}
_POLICY_KEYS = {"name", "rules", "source", "reevaluation_factor", "status"}


def _reject_unknown(data: Mapping, allowed, where: str) -> None:
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValueError(f"{where} has unknown keys {unknown}; allowed keys are {sorted(allowed)}")


def _trigger_from_dict(data, where: str):
    if not isinstance(data, Mapping):
        raise ValueError(f"trigger of {where} must be a dict; got {data!r}")
    kind = data.get("kind")
    if kind not in _TRIGGER_KEYS:
        raise ValueError(f"trigger of {where} must have kind 'compute' or 'score'; got {kind!r}")
    _reject_unknown(data, ("kind", *_TRIGGER_KEYS[kind]), f"trigger of {where}")
    missing = [k for k in _TRIGGER_KEYS[kind] if k not in data]
    if missing:
        raise ValueError(f"trigger of {where} is missing {missing}")
    if kind == "compute":
        return ComputeTrigger(data["training_compute_above"])
    return ScoreTrigger(data["category"], data["min_score"])


def policy_from_dict(data: Mapping) -> SafetyPolicy:
    """Build and validate a :class:`SafetyPolicy` from plain data (e.g. parsed YAML or JSON).

    Parameters
    ----------
    data : dict
        ``{"name": ..., "rules": [{"name": ..., "trigger": {"kind": "compute",
        "training_compute_above": 1e25} or {"kind": "score", "category": ...,
        "min_score": ...}, "required_safeguards": [...], "required_evaluations":
        [...], "if_unmet": ...}, ...], "source": ..., "reevaluation_factor": ...}``.
        Unknown keys are errors, so a misspelt key is never silently ignored.

    Returns
    -------
    SafetyPolicy

    Notes
    -----
    Defined in Chapter 6, section *If-then policies as data*.

    Examples
    --------
    >>> policy = policy_from_dict({"name": "mine", "rules": [
    ...     {"name": "big run", "trigger": {"kind": "compute", "training_compute_above": 1e26},
    ...      "required_safeguards": ["notify regulator"]}]})
    >>> policy.rules[0].trigger
    ComputeTrigger(training_compute_above=1e+26)
    >>> policy_from_dict({"name": "bad", "rules": [{"name": "r", "trigger": {"kind": "score",
    ...     "category": "cyber", "min_score": 1.5}, "required_safeguards": ["x"]}]})
    Traceback (most recent call last):
    ...
    ValueError: min_score must be at most 1; got 1.5
    """
    if not isinstance(data, Mapping):
        raise ArgumentTypeError(f"data must be a dict describing a policy; got {type(data).__name__}")
    _reject_unknown(data, _POLICY_KEYS, "policy")
    for key in ("name", "rules"):
        if key not in data:
            raise ValueError(f"data (the policy) is missing required key {key!r}")
    raw_rules = data["rules"]
    if isinstance(raw_rules, (str, Mapping)) or not hasattr(raw_rules, "__iter__"):
        raise ValueError(f"rules must be a list of rule dicts; got {raw_rules!r}")
    rules = []
    for index, raw in enumerate(raw_rules):
        where = f"rule {index}"
        if not isinstance(raw, Mapping):
            raise ValueError(f"{where} must be a dict; got {raw!r}")
        _reject_unknown(raw, _RULE_KEYS, where)
        for key in ("name", "trigger"):
            if key not in raw:
                raise ValueError(f"{where} is missing required key {key!r}")
        where = f"rule {index} ({raw['name']!r})"
        rules.append(Rule(
            raw["name"],
            _trigger_from_dict(raw["trigger"], where),
            raw.get("required_safeguards", ()),
            raw.get("required_evaluations", ()),
            raw.get("if_unmet", "hold deployment"),
        ))
    return SafetyPolicy(
        data["name"], tuple(rules), data.get("source", ""), data.get("reevaluation_factor"), data.get("status", "in force")
    )


def record_from_dict(data: Mapping) -> ModelRecord:
    """Build and validate a :class:`ModelRecord` from a dict with the same field names.

    Examples
    --------
    >>> record_from_dict({"name": "m", "training_compute": 2e25, "scores": {"cbrn": 0.3}}).scores
    {'cbrn': 0.3}
    """
    if not isinstance(data, Mapping):
        raise ArgumentTypeError(f"data must be a dict describing a record; got {type(data).__name__}")
    allowed = ("name", "training_compute", "scores", "safeguards", "growth_since_evaluation")
    _reject_unknown(data, allowed, "record")
    for key in ("name", "training_compute"):
        if key not in data:
            raise ValueError(f"data (the record) is missing required key {key!r}")
    return ModelRecord(**data)
