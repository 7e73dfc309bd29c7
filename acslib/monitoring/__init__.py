"""Monitoring systems: drift statistics, streaming detectors, auditing and escalation.

Defined in Chapter 7, *Monitoring systems* (``chapters/07_monitoring_systems.ipynb``).

=====================================  ===============================================================
submodule                              what it computes
=====================================  ===============================================================
:mod:`acslib.monitoring.drift`         PSI and the two-sample Kolmogorov–Smirnov test
:mod:`acslib.monitoring.detectors`     CUSUM, Page–Hinkley, ADWIN; Siegmund's and Brook–Evans's ARL
:mod:`acslib.monitoring.auditing`      audit sample sizes and long-term audit programmes
:mod:`acslib.monitoring.escalation`    the normal → watch → incident → halt protocol
=====================================  ===============================================================
"""

from .drift import (
    PSI_MODERATE,
    PSI_SIGNIFICANT,
    KSResult,
    bin_shares,
    ks_critical_value,
    ks_statistic,
    ks_two_sample,
    psi,
    psi_reading,
    quantile_bin_edges,
)
from .detectors import (
    ADWIN,
    CUSUM,
    SIEGMUND_CORRECTION,
    DetectionResult,
    PageHinkley,
    StreamDetector,
    MarkovARL,
    adwin_epsilon,
    bernoulli_streams,
    cusum_arl,
    cusum_arl_markov,
    cusum_run_lengths,
    shifted_streams,
)

__all__ = [
    "PSI_MODERATE",
    "PSI_SIGNIFICANT",
    "KSResult",
    "bin_shares",
    "ks_critical_value",
    "ks_statistic",
    "ks_two_sample",
    "psi",
    "psi_reading",
    "quantile_bin_edges",
    "ADWIN",
    "CUSUM",
    "SIEGMUND_CORRECTION",
    "DetectionResult",
    "PageHinkley",
    "StreamDetector",
    "MarkovARL",
    "adwin_epsilon",
    "bernoulli_streams",
    "cusum_arl",
    "cusum_arl_markov",
    "cusum_run_lengths",
    "shifted_streams",
]

from .auditing import (
    AuditProgramme,
    audit_sample_size,
    detection_probability,
    failure_rate_upper_bound,
    simulate_audit_programme,
)
from .escalation import (
    LEVELS,
    EscalationProtocol,
    EscalationReport,
    escalation_states,
    escalation_transitions,
    simulate_escalation,
)

__all__ += [
    "AuditProgramme",
    "audit_sample_size",
    "detection_probability",
    "failure_rate_upper_bound",
    "simulate_audit_programme",
    "LEVELS",
    "EscalationProtocol",
    "EscalationReport",
    "escalation_states",
    "escalation_transitions",
    "simulate_escalation",
]
