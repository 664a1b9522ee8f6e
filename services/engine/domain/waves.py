"""Wave triggers: drawdown levels from a trailing high that release shares of the reserve once."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from services.engine.domain.numbers import HUNDRED, ZERO, detail
from services.engine.domain.policy import Policy, WaveTrigger
from services.engine.domain.recommendation import InputValue, RuleFired
from services.engine.domain.snapshot import FiredWave, RunInputSnapshot


@dataclass(frozen=True)
class WaveDecision:
    """One sleeve's wave evaluation: levels still fired from before, levels firing now."""

    sleeve: str
    drawdown_pct: Decimal
    kept: tuple[Decimal, ...]  # fired earlier and not re-armed
    firing: tuple[Decimal, ...]  # fire in this run
    release: Decimal  # base-currency amount the firing levels release


@dataclass(frozen=True)
class WaveOutcome:
    decisions: tuple[WaveDecision, ...]
    rules: tuple[RuleFired, ...]

    def requested(self) -> dict[str, Decimal]:
        """Release requested per sleeve this run (only sleeves with firing levels)."""
        return {d.sleeve: d.release for d in self.decisions if d.firing}

    def state_after(self, placed_sleeves: set[str]) -> tuple[FiredWave, ...]:
        """Fired levels after the run: kept ones, plus firing ones whose wave line was placed."""
        out = [FiredWave(d.sleeve, lvl) for d in self.decisions for lvl in d.kept]
        out += [
            FiredWave(d.sleeve, lvl)
            for d in self.decisions
            if d.sleeve in placed_sleeves
            for lvl in d.firing
        ]
        return tuple(sorted(out, key=lambda w: (w.sleeve, w.drawdown_pct)))


def drawdown_pct(price: Decimal, high: Decimal) -> Decimal:
    """How far ``price`` is below ``high``, in percent (0 at or above the high)."""
    if high <= ZERO or price >= high:
        return ZERO
    return (high - price) * HUNDRED / high


def evaluate_waves(snapshot: RunInputSnapshot, policy: Policy) -> WaveOutcome:
    """Evaluate every trigger against the reference listing's price and trailing high."""
    prices = {q.listing_id: q.price for q in snapshot.prices}
    highs = {t.listing_id: t.price for t in snapshot.trailing_highs}
    decisions: list[WaveDecision] = []
    rules: list[RuleFired] = []
    for trigger in policy.wave_triggers:
        price, high = prices[trigger.reference_listing_id], highs[trigger.reference_listing_id]
        decision, fired = _decide(
            trigger, policy.reserve_amount, drawdown_pct(price, high), snapshot
        )
        decisions.append(decision)
        base: dict[str, InputValue] = {
            "reference_listing_id": trigger.reference_listing_id,
            "price": price,
            "trailing_high": high,
        }
        rules += [
            RuleFired(rule, trigger.sleeve, base | inputs, outcome)
            for rule, inputs, outcome in fired
        ]
    return WaveOutcome(tuple(decisions), tuple(rules))


def _decide(
    trigger: WaveTrigger, reserve: Decimal, drawdown: Decimal, snapshot: RunInputSnapshot
) -> tuple[WaveDecision, list[tuple[str, dict[str, InputValue], str]]]:
    levels = {lvl.drawdown_pct for lvl in trigger.levels}
    # Levels the current policy no longer has are forgotten rather than blocking the run.
    before = tuple(
        sorted(
            w.drawdown_pct
            for w in snapshot.wave_state
            if w.sleeve == trigger.sleeve and w.drawdown_pct in levels
        )
    )
    notes: list[tuple[str, dict[str, InputValue], str]] = []
    if drawdown <= trigger.rearm_at_drawdown_pct:
        if before:
            notes.append(
                (
                    "wave_rearmed",
                    {
                        "drawdown_pct": detail(drawdown),
                        "rearm_at_drawdown_pct": trigger.rearm_at_drawdown_pct,
                    },
                    "recovered: every level re-armed",
                )
            )
        return WaveDecision(trigger.sleeve, drawdown, (), (), ZERO), notes
    firing: list[Decimal] = []
    release = ZERO
    for level in trigger.levels:
        if drawdown < level.drawdown_pct:
            continue
        inputs: dict[str, InputValue] = {
            "drawdown_pct": detail(drawdown),
            "level_pct": level.drawdown_pct,
            "release_pct": level.release_pct,
            "reserve": reserve,
        }
        if level.drawdown_pct in before:
            notes.append(
                ("wave_already_fired", inputs, "fired in an earlier run; waits for recovery")
            )
            continue
        amount = reserve * level.release_pct / HUNDRED
        firing.append(level.drawdown_pct)
        release += amount
        notes.append(
            (
                "wave_fired",
                inputs | {"release": detail(amount)},
                "releases its share of the reserve into the sleeve",
            )
        )
    return WaveDecision(trigger.sleeve, drawdown, before, tuple(firing), release), notes
