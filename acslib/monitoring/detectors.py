"""Streaming change detectors: CUSUM, Page–Hinkley and ADWIN, with one interface.

Defined in Chapter 7, *Monitoring systems* (``chapters/07_monitoring_systems.ipynb``),
section *Watching a stream*. Every detector here

* turns a stream into a *statistic* with :meth:`StreamDetector.statistic` (vectorised:
  a 2-D array is many independent streams, one per row, each from a fresh start) and
  raises an alarm when the statistic exceeds :attr:`StreamDetector.threshold`;
* finds each row's first alarm with :meth:`StreamDetector.first_alarm` (for run lengths);
* runs over one stream and restarts after each alarm with :meth:`StreamDetector.run`;
* also works one observation at a time: :meth:`StreamDetector.update` returns ``True``
  on an alarm, and gives the same alarms as :meth:`StreamDetector.run`.

The detectors look for an *increase* in the mean (CUSUM and Page–Hinkley, one-sided) or
any change in the mean (ADWIN, two-sided). The chapter teaches the algorithms, so they are
written out here rather than taken from a library.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from typing import NamedTuple

import numpy as np
from scipy import special

from .._validation import (
    as_choice,
    as_count,
    as_float_array,
    as_int,
    as_probability,
    as_rng,
    as_scalar,
    check_broadcastable,
    check_total_size,
    finite_result,
)

__all__ = [
    "StreamDetector",
    "CUSUM",
    "PageHinkley",
    "ADWIN",
    "DetectionResult",
    "shifted_streams",
    "cusum_arl",
    "cusum_run_lengths",
    "cusum_arl_markov",
    "MarkovARL",
    "bernoulli_streams",
    "adwin_epsilon",
    "SIEGMUND_CORRECTION",
    "MAX_OBSERVATION",
    "MAX_STREAM",
    "MAX_RUN_LENGTH",
    "MAX_SIMULATED",
    "MAX_STATES",
    "MAX_MARKOV_ARL",
]

#: Siegmund's correction added to the CUSUM threshold, ``b = h + 1.166`` (in σ units).
SIEGMUND_CORRECTION = 1.166
#: Largest magnitude of an observation (squares and running sums of up to 10**8 of them stay finite).
MAX_OBSERVATION = 1e150
#: Longest stream :func:`shifted_streams` draws (and most values in all its streams).
MAX_STREAM = 50_000_000
#: Longest run :func:`cusum_run_lengths` simulates before giving up.
MAX_RUN_LENGTH = 10**8
#: Most observations :func:`cusum_run_lengths` is expected to simulate (n_runs × ARL).
MAX_SIMULATED = 10**8
#: Most states of the Brook–Evans chain in :func:`cusum_arl_markov`.
MAX_STATES = 2000
#: Longest ARL :func:`cusum_arl_markov` computes: beyond it the chain's linear system
#: loses too much precision in float64.
MAX_MARKOV_ARL = 1e9


def _observations(array, name):
    if array.size and np.abs(array).max() > MAX_OBSERVATION:
        raise ValueError(
            f"{name} must have magnitude at most 1e150 (:data:`MAX_OBSERVATION`), so that sums and "
            f"squares stay finite; got {np.abs(array).max():g}"
        )
    return array


def _observation(value):
    """One observation for ``update``: finite and at most MAX_OBSERVATION in magnitude."""
    value = as_scalar(value, "value")
    _observations(np.asarray(value), "value")
    return value


def _as_stream(stream, *, allow_batch=True):
    """Validate a stream: finite, non-empty, 1-D (or 2-D, one stream per row), bounded values."""
    array = _observations(as_float_array(stream, "stream"), "stream")
    if array.ndim == 0:
        raise ValueError("stream must be a sequence of observations; got a single number")
    if array.ndim > (2 if allow_batch else 1):
        allowed = "1-D or 2-D (one stream per row)" if allow_batch else "1-D"
        raise ValueError(f"stream must be {allowed}; got shape {array.shape}")
    if array.shape[-1] == 0:
        raise ValueError("stream must not be empty")
    return array


class DetectionResult(NamedTuple):
    """Outcome of :meth:`StreamDetector.run` on one stream.

    Its fields are ``alarms``, the 0-based indices of the observations at which an alarm
    fired; ``statistic``, the detector's statistic after each observation (restarted
    after each alarm); and ``threshold``, the value the statistic had to exceed.
    """

    alarms: np.ndarray
    statistic: np.ndarray
    threshold: float

    @property
    def first_alarm(self):
        """Index of the first alarm, or ``None`` if there was none."""
        return int(self.alarms[0]) if self.alarms.size else None


class StreamDetector(ABC):
    """Common interface of the streaming detectors (see the module docstring).

    Subclasses implement :meth:`statistic`, :attr:`threshold`, :meth:`reset`,
    :meth:`update` and, if a restart keeps part of the history, ``_restart``.
    """

    #: Short name used in figures and reports.
    name = "detector"

    @property
    @abstractmethod
    def threshold(self) -> float:
        """The value the statistic must exceed for an alarm."""

    @abstractmethod
    def statistic(self, stream) -> np.ndarray:
        """The detection statistic after each observation, from a fresh start."""

    @abstractmethod
    def reset(self) -> None:
        """Forget everything seen so far."""

    @abstractmethod
    def update(self, value) -> bool:
        """Take one observation; return ``True`` if it raises an alarm (then restart)."""

    def _restart(self, stream, start, alarm):
        """Where the window starts and where the search resumes after an alarm."""
        return alarm + 1, alarm + 1

    def first_alarm(self, stream) -> np.ndarray:
        """Index of the first alarm in each stream (row), or ``-1`` if none.

        Parameters
        ----------
        stream : array_like
            One stream (1-D) or many (2-D, one per row).

        Returns
        -------
        numpy.ndarray or int
            An int for a 1-D stream, an integer array for a 2-D batch.
        """
        statistic = self.statistic(stream)
        hits = statistic > self.threshold
        first = np.where(hits.any(axis=-1), hits.argmax(axis=-1), -1)
        return int(first) if first.ndim == 0 else first

    def run(self, stream) -> DetectionResult:
        """Run over one stream, restarting after each alarm.

        The statistic is computed on growing chunks of the stream, so the cost stays close
        to one vectorised pass however many alarms there are.

        Parameters
        ----------
        stream : array_like
            A 1-D stream of observations.

        Returns
        -------
        DetectionResult
        """
        stream = _as_stream(stream, allow_batch=False)
        length = stream.size
        path = np.empty(length)
        alarms = []
        start = position = 0
        while position < length:
            chunk = 64
            while True:
                end = min(length, position + chunk)
                values = self.statistic(stream[start:end])[position - start:]
                hits = np.flatnonzero(values > self.threshold)
                if hits.size or end == length:
                    break
                chunk *= 4
            if not hits.size:
                path[position:end] = values
                break
            alarm = position + int(hits[0])
            path[position:alarm + 1] = values[:hits[0] + 1]
            alarms.append(alarm)
            start, position = self._restart(stream, start, alarm)
        return DetectionResult(np.asarray(alarms, dtype=int), path, self.threshold)

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self._parameters().items())
        return f"{type(self).__name__}({fields})"

    def _parameters(self) -> dict:
        return {}


class CUSUM(StreamDetector):
    """Page's one-sided cumulative-sum detector for an increase in the mean.

    ``S_t = max(0, S_{t-1} + (x_t - target) / sigma - k)``; alarm when ``S_t > h``.
    Vectorised through the identity ``S_t = C_t - min(0, min_{s<=t} C_s)``, where ``C`` is
    the cumulative sum of ``(x - target) / sigma - k``.

    Parameters
    ----------
    k : float
        Reference value (allowance) in σ units, non-negative; half the shift to detect.
    h : float
        Decision threshold in σ units, positive.
    target : float
        In-control mean.
    sigma : float
        In-control standard deviation, positive.

    Notes
    -----
    Defined in Chapter 7, section *Watching a stream*. Page (1954); ``k = 0.5`` and
    ``h = 4`` or ``5`` are the usual choices.

    Examples
    --------
    >>> detector = CUSUM(k=0.5, h=4.0)
    >>> detector.statistic([1.0, 2.0, -3.0, 1.5, 1.5, 1.5, 1.5])
    array([0.5, 2. , 0. , 1. , 2. , 3. , 4. ])
    >>> detector.run([0.0, 3.0, 3.0, 0.0, 3.0, 3.0]).alarms
    array([2, 5])
    >>> int(detector.first_alarm([0.0, 3.0, 3.0, 0.0]))
    2
    >>> [detector.update(x) for x in (3.0, 3.0)]  # one observation at a time
    [False, True]
    """

    name = "CUSUM"

    def __init__(self, k=0.5, h=4.0, *, target=0.0, sigma=1.0):
        self.k = as_scalar(k, "k", nonnegative=True)
        self.h = as_scalar(h, "h", positive=True)
        self.target = as_scalar(target, "target")
        self.sigma = as_scalar(sigma, "sigma", positive=True)
        self.reset()

    def _parameters(self):
        return dict(k=self.k, h=self.h, target=self.target, sigma=self.sigma)

    @property
    def threshold(self):
        return self.h

    def statistic(self, stream):
        stream = _as_stream(stream)
        with np.errstate(over="ignore", invalid="ignore"):
            cumulative = np.cumsum((stream - self.target) / self.sigma - self.k, axis=-1)
            value = cumulative - np.minimum(0.0, np.minimum.accumulate(cumulative, axis=-1))
        return finite_result(value, "stream, target, sigma", "the CUSUM of (x - target) / sigma - k")

    def reset(self):
        self.sum = 0.0

    def update(self, value):
        value = _observation(value)
        with np.errstate(over="ignore", invalid="ignore"):
            candidate = max(0.0, self.sum + (value - self.target) / self.sigma - self.k)
        finite_result(candidate, "value, target, sigma", "the CUSUM")  # checked before the state changes
        self.sum = candidate
        if self.sum > self.h:
            self.reset()
            return True
        return False


class PageHinkley(StreamDetector):
    """The Page–Hinkley test for an increase in the mean, against the running mean.

    ``m_T = sum_{t<=T} (x_t - xbar_t - delta)`` with ``xbar_t`` the mean of the first
    ``t`` observations; alarm when ``m_T - min_{t<=T} m_t > threshold``.

    Parameters
    ----------
    delta : float
        Magnitude of change tolerated, non-negative (in the stream's units).
    threshold : float
        Alarm threshold λ, positive.

    Notes
    -----
    Defined in Chapter 7, section *Watching a stream*. Unlike CUSUM it needs no
    in-control mean: it compares each observation with the mean so far.

    Examples
    --------
    >>> detector = PageHinkley(delta=0.0, threshold=1.0)
    >>> detector.statistic([0.0, 0.0, 2.0, 2.0]).round(3)  # running means 0, 0, 2/3, 1
    array([0.   , 0.   , 1.333, 2.333])
    >>> detector.first_alarm([0.0, 0.0, 2.0, 2.0])
    2
    >>> detector.run([0.0, 0.0, 2.0, 2.0]).alarms
    array([2])
    >>> [detector.update(x) for x in (0.0, 0.0, 2.0)]
    [False, False, True]
    """

    name = "Page–Hinkley"

    def __init__(self, delta=0.25, threshold=10.0):
        self.delta = as_scalar(delta, "delta", nonnegative=True)
        self.lam = as_scalar(threshold, "threshold", positive=True)
        self.reset()

    def _parameters(self):
        return dict(delta=self.delta, threshold=self.lam)

    @property
    def threshold(self):
        return self.lam

    def statistic(self, stream):
        stream = _as_stream(stream)
        count = np.arange(1, stream.shape[-1] + 1)
        running_mean = np.cumsum(stream, axis=-1) / count
        m = np.cumsum(stream - running_mean - self.delta, axis=-1)
        return m - np.minimum.accumulate(m, axis=-1)

    def reset(self):
        self.count = 0
        self.mean = 0.0
        self.m = 0.0
        self.m_min = np.inf

    def update(self, value):
        value = _observation(value)
        count = self.count + 1
        mean = self.mean + (value - self.mean) / count
        m = self.m + value - mean - self.delta
        finite_result(m, "value", "the Page–Hinkley sum")  # checked before the state changes
        self.count, self.mean, self.m, self.m_min = count, mean, m, min(self.m_min, m)
        if self.m - self.m_min > self.lam:
            self.reset()
            return True
        return False


def adwin_epsilon(n0, n1, delta, variance=None):
    """ADWIN's cut threshold for two adjacent sub-windows of sizes ``n0`` and ``n1``.

    Without ``variance``, the conservative Hoeffding form for observations in [0, 1]:
    ``eps = sqrt(ln(4 / delta') / (2 m))``. With ``variance`` (of the whole window), the
    sharper threshold the paper gives for use in practice: ``eps = sqrt(2 variance ln(2 /
    delta') / m) + 2 ln(2 / delta') / (3 m)``. The paper justifies it by a normal
    approximation to the difference of the two means, the second term protecting small
    windows; it has the shape of Bernstein's inequality, hence the name "Bernstein form"
    in this module, but it is not a finite-sample guarantee. Here ``m = 1 / (1/n0 +
    1/n1)`` (half the harmonic mean) and ``delta' = delta / (n0 + n1)``.

    Parameters
    ----------
    n0, n1 : array_like
        Sizes of the older and the newer sub-window, at least 1 each.
    delta : float
        Confidence parameter, strictly between 0 and 1 (0.002 is the common default).
    variance : array_like, optional
        Variance of the observations in the window, non-negative.

    Returns
    -------
    numpy.ndarray
        The threshold, broadcast over the inputs.

    Notes
    -----
    Defined in Chapter 7, section *Watching a stream* (Bifet & Gavaldà 2007).

    Examples
    --------
    >>> round(float(adwin_epsilon(100, 100, 0.002)), 4)  # m = 50, delta' = 1e-5
    0.3592
    >>> round(float(adwin_epsilon(100, 100, 0.002, variance=1.0)), 4)
    0.8615
    """
    n0 = as_float_array(n0, "n0")
    n1 = as_float_array(n1, "n1")
    if (n0 < 1).any():
        raise ValueError(f"n0 must be at least 1; got {n0.min():g}")
    if (n1 < 1).any():
        raise ValueError(f"n1 must be at least 1; got {n1.min():g}")
    delta = as_probability(delta, "delta", open_interval=True)
    if variance is not None:
        variance = as_float_array(variance, "variance", nonnegative=True)
        check_broadcastable(n0=n0, n1=n1, delta=delta, variance=variance)
    else:
        check_broadcastable(n0=n0, n1=n1, delta=delta)
    return finite_result(_epsilon(n0, n1, delta, variance), "n0, n1, delta, variance", "the threshold")


def _epsilon(older, newer, delta, variance):
    """ADWIN's threshold, with ln(1 / delta') = ln(n0 + n1) - ln(delta) taken in log space."""
    with np.errstate(over="ignore", invalid="ignore"):
        harmonic = 1.0 / (1.0 / older + 1.0 / newer)
        log_size = np.log(older + newer) - np.log(delta)  # ln(1 / delta'), delta' = delta / (n0 + n1)
        if variance is None:
            return np.sqrt((np.log(4.0) + log_size) / (2.0 * harmonic))
        log_term = np.log(2.0) + log_size
        return np.sqrt(2.0 * variance * log_term / harmonic) + 2.0 * log_term / (3.0 * harmonic)


class ADWIN(StreamDetector):
    """ADWIN: an adaptive window that drops its old part when the two parts differ.

    The window holds everything since the last cut. After each observation, ADWIN splits
    the window into an older part ``W0`` and a newer part ``W1`` and raises an alarm
    (a *cut*) when ``|mean(W0) - mean(W1)|`` exceeds :func:`adwin_epsilon`; it then drops
    the older part, repeatedly, until no split differs. As in ADWIN2's exponential
    histogram, the splits checked are those where ``W1`` holds the newest 1, 2, 4, 8, ...
    observations, so a step costs ``O(log n)``.

    The statistic reported is the largest ratio ``|mean(W0) - mean(W1)| / eps`` over the
    splits; the threshold is 1.

    Parameters
    ----------
    delta : float
        Confidence parameter, strictly between 0 and 1.
    bound : {"bernstein", "hoeffding"}
        ``"hoeffding"`` is the conservative bound for observations in [0, 1];
        ``"bernstein"`` uses the window's variance (the paper's practical threshold, see
        :func:`adwin_epsilon`) and suits streams of small variance or unbounded ones, for
        which its false-alarm probability is supported by simulation, not by a theorem.

    Notes
    -----
    Defined in Chapter 7, section *Watching a stream* (Bifet & Gavaldà 2007). ADWIN is
    two-sided: it reacts to a fall in the mean as well as a rise.

    **Differences from river.** This implementation follows the paper's theorem:
    ``delta' = delta / n`` for a window of ``n`` observations, and the splits at the
    newest 1, 2, 4, ... observations, checked after every observation. ``river.drift.ADWIN``
    (river 0.26) follows ADWIN2 as implemented in MOA: ``delta' = delta / ln n``, a smaller
    threshold; the split points of its exponential-histogram buckets; and a check only
    every ``clock`` observations (32 by default). On the chapter's streams (20 streams for
    each of seeds 0–9, δ = 0.002, a change at step 1,000) river's default detects a
    Bernoulli 0.2 → 0.5 change about 1.5× sooner and an N(0, 1) → N(1, 1) change about
    as fast, and river with ``clock=1`` detects both about 1.6–1.8× sooner than this class
    (see :data:`acslib.figures.monitoring_systems.RIVER_ADWIN_DELAYS`).

    Examples
    --------
    >>> stream = np.r_[np.zeros(50), np.ones(50)]
    >>> detector = ADWIN(delta=0.002, bound="hoeffding")
    >>> detector.first_alarm(stream)  # 50 zeros, then the newest 8 ones: |0 - 1| > eps = 0.92
    57
    >>> detector.run(stream).alarms
    array([57])
    >>> [detector.update(x) for x in stream][57]  # one observation at a time: the same alarm
    True
    """

    name = "ADWIN"

    def __init__(self, delta=0.002, bound="bernstein"):
        self.delta = float(as_probability(delta, "delta", open_interval=True))
        self.bound = as_choice(bound, "bound", ("bernstein", "hoeffding"))
        self.reset()

    def _parameters(self):
        return dict(delta=self.delta, bound=self.bound)

    @property
    def threshold(self):
        return 1.0

    def statistic(self, stream):
        stream = _as_stream(stream)
        length = stream.shape[-1]
        zeros = np.zeros(stream.shape[:-1] + (1,))
        sums = np.concatenate([zeros, np.cumsum(stream, axis=-1)], axis=-1)
        squares = np.concatenate([zeros, np.cumsum(stream * stream, axis=-1)], axis=-1)
        size = np.arange(1, length + 1, dtype=float)  # window size after each observation
        total = sums[..., 1:]
        if self.bound == "bernstein":
            variance = np.maximum(squares[..., 1:] / size - (total / size) ** 2, 0.0)
        else:
            variance = None
        ratio = np.zeros(stream.shape)
        newer = 1
        while newer < length:
            # Windows of size > newer: positions newer .. length - 1 (0-based).
            window_size = size[newer:]
            older = window_size - newer
            older_sum = sums[..., 1:length - newer + 1]
            mean_old = older_sum / older
            mean_new = (total[..., newer:] - older_sum) / newer
            eps = _epsilon(older, float(newer), self.delta, None if variance is None else variance[..., newer:])
            np.maximum(ratio[..., newer:], np.abs(mean_old - mean_new) / eps, out=ratio[..., newer:])
            newer *= 2
        return ratio

    def _violations(self, window):
        """Sizes of the newer sub-windows whose split violates the bound, for one window."""
        size = window.size
        newer = 2 ** np.arange(int(np.floor(np.log2(size - 1))) + 1) if size > 1 else np.array([], dtype=int)
        if newer.size == 0:
            return newer
        older = size - newer
        sums = np.cumsum(window[::-1])  # sums of the newest j + 1 observations
        newer_sum = sums[newer - 1]
        mean_new = newer_sum / newer
        mean_old = (sums[-1] - newer_sum) / older
        variance = float(window.var()) if self.bound == "bernstein" else None
        eps = _epsilon(older.astype(float), newer.astype(float), self.delta, variance)
        return newer[np.abs(mean_old - mean_new) > eps]

    def _shrink(self, window):
        """Drop the oldest observations until no split violates the bound."""
        while True:
            violating = self._violations(window)
            if not violating.size:
                return window
            window = window[window.size - int(violating.max()):]

    def _restart(self, stream, start, alarm):
        kept = self._shrink(stream[start:alarm + 1])
        return alarm + 1 - kept.size, alarm + 1

    def reset(self):
        # The window since the last cut, kept in buffers that double when full, with its
        # running sums and sums of squares, so that an update costs O(log n) amortised
        # (np.append would copy the whole window at every step: quadratic in the stream).
        self._values = np.empty(64)
        self._sums = np.zeros(65)  # _sums[i]: sum of the oldest i values of the window
        self._squares = np.zeros(65)
        self._size = 0

    @property
    def window(self) -> np.ndarray:
        """The observations since the last cut, oldest first (a copy)."""
        return self._values[:self._size].copy()

    def _alarm_now(self, size, total, squares):
        """Whether the window of ``size`` values, last prefix sums given, violates a split.

        The same arithmetic as :meth:`statistic` (forward prefix sums, variance from the
        sums of squares), so that :meth:`update` and :meth:`run` agree.
        """
        if size < 2:
            return False
        newer = 2 ** np.arange(int(np.floor(np.log2(size - 1))) + 1)
        older = size - newer
        older_sum = self._sums[older]
        mean_old = older_sum / older
        mean_new = (total - older_sum) / newer
        if self.bound == "bernstein":
            variance = max(squares / size - (total / size) ** 2, 0.0)
        else:
            variance = None
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            eps = _epsilon(older.astype(float), newer.astype(float), self.delta, variance)
            ratio = np.abs(mean_old - mean_new) / eps
        return bool((ratio > 1.0).any())

    def _load(self, window):
        """Replace the state by ``window`` (after a cut): buffers and prefix sums anew."""
        capacity = max(64, 2 * window.size)
        self._values = np.empty(capacity)
        self._values[:window.size] = window
        self._sums = np.zeros(capacity + 1)
        self._squares = np.zeros(capacity + 1)
        np.cumsum(window, out=self._sums[1:window.size + 1])
        np.cumsum(window * window, out=self._squares[1:window.size + 1])
        self._size = window.size

    def update(self, value):
        """Take one observation; ``True`` on a cut (then the older part is dropped).

        Costs ``O(log n)`` for a window of ``n`` observations (amortised: the buffers
        double when full). The whole window is kept, so memory grows with the time since
        the last cut; ADWIN2's exponential histogram would keep ``O(log n)`` buckets.
        """
        value = _observation(value)  # validated before the window changes
        size = self._size + 1
        with np.errstate(over="ignore", invalid="ignore"):
            total = self._sums[self._size] + value
            squares = self._squares[self._size] + value * value
        finite_result(np.asarray([total, squares]), "value", "the window's running sums")
        if size >= self._values.size:  # grow before writing, so a failure leaves the state intact
            self._grow()
        self._values[self._size] = value
        self._sums[size] = total
        self._squares[size] = squares
        self._size = size
        if self._alarm_now(size, total, squares):
            self._load(self._shrink(self._values[:size].copy()))
            return True
        return False

    def _grow(self):
        capacity = 2 * self._values.size
        values = np.empty(capacity)
        values[:self._size] = self._values[:self._size]
        sums = np.zeros(capacity + 1)
        sums[:self._size + 1] = self._sums[:self._size + 1]
        squares = np.zeros(capacity + 1)
        squares[:self._size + 1] = self._squares[:self._size + 1]
        self._values, self._sums, self._squares = values, sums, squares


def shifted_streams(length, onset, shift, *, n_streams=None, noise_sd=1.0, seed=None):
    """Gaussian streams whose mean jumps from 0 to ``shift`` at index ``onset``.

    Parameters
    ----------
    length : int
        Observations per stream, 1 to 50,000,000 (:data:`MAX_STREAM`).
    onset : int
        Index of the first shifted observation, between 0 and ``length`` (``length``
        means no shift within the stream).
    shift : float
        Size of the jump in the mean, in the stream's units.
    n_streams : int, optional
        Number of independent streams; ``None`` returns one 1-D stream. At most
        50,000,000 values in all (``n_streams × length``).
    noise_sd : float
        Standard deviation of the noise, positive, at most 1e100 (as is ``|shift|``).
    seed : int, numpy.random.Generator or None
        Randomness.

    Returns
    -------
    numpy.ndarray
        Shape ``(length,)`` or ``(n_streams, length)``.

    Notes
    -----
    Defined in Chapter 7, section *Watching a stream*.

    Examples
    --------
    >>> shifted_streams(6, onset=3, shift=5.0, noise_sd=1e-9, seed=0).round(3) + 0.0
    array([0., 0., 0., 5., 5., 5.])
    """
    length = as_count(length, "length", cap=MAX_STREAM)
    onset = as_int(onset, "onset", minimum=0)
    if onset > length:
        raise ValueError(f"onset must be at most length ({length}); got {onset}")
    shift = as_scalar(shift, "shift")
    noise_sd = as_scalar(noise_sd, "noise_sd", positive=True)
    if max(abs(shift), noise_sd) > 1e100:
        raise ValueError("shift, noise_sd must be at most 1e100 in magnitude (the stream would overflow)")
    if n_streams is None:
        shape = (length,)
    else:
        n_streams = as_count(n_streams, "n_streams", cap=MAX_STREAM)
        check_total_size("n_streams × length", n_streams * length, MAX_STREAM, "values")
        shape = (n_streams, length)
    rng = as_rng(seed)
    mean = np.where(np.arange(length) >= onset, shift, 0.0)
    return mean + noise_sd * rng.standard_normal(shape)


def cusum_arl(k, h, shift):
    """Siegmund's approximation to the average run length of a one-sided CUSUM.

    ``ARL = (exp(-2 D b) + 2 D b - 1) / (2 D^2)`` with ``D = shift - k`` and
    ``b = h + 1.166``, all in σ units; at ``D = 0`` the limit is ``b^2``. With
    ``shift = 0`` it is the in-control ARL (the mean time to a false alarm); with the
    shift to be detected, the out-of-control ARL (the mean detection delay from a
    fresh start).

    Parameters
    ----------
    k : array_like
        Reference value, non-negative.
    h : array_like
        Decision threshold, positive.
    shift : array_like
        True shift of the mean in σ units (0 when in control).

    Returns
    -------
    numpy.ndarray
        The approximate ARL in observations, broadcast over the inputs.

    Notes
    -----
    Defined in Chapter 7, section *How long until an alarm*. Siegmund (1985); the
    approximation is within a few per cent of exact values for ``h`` of 3 or more.

    Examples
    --------
    >>> cusum_arl(0.5, [4.0, 5.0], 0.0).round(1)
    array([338.1, 938.2])
    >>> float(cusum_arl(0.5, 4.0, 1.0).round(2))
    8.34
    """
    k = as_float_array(k, "k", nonnegative=True)
    h = as_float_array(h, "h", positive=True)
    shift = as_float_array(shift, "shift")
    check_broadcastable(k=k, h=h, shift=shift)
    return finite_result(_siegmund_arl(k, h, shift), "k, h, shift",
                         "the average run length (an in-control run this long never ends in practice)")


def _siegmund_arl(k, h, shift):
    """Siegmund's ARL by cases, so that no branch overflows: +inf where the ARL itself does."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        drift = shift / 2.0 - k / 2.0  # D / 2, so that shift - k cannot overflow
        b = h + SIEGMUND_CORRECTION
        x = -4.0 * drift * b  # -2 D b
        small = np.abs(x) < 1e-4
        safe = np.where(small | (drift == 0), 1.0, drift)
        general = (np.expm1(np.where(np.abs(x) <= 30.0, x, 0.0)) - np.where(np.abs(x) <= 30.0, x, 0.0)) / (8.0 * safe**2)
        # D > 0 far from zero: (e^x - 1 - x) / (2 D²) = (b - 1 / (2 D)) / D + e^x / (2 D²).
        fast = (b - 1.0 / (4.0 * safe)) / (2.0 * safe) + np.exp(np.minimum(x, 0.0)) / (8.0 * safe**2)
        # D < 0 far from zero: the ARL grows like e^x / (2 D²); in log space.
        log_slow = x + np.log1p(-(1.0 + x) * np.exp(-np.abs(x))) - np.log(8.0) - 2.0 * np.log(np.abs(safe))
        slow = np.exp(log_slow)
        # Series of (e^x - 1 - x) / (2 D^2) with x = -2 D b: b^2 (1 + x/3 + x^2/12 + ...)
        series = b**2 * (1.0 + x / 3.0 + x**2 / 12.0)
        return np.where(small, series, np.where(x < -30.0, fast, np.where(x > 30.0, slow, general)))


def cusum_run_lengths(k, h, shift, n_runs, *, seed=None, chunk=512, max_length=10**7):
    """Simulated run lengths of a one-sided CUSUM on N(shift, 1) observations.

    Each run starts at ``S = 0`` and ends at the first ``S_t > h``; the run length is that
    ``t`` (counting from 1). Runs are simulated together, ``chunk`` observations at a time,
    carrying each run's sum across chunks, so long in-control runs cost little memory.

    Parameters
    ----------
    k, h : float
        CUSUM parameters in σ units (see :class:`CUSUM`).
    shift : float
        Mean of the observations in σ units.
    n_runs : int
        Number of runs, 1 to 10,000,000.
    seed : int, numpy.random.Generator or None
        Randomness.
    chunk : int
        Observations simulated per step, 1 to 1,000,000; ``n_runs × chunk`` is at most
        50,000,000 values.
    max_length : int
        Give up (raise) if a run is longer than this; 1 to 10**8 (:data:`MAX_RUN_LENGTH`).

    Before simulating, the expected work is bounded with :func:`cusum_arl`: settings
    whose Siegmund ARL exceeds ``max_length``, or whose ``n_runs × ARL`` exceeds 10**8
    observations (:data:`MAX_SIMULATED`, a few seconds), are rejected at once instead of running for
    minutes (an in-control CUSUM with a negative shift has an astronomically long ARL).

    Returns
    -------
    numpy.ndarray
        Integer run lengths, one per run.

    Notes
    -----
    Defined in Chapter 7, section *How long until an alarm*; compared there with
    :func:`cusum_arl`.

    Examples
    --------
    >>> lengths = cusum_run_lengths(0.5, 4.0, 1.0, 2000, seed=0)
    >>> round(float(lengths.mean()), 1)
    8.4
    """
    detector = CUSUM(k, h)
    shift = as_scalar(shift, "shift")
    n_runs = as_count(n_runs, "n_runs", cap=10_000_000)
    chunk = as_count(chunk, "chunk", cap=1_000_000)
    max_length = as_count(max_length, "max_length", cap=MAX_RUN_LENGTH)
    check_total_size("n_runs × chunk", n_runs * chunk, MAX_STREAM, "values per step")
    arl = float(_siegmund_arl(np.asarray(detector.k), np.asarray(detector.h), np.asarray(shift)))
    if not arl <= max_length:
        raise ValueError(
            f"shift, k, h: the expected run length (Siegmund's ARL, {arl:.3g} observations) exceeds "
            f"max_length ({max_length:,}); the runs would almost never end"
        )
    check_total_size("n_runs × ARL(shift, k, h)", n_runs * arl, MAX_SIMULATED, "observations (the expected work)")
    rng = as_rng(seed)
    lengths = np.zeros(n_runs, dtype=np.int64)
    running = np.arange(n_runs)
    start_sum = np.zeros(n_runs)
    elapsed = 0
    while running.size:
        if elapsed >= max_length:
            raise ValueError(f"max_length reached: {running.size} runs had no alarm in {max_length} steps")
        steps = rng.standard_normal((running.size, chunk)) + shift - detector.k
        cumulative = np.cumsum(steps, axis=1)
        # S_t = C_t - min(-S_0, min_{s<=t} C_s) carries each run's sum into the chunk.
        sums = cumulative - np.minimum(-start_sum[:, None], np.minimum.accumulate(cumulative, axis=1))
        hits = sums > detector.h
        alarmed = hits.any(axis=1)
        lengths[running[alarmed]] = elapsed + hits[alarmed].argmax(axis=1) + 1
        start_sum = sums[~alarmed, -1]
        running = running[~alarmed]
        elapsed += chunk
    return lengths


class MarkovARL(NamedTuple):
    """Outcome of :func:`cusum_arl_markov`.

    Its fields are ``arl``, the average run length of the Brook–Evans chain with the
    requested number of states; ``error``, an estimate of that value's discretisation
    error (the chain converges like the square of the state width, so the change from a
    chain with half as many states, divided by about 3, estimates what is left); and
    ``extrapolated``, the Richardson extrapolation of the two chains, which removes the
    leading error term and is far closer to the exact ARL than ``arl``.
    """

    arl: np.ndarray
    error: np.ndarray
    extrapolated: np.ndarray


def _one_blas_thread():
    """Solve small systems on one BLAS thread where threadpoolctl is installed.

    On a busy machine a threaded LAPACK solve of a few hundred unknowns can take 100×
    longer than a single-threaded one; the result is the same either way.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - an optional speed-up
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _brook_evans(k, h, shift, n_states):
    """The chain's ARL from a zero start, for 1-D arrays k, h, shift of one length."""
    width = h / (n_states - 0.5)  # state 0 is [0, w/2); state j is [(j - 1/2) w, (j + 1/2) w)
    states = np.arange(n_states)
    upper = (states + 0.5)[None, None, :] * width[:, None, None]  # upper edge of each target state
    start = states[None, :, None] * width[:, None, None]  # representative value of each source state
    cdf = special.ndtr(upper - start + (k - shift)[:, None, None])  # P(S' below the edge | S = i w)
    transition = np.diff(cdf, axis=2, prepend=0.0)
    system = np.eye(n_states)[None] - transition
    return np.linalg.solve(system, np.ones((k.size, n_states, 1)))[:, 0, 0]


def cusum_arl_markov(k, h, shift, *, n_states=200):
    """The Brook–Evans Markov-chain ARL of a one-sided CUSUM, with its error estimate.

    Brook and Evans (1972) replace the continuous CUSUM sum on ``[0, h]`` by a Markov
    chain on ``n_states`` states: state 0 holds sums below ``w/2`` (including the atom at
    zero) and state ``j`` the sums within ``w/2`` of ``j w``, with ``w = h / (n_states -
    1/2)``; a sum above ``h`` is absorbing (the alarm). For N(shift, 1) observations the
    transition probabilities are differences of the normal CDF, and the ARL vector is
    ``(I - R)^(-1) 1``, where ``R`` is the transition matrix among the non-alarm states.
    The ARL from a zero start converges to the exact value as ``w**2``, so the function
    also solves the chain with ``n_states // 2`` states and reports the difference as an
    error estimate, and the Richardson extrapolation of the two.

    Parameters
    ----------
    k : array_like
        Reference value, non-negative (σ units).
    h : array_like
        Decision threshold, positive (σ units).
    shift : array_like
        Mean of the observations in σ units (0 when in control).
    n_states : int
        States of the finer chain, 20 to 2,000 (:data:`MAX_STATES`). The work grows as
        ``n_states**3`` per setting; broadcast inputs hold at most 1,000 settings.

    Returns
    -------
    MarkovARL
        ``arl``, ``error`` and ``extrapolated``, broadcast over the inputs (floats for
        scalar inputs).

    Notes
    -----
    Defined in Chapter 7, section *How long until an alarm*, where it is the precise
    reference that Siegmund's approximation and the simulation are compared with.
    Brook and Evans (1972). Settings whose ARL exceeds 1e9 (:data:`MAX_MARKOV_ARL`,
    judged by Siegmund's approximation) are rejected: the linear system then loses too
    much precision in float64.

    Examples
    --------
    >>> result = cusum_arl_markov(0.5, 5.0, 0.0)
    >>> round(float(result.arl), 2), round(float(result.error), 3)  # Siegmund: 938.22
    (930.75, 0.141)
    >>> round(float(result.extrapolated), 3)  # the integral equation's value: 930.887
    930.887
    >>> round(float(cusum_arl_markov(0.5, 4.0, 1.0).extrapolated), 3)
    8.383
    """
    k = as_float_array(k, "k", nonnegative=True)
    h = as_float_array(h, "h", positive=True)
    shift = as_float_array(shift, "shift")
    check_broadcastable(k=k, h=h, shift=shift)
    n_states = as_count(n_states, "n_states", cap=MAX_STATES, minimum=20)
    k, h, shift = np.broadcast_arrays(k, h, shift)
    shape = k.shape
    check_total_size("k, h, shift (broadcast)", k.size, 1000, "settings")
    approximate = _siegmund_arl(k, h, shift)
    if not (approximate <= MAX_MARKOV_ARL).all():
        raise ValueError(
            f"k, h, shift: the average run length would be about {np.max(approximate):.3g} observations "
            f"(Siegmund), more than 1e9 (MAX_MARKOV_ARL), where the chain loses its precision"
        )
    k, h, shift = (np.ravel(a).astype(float) for a in (k, h, shift))
    coarse_states = n_states // 2
    fine, coarse = np.empty(k.size), np.empty(k.size)
    batch = max(1, int(4_000_000 // n_states**2))  # about 32 MB of matrices at a time
    with _one_blas_thread():
        for first in range(0, k.size, batch):
            part = slice(first, first + batch)
            fine[part] = _brook_evans(k[part], h[part], shift[part], n_states)
            coarse[part] = _brook_evans(k[part], h[part], shift[part], coarse_states)
    ratio = ((n_states - 0.5) / (coarse_states - 0.5)) ** 2  # error ∝ w², w = h / (n - 1/2)
    error = np.abs(fine - coarse) / (ratio - 1.0)
    extrapolated = (ratio * fine - coarse) / (ratio - 1.0)
    results = [finite_result(np.reshape(a, shape), "k, h, shift", "the chain's average run length")
               for a in (fine, error, extrapolated)]
    if not shape:
        results = [float(a) for a in results]
    return MarkovARL(*results)


def bernoulli_streams(length, onset, before, after, *, n_streams=None, seed=None):
    """0/1 streams whose success probability jumps from ``before`` to ``after`` at ``onset``.

    A stream of flags (a classifier flagged the output, a user reported it) is the
    bounded case ADWIN's Hoeffding bound was made for.

    Parameters
    ----------
    length : int
        Observations per stream, 1 to 50,000,000 (:data:`MAX_STREAM`).
    onset : int
        Index of the first observation with probability ``after``, between 0 and ``length``.
    before, after : float
        Success probabilities before and from the onset, in [0, 1].
    n_streams : int, optional
        Number of independent streams; ``None`` returns one 1-D stream. At most
        50,000,000 values in all.
    seed : int, numpy.random.Generator or None
        Randomness.

    Returns
    -------
    numpy.ndarray
        Floats 0.0 and 1.0, shape ``(length,)`` or ``(n_streams, length)``.

    Notes
    -----
    Defined in Chapter 7, section *Watching a stream* (ADWIN compared with river).

    Examples
    --------
    >>> bernoulli_streams(6, onset=3, before=0.0, after=1.0, seed=0)
    array([0., 0., 0., 1., 1., 1.])
    """
    length = as_count(length, "length", cap=MAX_STREAM)
    onset = as_int(onset, "onset", minimum=0)
    if onset > length:
        raise ValueError(f"onset must be at most length ({length}); got {onset}")
    before = float(as_probability(before, "before"))
    after = float(as_probability(after, "after"))
    if n_streams is None:
        shape = (length,)
    else:
        n_streams = as_count(n_streams, "n_streams", cap=MAX_STREAM)
        check_total_size("n_streams × length", n_streams * length, MAX_STREAM, "values")
        shape = (n_streams, length)
    rng = as_rng(seed)
    probability = np.where(np.arange(length) >= onset, after, before)
    return (rng.random(shape) < probability).astype(float)

